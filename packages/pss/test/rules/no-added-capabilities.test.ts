import { noAddedCapabilities } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noAddedCapabilities, {
  valid: [
    {
      name: 'capabilities of the default set',
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
                capabilities:
                  add: [CHOWN, NET_BIND_SERVICE]
      `,
    },
    // At restricted the capabilities check of that level reports it (require-drop-all-capabilities).
    {
      name: 'capability at restricted level',
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
                  add: [SYS_ADMIN]
      `,
    },
  ],
  invalid: [
    {
      name: 'two capabilities in a block list',
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
                capabilities:
                  add:
                    - NET_ADMIN # traffic shaping
                    - SYS_TIME
      `,
      findings: [
        {
          message:
            'Container "app" adds capability "NET_ADMIN", which is outside the default set that baseline allows; remove it from securityContext.capabilities.add.',
          position: [12, 15, 12, 24], // "NET_ADMIN"
          suggestions: [
            {
              description: 'Remove "NET_ADMIN" from securityContext.capabilities.add',
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
                            add:
                              - SYS_TIME
                `,
            },
          ],
        },
        {
          message:
            'Container "app" adds capability "SYS_TIME", which is outside the default set that baseline allows; remove it from securityContext.capabilities.add.',
          position: [13, 15, 13, 23], // "SYS_TIME"
          suggestions: [
            {
              description: 'Remove "SYS_TIME" from securityContext.capabilities.add',
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
                            add:
                              - NET_ADMIN # traffic shaping
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'one capability in a flow list',
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
                capabilities:
                  add: ["SYS_ADMIN"]
      `,
      findings: [
        {
          message:
            'Container "app" adds capability "SYS_ADMIN", which is outside the default set that baseline allows; remove it from securityContext.capabilities.add.',
          position: [11, 17, 11, 28], // "\"SYS_ADMIN\""
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
                            add: []
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'only entry of a block list',
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
                capabilities:
                  add:
                    - SYS_PTRACE
      `,
      findings: [
        {
          message:
            'Container "app" adds capability "SYS_PTRACE", which is outside the default set that baseline allows; remove it from securityContext.capabilities.add.',
          position: [12, 15, 12, 25], // "SYS_PTRACE"
        },
      ],
    },
  ],
});
