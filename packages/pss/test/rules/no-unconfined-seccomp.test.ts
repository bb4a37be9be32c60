import { noUnconfinedSeccomp } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noUnconfinedSeccomp, {
  valid: [
    {
      name: 'RuntimeDefault profile',
      level: 'baseline',
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
      name: 'no profile at baseline level',
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
    // At restricted the seccomp check of that level reports it (require-seccomp-profile).
    {
      name: 'Unconfined at restricted level',
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
    },
  ],
  invalid: [
    {
      name: 'Unconfined pod profile',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seccompProfile:
              type: Unconfined # strace needs every call
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
                        type: RuntimeDefault # strace needs every call
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
      name: 'profile without a type',
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
    {
      name: 'unconfined annotation before v1.19',
      level: 'baseline',
      version: 'v1.18',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            seccomp.security.alpha.kubernetes.io/pod: unconfined
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'Annotation "seccomp.security.alpha.kubernetes.io/pod" is set to "unconfined"; set it to "runtime/default" or "localhost/<profile>", or remove it.',
          position: [6, 47, 6, 57], // "unconfined"
        },
      ],
    },
  ],
});
