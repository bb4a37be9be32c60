import { requireSeccompProfile } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(requireSeccompProfile, {
  valid: [
    {
      name: 'RuntimeDefault pod profile',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'Localhost container profile',
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
                seccompProfile:
                  type: Localhost
                  localhostProfile: profiles/app.json
      `,
    },
    {
      name: 'no profile at version v1.18',
      version: 'v1.18',
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
      name: 'two containers without a profile',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: registry.example.com/app:1.0
                - name: proxy # sidecar
                  image: registry.example.com/proxy:1.0
      `,
      findings: [
        {
          message:
            'Container "app" has no seccomp profile of its own and none allowed from the pod; set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" on the pod or the container.',
          position: [9, 17, 9, 20], // "app"
          fix: {
            description: 'Use the RuntimeDefault seccomp profile',
            output: yaml`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: registry.example.com/app:1.0
                        - name: proxy # sidecar
                          image: registry.example.com/proxy:1.0
                      securityContext:
                        seccompProfile:
                          type: RuntimeDefault
              `,
          },
        },
        {
          message:
            'Container "proxy" has no seccomp profile of its own and none allowed from the pod; set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" on the pod or the container.',
          position: [11, 17, 11, 22], // "proxy"
          fix: {
            description: 'Use the RuntimeDefault seccomp profile',
            output: yaml`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: registry.example.com/app:1.0
                        - name: proxy # sidecar
                          image: registry.example.com/proxy:1.0
                      securityContext:
                        seccompProfile:
                          type: RuntimeDefault
              `,
          },
        },
      ],
    },
    {
      name: 'Unconfined container profile',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                seccompProfile:
                  type: Unconfined
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.seccompProfile.type to "Unconfined"; set it to "RuntimeDefault" or "Localhost".',
          position: [14, 17, 14, 27], // "Unconfined"
          suggestions: [
            {
              description: 'Use the RuntimeDefault seccomp profile',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    securityContext:
                      seccompProfile:
                        type: RuntimeDefault
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        securityContext:
                          seccompProfile:
                            type: RuntimeDefault
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'Unconfined pod profile',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seccompProfile:
              type: Unconfined
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'The pod sets securityContext.seccompProfile.type to "Unconfined"; set it to "RuntimeDefault" or "Localhost".',
          position: [8, 13, 8, 23], // "Unconfined"
          suggestions: [
            {
              description: 'Use the RuntimeDefault seccomp profile',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    securityContext:
                      seccompProfile:
                        type: RuntimeDefault
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                `,
            },
          ],
        },
        {
          message:
            'Container "app" has no seccomp profile of its own and none allowed from the pod; set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" on the pod or the container.',
          position: [10, 13, 10, 16], // "app"
          suggestions: [
            {
              description: 'Use the RuntimeDefault seccomp profile',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    securityContext:
                      seccompProfile:
                        type: Unconfined
                    containers:
                      - name: app
                        image: registry.example.com/app:1.0
                        securityContext:
                          seccompProfile:
                            type: RuntimeDefault
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'container profile without a type',
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
                seccompProfile: {}
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.seccompProfile without a type; set type to "RuntimeDefault" or "Localhost".',
          position: [10, 9, 10, 23], // "seccompProfile"
          suggestions: [
            {
              description: 'Use the RuntimeDefault seccomp profile',
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
                          seccompProfile:
                            type: RuntimeDefault
                `,
            },
          ],
        },
      ],
    },
  ],
});
