import { noAllowAllPeers, noEgressToAnyAddress } from '../../src/index.js';
import { testRule } from './tester.js';

/** Builds a NetworkPolicy for the api pods of clinic with the given spec lines after podSelector. */
function policy(body: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: clinic
spec:
  podSelector:
    matchLabels: {app: api}
${body.trimEnd()}
`;
}

testRule(noAllowAllPeers, {
  valid: [
    {
      name: 'peers of one namespace',
      code: policy(
        '  ingress:\n    - from:\n        - podSelector: {}\n      ports:\n        - port: 8080',
      ),
    },
    {
      name: 'namespaces picked by name',
      code: policy(
        '  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: gateway}',
      ),
    },
    {
      name: 'every namespace but some pods',
      code: policy(
        '  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels: {app: prometheus}',
      ),
    },
    {
      name: 'ingress rules that policyTypes ignores',
      code: policy(
        '  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {}\n  ingress:\n    - {}',
      ),
    },
    {
      name: 'egress to every address',
      code: policy('  egress:\n    - to:\n        - ipBlock: {cidr: 0.0.0.0/0}'),
    },
    {
      name: 'default deny',
      code: policy('  policyTypes: [Ingress, Egress]'),
    },
  ],
  invalid: [
    {
      name: 'rule without from',
      code: policy('  ingress:\n    - ports:\n        - port: 8080'),
      findings: [
        {
          message:
            'Ingress rule has no from list, so it allows every source, every pod and every address, on TCP 8080.',
          position: [10, 7, 10, 12],
        },
      ],
    },
    {
      name: 'empty rule',
      code: policy('  ingress:\n    - {}'),
      findings: [
        {
          message:
            'Ingress rule has no from list, so it allows every source, every pod and every address, on every port.',
          position: [10, 7, 10, 9],
        },
      ],
    },
    {
      name: 'empty to list',
      code: policy(
        '  egress:\n    - to: []\n      ports:\n        - {protocol: UDP, port: 53}\n        - {protocol: SCTP}',
      ),
      findings: [
        {
          message:
            'Egress rule has an empty to list, so it allows every destination, every pod and every address, on UDP 53, every SCTP port.',
          position: [10, 7, 10, 9],
        },
      ],
    },
    {
      name: 'every namespace',
      code: policy(
        '  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector: {}',
      ),
      findings: [
        {
          message:
            'Peer with namespaceSelector: {} and no pod restriction matches every pod of every namespace, so the ingress rule allows all of them on every port.',
          position: [11, 11, 11, 28],
        },
      ],
    },
    {
      name: 'ingress from every address',
      code: policy(
        '  ingress:\n    - from:\n        - ipBlock:\n            cidr: ::/0\n      ports:\n        - port: 443',
      ),
      findings: [
        {
          message:
            'Ingress from ipBlock "::/0" allows every external address as a source on TCP 443; list the address ranges that need access, such as a load balancer\'s.',
          position: [12, 19, 12, 23],
        },
      ],
    },
  ],
});

testRule(noEgressToAnyAddress, {
  valid: [
    {
      name: 'egress to one range',
      code: policy(
        '  egress:\n    - to:\n        - ipBlock: {cidr: 203.0.113.0/24}\n      ports:\n        - port: 443',
      ),
    },
    {
      name: 'ingress from every address',
      code: policy('  ingress:\n    - from:\n        - ipBlock: {cidr: 0.0.0.0/0}'),
    },
    {
      name: 'egress rules that policyTypes ignores',
      code: policy(
        '  policyTypes: [Ingress]\n  egress:\n    - to:\n        - ipBlock: {cidr: 0.0.0.0/0}',
      ),
    },
  ],
  invalid: [
    {
      name: 'egress to every IPv4 address',
      code: policy(
        '  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except: [10.0.0.0/8]\n      ports:\n        - port: 443',
      ),
      findings: [
        {
          message:
            'Egress to ipBlock "0.0.0.0/0" allows connections to every address on TCP 443; list the address ranges the workload needs.',
          position: [12, 19, 12, 28],
        },
      ],
    },
    {
      name: 'egress to every address on every port',
      code: policy(
        '  egress:\n    - to:\n        - ipBlock: {cidr: "::/0"}\n        - ipBlock: {cidr: 0.0.0.0/0}',
      ),
      findings: [
        {
          message:
            'Egress to ipBlock "::/0" allows connections to every address on every port; list the address ranges the workload needs.',
          position: [11, 27, 11, 33],
        },
        {
          message:
            'Egress to ipBlock "0.0.0.0/0" allows connections to every address on every port; list the address ranges the workload needs.',
          position: [12, 27, 12, 36],
        },
      ],
    },
  ],
});
