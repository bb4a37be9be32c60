import { noUnmaskedProcMount } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noUnmaskedProcMount, {
  valid: [
    {
      name: 'Default proc mount',
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
                procMount: Default
      `,
    },
    {
      name: 'Unmasked in a user namespace at baseline',
      level: 'baseline',
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
              securityContext:
                procMount: Unmasked
      `,
    },
  ],
  invalid: [
    {
      name: 'Unmasked proc mount',
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
                procMount: Unmasked # nested containers
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.procMount to "Unmasked"; remove it or set it to "Default".',
          position: [10, 20, 10, 28], // "Unmasked"
          suggestions: [
            {
              description: 'Set procMount to Default',
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
                          procMount: Default # nested containers
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'Unmasked in a user namespace at restricted',
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
              securityContext:
                procMount: Unmasked
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.procMount to "Unmasked"; remove it or set it to "Default".',
          position: [11, 20, 11, 28], // "Unmasked"
          suggestions: [
            {
              description: 'Set procMount to Default',
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
                        securityContext:
                          procMount: Default
                `,
            },
          ],
        },
      ],
    },
  ],
});
