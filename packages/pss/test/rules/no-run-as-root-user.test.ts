import { noRunAsRootUser } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noRunAsRootUser, {
  valid: [
    {
      name: 'non-zero user',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsUser: 1000
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'root user at baseline level',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsUser: 0
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'root user of the pod and a container',
      code: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              securityContext:
                runAsUser: 0 # the migration tool needs root
                runAsGroup: 0
              containers:
                - name: migrate
                  image: registry.example.com/migrate:1.0
                  securityContext:
                    runAsUser: 0
                    runAsNonRoot: false
      `,
      findings: [
        {
          message:
            'The pod sets securityContext.runAsUser to 0 (root); set it to a non-zero user ID or remove it.',
          position: [9, 20, 9, 21], // "0"
          suggestions: [
            {
              description: 'Remove securityContext.runAsUser',
              output: yaml`
                  apiVersion: batch/v1
                  kind: Job
                  metadata:
                    name: migrate
                  spec:
                    template:
                      spec:
                        securityContext:
                          runAsGroup: 0
                        containers:
                          - name: migrate
                            image: registry.example.com/migrate:1.0
                            securityContext:
                              runAsUser: 0
                              runAsNonRoot: false
                `,
            },
          ],
        },
        {
          message:
            'Container "migrate" sets securityContext.runAsUser to 0 (root); set it to a non-zero user ID or remove it.',
          position: [15, 24, 15, 25], // "0"
          suggestions: [
            {
              description: 'Remove securityContext.runAsUser',
              output: yaml`
                  apiVersion: batch/v1
                  kind: Job
                  metadata:
                    name: migrate
                  spec:
                    template:
                      spec:
                        securityContext:
                          runAsUser: 0 # the migration tool needs root
                          runAsGroup: 0
                        containers:
                          - name: migrate
                            image: registry.example.com/migrate:1.0
                            securityContext:
                              runAsNonRoot: false
                `,
            },
          ],
        },
      ],
    },
  ],
});
