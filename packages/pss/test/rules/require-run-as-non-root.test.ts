import { requireRunAsNonRoot } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(requireRunAsNonRoot, {
  valid: [
    {
      name: 'pod-level runAsNonRoot',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'runAsNonRoot on every container',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
            - name: setup
              image: registry.example.com/setup:1.0
              securityContext:
                runAsNonRoot: true
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext: {runAsNonRoot: true}
      `,
    },
    {
      name: 'user namespace from v1.35',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostUsers: false
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'pod-level false overridden by the containers',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsNonRoot: false # the image runs as root
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                runAsNonRoot: true
      `,
      findings: [
        {
          message: 'The pod sets securityContext.runAsNonRoot to false; set it to true.',
          position: [7, 19, 7, 24], // "false"
          suggestions: [
            {
              description: 'Set securityContext.runAsNonRoot to true',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    securityContext:
                      runAsNonRoot: true # the image runs as root
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        securityContext:
                          runAsNonRoot: true
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'container without runAsNonRoot',
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
                runAsUser: 1000
      `,
      findings: [
        {
          message:
            'Container "app" does not set securityContext.runAsNonRoot and does not inherit true from the pod; set runAsNonRoot to true on the container or the pod.',
          position: [9, 7, 9, 22], // "securityContext"
          suggestions: [
            {
              description: 'Set securityContext.runAsNonRoot to true',
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
                          runAsUser: 1000
                          runAsNonRoot: true
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'user namespace before v1.35',
      version: 'v1.34',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostUsers: false
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext: {runAsNonRoot: false}
      `,
      findings: [
        {
          message: 'Container "app" sets securityContext.runAsNonRoot to false; set it to true.',
          position: [10, 39, 10, 44], // "false"
          suggestions: [
            {
              description: 'Set securityContext.runAsNonRoot to true',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    hostUsers: false
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        securityContext: {runAsNonRoot: true}
                `,
            },
          ],
        },
      ],
    },
  ],
});
