import { noUnsafeSysctls } from '../../src/rules/index.js';
import { yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(noUnsafeSysctls, {
  valid: [
    {
      name: 'safe sysctls',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            sysctls:
              - name: kernel.shm_rmid_forced
                value: "1"
              - name: net.ipv4.ip_local_port_range
                value: "1024 65535"
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
    {
      name: 'sysctl made safe in v1.37',
      level: 'baseline',
      version: 'v1.37',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            sysctls:
              - name: net.ipv4.tcp_notsent_lowat
                value: "16384"
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'unsafe sysctl',
      level: 'baseline',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            sysctls:
              - name: kernel.shm_rmid_forced
                value: "1"
              - name: kernel.msgmax # larger queues
                value: "65536"
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'The pod sets sysctl "kernel.msgmax", which is not on the list of safe sysctls at this policy version; remove it from securityContext.sysctls.',
          position: [10, 15, 10, 28], // "kernel.msgmax"
        },
      ],
    },
    {
      name: 'sysctl before it was made safe',
      level: 'baseline',
      version: 'v1.36',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            sysctls:
              - name: net.ipv4.tcp_notsent_lowat
                value: "16384"
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'The pod sets sysctl "net.ipv4.tcp_notsent_lowat", which is not on the list of safe sysctls at this policy version; remove it from securityContext.sysctls.',
          position: [8, 15, 8, 41], // "net.ipv4.tcp_notsent_lowat"
        },
      ],
    },
  ],
});
