import { noWindowsHostProcess } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noWindowsHostProcess, {
  valid: [
    {
      name: 'host process set to false',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os:
            name: windows
          securityContext:
            windowsOptions:
              hostProcess: false
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'host process pod',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os:
            name: windows
          hostNetwork: true
          securityContext:
            windowsOptions:
              hostProcess: true # node agent
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'The pod sets securityContext.windowsOptions.hostProcess to true; remove it or set it to false.',
          position: [11, 20, 11, 24], // "true"
          suggestions: [
            {
              description: 'Set securityContext.windowsOptions.hostProcess to false',
              output: yaml`
                  apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                  spec:
                    os:
                      name: windows
                    hostNetwork: true
                    securityContext:
                      windowsOptions:
                        hostProcess: false # node agent
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
      name: 'host process container',
      level: 'baseline',
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
              securityContext:
                windowsOptions: {hostProcess: true}
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.windowsOptions.hostProcess to true; remove it or set it to false.',
          position: [12, 39, 12, 43], // "true"
          suggestions: [
            {
              description: 'Set securityContext.windowsOptions.hostProcess to false',
              output: yaml`
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
                        securityContext:
                          windowsOptions: {hostProcess: false}
                `,
            },
          ],
        },
      ],
    },
  ],
});
