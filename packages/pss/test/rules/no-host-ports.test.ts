import { noHostPorts } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noHostPorts, {
  valid: [
    {
      name: 'container port only',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              ports:
                - containerPort: 8080
      `,
    },
    {
      name: 'host port 0',
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
              ports:
                - containerPort: 8080
                  hostPort: 0
      `,
    },
  ],
  invalid: [
    {
      name: 'host port in a block mapping',
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
              ports:
                - containerPort: 8080
                  hostPort: 8080 # reachable on the node
                  protocol: TCP
      `,
      findings: [
        {
          message:
            'Container "app" sets hostPort 8080 on ports[0]; remove hostPort or set it to 0, and reach the container through a Service instead.',
          position: [11, 21, 11, 25], // "8080"
          suggestions: [
            {
              description: 'Remove ports.hostPort',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        ports:
                          - containerPort: 8080
                            protocol: TCP
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'host port in a flow mapping',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
            - name: setup
              image: registry.example.com/setup:1.0
              ports:
                - {containerPort: 53, hostPort: 53, protocol: UDP}
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'Init container "setup" sets hostPort 53 on ports[0]; remove hostPort or set it to 0, and reach the container through a Service instead.',
          position: [10, 41, 10, 43], // "53"
          suggestions: [
            {
              description: 'Remove ports.hostPort',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    initContainers:
                      - name: setup
                        image: registry.example.com/setup:1.0
                        ports:
                          - {containerPort: 53, protocol: UDP}
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
