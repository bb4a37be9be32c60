import { requireDropAllCapabilities } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(requireDropAllCapabilities, {
  valid: [
    {
      name: 'drop ALL and add NET_BIND_SERVICE',
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
                capabilities:
                  drop: [ALL]
                  add: [NET_BIND_SERVICE]
      `,
    },
    {
      name: 'no drop at baseline level',
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
    {
      name: 'no drop at version v1.21',
      version: 'v1.21',
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
      name: 'Windows pod',
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
  ],
  invalid: [
    {
      name: 'container without security context',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app # the API server
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'Container "app" does not drop "ALL" capabilities; add "ALL" to securityContext.capabilities.drop.',
          position: [7, 13, 7, 16], // "app"
          suggestions: [
            {
              description: 'Drop ALL capabilities',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    containers:
                      - name: app # the API server
                        image: registry.example.com/app:1.0
                        securityContext:
                          capabilities:
                            drop:
                              - ALL
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'drop list without ALL',
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
                capabilities:
                  drop:
                    - NET_RAW # no raw sockets
      `,
      findings: [
        {
          message:
            'Container "app" does not drop "ALL" capabilities; add "ALL" to securityContext.capabilities.drop.',
          position: [11, 11, 11, 15], // "drop"
          suggestions: [
            {
              description: 'Drop ALL capabilities',
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
                          capabilities:
                            drop:
                              - NET_RAW # no raw sockets
                              - ALL
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'lower-case all',
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
                capabilities:
                  drop: ["all"] # runtimes accept any case
      `,
      findings: [
        {
          message:
            'Container "app" drops "all", but the check accepts only the exact upper-case "ALL"; change it to "ALL".',
          position: [11, 18, 11, 23], // "\"all\""
          fix: {
            description: 'Write the capability as "ALL"',
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
                        capabilities:
                          drop: [ALL] # runtimes accept any case
              `,
          },
        },
      ],
    },
    {
      name: 'drop written as a string',
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
                capabilities:
                  drop: ALL
            - name: sidecar
              image: registry.example.com/sidecar:1.0
              securityContext:
                capabilities:
                  drop: NET_RAW
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.capabilities.drop to "ALL", which is not a list; set it to ["ALL"].',
          position: [11, 17, 11, 20], // "ALL"
          fix: {
            description: 'Write drop as the list ["ALL"]',
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
                        capabilities:
                          drop: [ALL]
                    - name: sidecar
                      image: registry.example.com/sidecar:1.0
                      securityContext:
                        capabilities:
                          drop: NET_RAW
              `,
          },
        },
        {
          message:
            'Container "sidecar" sets securityContext.capabilities.drop to "NET_RAW", which is not a list; set it to ["ALL"].',
          position: [16, 17, 16, 24], // "NET_RAW"
          suggestions: [
            {
              description: 'Drop ALL capabilities',
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
                          capabilities:
                            drop: ALL
                      - name: sidecar
                        image: registry.example.com/sidecar:1.0
                        securityContext:
                          capabilities:
                            drop: [ALL]
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'added capability',
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
                capabilities:
                  drop: [ALL]
                  add: [NET_BIND_SERVICE, SYS_ADMIN]
      `,
      findings: [
        {
          message:
            'Container "app" adds capability "SYS_ADMIN", but restricted allows adding only "NET_BIND_SERVICE"; remove it from securityContext.capabilities.add.',
          position: [12, 35, 12, 44], // "SYS_ADMIN"
          suggestions: [
            {
              description: 'Remove "SYS_ADMIN" from securityContext.capabilities.add',
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
                          capabilities:
                            drop: [ALL]
                            add: [NET_BIND_SERVICE]
                `,
            },
          ],
        },
      ],
    },
  ],
});
