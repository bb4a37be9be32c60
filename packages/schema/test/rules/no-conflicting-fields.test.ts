import { noConflictingFields } from '../../src/index.js';
import { yaml } from '../helpers.js';
import { testRule } from './tester.js';

testRule(noConflictingFields, {
  valid: [
    {
      name: 'separate peers',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: db
        spec:
          podSelector: {}
          ingress:
            - from:
                - ipBlock:
                    cidr: 172.17.0.0/16
                - namespaceSelector:
                    matchLabels: {project: example}
                  podSelector:
                    matchLabels: {role: frontend}
      `,
    },
    {
      name: 'empty value beside valueFrom',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              env:
                - name: PASSWORD
                  value: ""
                  valueFrom:
                    secretKeyRef: {name: db, key: password}
      `,
    },
  ],
  invalid: [
    {
      name: 'ipBlock with a namespaceSelector in one peer',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: db
        spec:
          podSelector: {}
          ingress:
            - from:
                - ipBlock:
                    cidr: 172.17.0.0/16
                  namespaceSelector:
                    matchLabels: {project: example}
      `,
      findings: [
        {
          message:
            'NetworkPolicyPeer at spec.ingress[0].from[0] sets "namespaceSelector" together with "ipBlock"; the API server rejects a peer that combines an ipBlock with a selector, so split them into separate peers, which the policy then allows in addition to each other.',
          position: [11, 11, 11, 28],
        },
      ],
    },
    {
      name: 'two volume types and two probe handlers',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          volumes:
            - name: data
              emptyDir: {}
              hostPath:
                path: /var/data
          containers:
            - name: app
              image: registry.example.com/app:1.0
              readinessProbe:
                httpGet: {path: /ready, port: 8080}
                tcpSocket: {port: 8080}
      `,
      findings: [
        {
          message:
            'Volume at spec.volumes[0] sets "hostPath" together with "emptyDir"; the API server accepts one volume type per volume, so split it into separate volumes.',
          position: [9, 7, 9, 15],
        },
        {
          message:
            'Probe at spec.containers[0].readinessProbe sets "tcpSocket" together with "httpGet"; the API server accepts one handler type per probe, so keep only one.',
          position: [16, 9, 16, 18],
        },
      ],
    },
    {
      name: 'port name and number',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
        spec:
          defaultBackend:
            service:
              name: web
              port: {name: http, number: 80}
      `,
      findings: [
        {
          message:
            'ServiceBackendPort at spec.defaultBackend.service.port sets "number" together with "name"; the API server rejects a port with both a name and a number, so keep only one.',
          position: [9, 26, 9, 32],
        },
      ],
    },
  ],
});
