import { noPrivilegeEscalation } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noPrivilegeEscalation, {
  valid: [
    {
      name: 'allowPrivilegeEscalation set to false',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                allowPrivilegeEscalation: false
      `,
    },
    {
      name: 'Windows pod from v1.25',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os:
            name: windows
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'missing at baseline level',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'container without security context',
      code: yaml`
        # API tier
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app # serves the API
                  image: registry.example.com/app:1.0
                  ports:
                    - containerPort: 8080
      `,
      findings: [
        {
          message:
            'Container "app" does not set securityContext.allowPrivilegeEscalation, which defaults to true; set it to false.',
          position: [10, 17, 10, 20], // "app"
          fix: {
            description: 'Set allowPrivilegeEscalation to false',
            output: yaml`
                # API tier
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: app # serves the API
                          image: registry.example.com/app:1.0
                          ports:
                            - containerPort: 8080
                          securityContext:
                            allowPrivilegeEscalation: false
              `,
          },
        },
      ],
    },
    {
      name: 'allowPrivilegeEscalation set to true',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                allowPrivilegeEscalation: true # sudo in the entrypoint
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.allowPrivilegeEscalation to true; set it to false.',
          position: [10, 35, 10, 39], // "true"
          fix: {
            description: 'Set allowPrivilegeEscalation to false',
            output: yaml`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                    - name: app
                      image: registry.example.com/app:1.0
                      securityContext:
                        allowPrivilegeEscalation: false # sudo in the entrypoint
              `,
          },
        },
      ],
    },
    {
      name: 'flow security context',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
            - name: setup
              image: registry.example.com/setup:1.0
              securityContext: {runAsNonRoot: true}
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                allowPrivilegeEscalation: false
      `,
      findings: [
        {
          message:
            'Init container "setup" does not set securityContext.allowPrivilegeEscalation, which defaults to true; set it to false.',
          position: [9, 7, 9, 22], // "securityContext"
          fix: {
            description: 'Set allowPrivilegeEscalation to false',
            output: yaml`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  initContainers:
                    - name: setup
                      image: registry.example.com/setup:1.0
                      securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}
                  containers:
                    - name: app
                      image: registry.example.com/app:1.0
                      securityContext:
                        allowPrivilegeEscalation: false
              `,
          },
        },
      ],
    },
  ],
});
