import { noUnconfinedApparmor } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noUnconfinedApparmor, {
  valid: [
    {
      name: 'RuntimeDefault and Localhost profiles',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            appArmorProfile:
              type: RuntimeDefault
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                appArmorProfile:
                  type: Localhost
                  localhostProfile: k8s-app
      `,
    },
    {
      name: 'runtime/default annotation',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: runtime/default
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'Unconfined profile of a container',
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
                appArmorProfile:
                  type: Unconfined # the profile blocked mount
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.appArmorProfile.type to "Unconfined"; set it to "RuntimeDefault" or "Localhost".',
          position: [11, 17, 11, 27], // "Unconfined"
          suggestions: [
            {
              description: 'Use the RuntimeDefault AppArmor profile',
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
                          appArmorProfile:
                            type: RuntimeDefault # the profile blocked mount
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'unconfined annotation',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: unconfined
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'Annotation "container.apparmor.security.beta.kubernetes.io/app" is set to "unconfined"; set it to "runtime/default" or "localhost/<profile>", or remove it.',
          position: [6, 57, 6, 67], // "unconfined"
        },
      ],
    },
  ],
});
