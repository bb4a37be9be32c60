import { noCustomSelinuxOptions } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noCustomSelinuxOptions, {
  valid: [
    {
      name: 'container type and level',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seLinuxOptions:
              type: container_t
              level: "s0:c123,c456"
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'user and role of the pod',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seLinuxOptions:
              user: system_u
              role: system_r
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message: 'The pod sets securityContext.seLinuxOptions.user to "system_u"; remove it.',
          position: [8, 13, 8, 21], // "system_u"
        },
        {
          message: 'The pod sets securityContext.seLinuxOptions.role to "system_r"; remove it.',
          position: [9, 13, 9, 21], // "system_r"
        },
      ],
    },
    {
      name: 'spc_t type of a container',
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
                seLinuxOptions: {type: spc_t}
      `,
      findings: [
        {
          message:
            'Container "app" sets securityContext.seLinuxOptions.type to "spc_t"; remove it or use one of container_t, container_init_t, container_kvm_t, container_engine_t.',
          position: [10, 32, 10, 37], // "spc_t"
        },
      ],
    },
  ],
});
