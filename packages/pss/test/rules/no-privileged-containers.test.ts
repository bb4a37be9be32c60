import { noPrivilegedContainers } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noPrivilegedContainers, {
  valid: [
    {
      name: 'privileged set to false',
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
              securityContext:
                privileged: false
      `,
    },
    {
      name: 'privileged unset',
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
                readOnlyRootFilesystem: true
      `,
    },
  ],
  invalid: [
    {
      name: 'privileged container with a comment',
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
              securityContext:
                privileged: true # needs /dev/fuse
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.privileged to true; remove it or set it to false.',
          position: [10, 21, 10, 25], // "true"
          suggestions: [
            {
              description: 'Set securityContext.privileged to false',
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
                          privileged: false # needs /dev/fuse
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'privileged init container in flow style',
      code: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          template:
            spec:
              initContainers:
                - name: setup
                  image: registry.example.com/setup:1.0
                  securityContext: {privileged: true, runAsUser: 1000}
              containers:
                - name: db
                  image: registry.example.com/db:1.0
      `,
      findings: [
        {
          message:
            'Init container "setup" sets securityContext.privileged to true; remove it or set it to false.',
          position: [11, 41, 11, 45], // "true"
          suggestions: [
            {
              description: 'Set securityContext.privileged to false',
              output: yaml`
                  apiVersion: apps/v1
                  kind: StatefulSet
                  metadata:
                    name: db
                  spec:
                    template:
                      spec:
                        initContainers:
                          - name: setup
                            image: registry.example.com/setup:1.0
                            securityContext: {privileged: false, runAsUser: 1000}
                        containers:
                          - name: db
                            image: registry.example.com/db:1.0
                `,
            },
          ],
        },
      ],
    },
  ],
});
