import { noHostNamespaces } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noHostNamespaces, {
  valid: [
    {
      name: 'pod without host namespaces',
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
    {
      name: 'host namespaces set to false',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostNetwork: false
          hostPID: false
          hostIPC: false
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'host network at privileged level',
      level: 'privileged',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostNetwork: true
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'custom resource of kind Deployment',
      code: yaml`
        apiVersion: example.com/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              hostNetwork: true
      `,
    },
  ],
  invalid: [
    {
      name: 'host network with a comment',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostNetwork: true # the agent reads node traffic
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message: 'The pod sets hostNetwork to true; remove it or set it to false.',
          position: [6, 16, 6, 20],
          suggestions: [
            {
              description: 'Set hostNetwork to false',
              output: yaml`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  hostNetwork: false # the agent reads node traffic
                  containers:
                    - name: app
                      image: registry.example.com/app:1.0
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'host PID and IPC in a Deployment',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              hostPID: true
              hostIPC: true
              containers:
                - name: app
                  image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message: 'The pod sets hostPID to true; remove it or set it to false.',
          position: [8, 16, 8, 20],
          suggestions: [
            {
              description: 'Set hostPID to false',
              output: yaml`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      hostPID: false
                      hostIPC: true
                      containers:
                        - name: app
                          image: registry.example.com/app:1.0
              `,
            },
          ],
        },
        {
          message: 'The pod sets hostIPC to true; remove it or set it to false.',
          position: [9, 16, 9, 20],
          suggestions: [
            {
              description: 'Set hostIPC to false',
              output: yaml`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      hostPID: true
                      hostIPC: false
                      containers:
                        - name: app
                          image: registry.example.com/app:1.0
              `,
            },
          ],
        },
      ],
    },
  ],
});
