import {
  noIgnoredPolicyRules,
  noInvalidNetworkPolicies,
  noMisleadingNetworkPolicies,
} from '../../src/index.js';
import { testRule } from './tester.js';

/** Builds a NetworkPolicy of clinic with the given spec. */
function policy(spec: string, name = 'api'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: clinic
spec:
${spec}`;
}

testRule(noInvalidNetworkPolicies, {
  valid: [
    {
      name: 'valid peers and ports',
      code: policy(
        '  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n        - namespaceSelector: {}\n      ports:\n        - {port: 8000, endPort: 8100}\n        - {port: http}\n',
      ),
    },
    {
      name: 'Deployment without name',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  namespace: clinic\nspec: {}\n',
    },
  ],
  invalid: [
    {
      name: 'ipBlock with selector in one peer',
      code: policy(
        '  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: 10.0.0.0/8}\n          podSelector: {}\n',
      ),
      findings: [
        {
          message:
            'A peer with ipBlock must not also set podSelector; put the podSelector in a separate peer of the same from list.',
          position: [11, 11, 11, 22],
        },
      ],
    },
    {
      name: 'except outside cidr',
      code: policy(
        '  podSelector: {}\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 10.0.0.0/16\n            except: [10.1.0.0/24]\n',
      ),
      findings: [
        {
          message: 'Except entry "10.1.0.0/24" must be a strict subset of cidr "10.0.0.0/16".',
          position: [12, 22, 12, 33],
        },
      ],
    },
    {
      name: 'endPort without numeric port',
      code: policy(
        '  podSelector: {}\n  ingress:\n    - ports:\n        - {protocol: TCP, endPort: 9000}\n',
      ),
      findings: [
        {
          message: 'endPort needs a numeric port as the start of the range.',
          position: [10, 27, 10, 34],
        },
      ],
    },
    {
      name: 'port out of range',
      code: policy('  podSelector: {}\n  ingress:\n    - ports:\n        - port: 70000\n'),
      findings: [
        {
          message: 'Port 70000 must be a number from 1 to 65535 or a port name.',
          position: [10, 17, 10, 22],
        },
      ],
    },
    {
      name: 'malformed selector and unknown operator',
      code: policy(
        '  podSelector:\n    matchLabels: [app]\n  ingress:\n    - from:\n        - podSelector:\n            matchExpressions:\n              - {key: app, operator: Equals, values: [api]}\n',
      ),
      findings: [
        {
          message: 'matchLabels must be a mapping of label keys to values, not ["app"].',
          position: [8, 5, 8, 16],
        },
        {
          message: 'Selector operator "Equals" is not one of In, NotIn, Exists, DoesNotExist.',
          position: [13, 38, 13, 44],
        },
      ],
    },
    {
      name: 'invalid CIDR',
      code: policy(
        '  podSelector: {}\n  egress:\n    - to:\n        - ipBlock: {cidr: 10.0.0.300/8}\n',
      ),
      findings: [
        {
          message:
            'CIDR "10.0.0.300/8" is invalid: its address part is not an IPv4 or IPv6 address.',
          position: [10, 27, 10, 39],
        },
      ],
    },
  ],
});

testRule(noMisleadingNetworkPolicies, {
  valid: [
    {
      name: 'canonical CIDR',
      code: policy(
        '  podSelector: {}\n  egress:\n    - to:\n        - ipBlock: {cidr: 10.0.0.0/8}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'CIDR with host bits',
      code: policy(
        '  podSelector: {}\n  egress:\n    - to:\n        - ipBlock: {cidr: 10.0.0.1/8}\n',
      ),
      findings: [
        {
          message:
            'CIDR "10.0.0.1/8" is not canonical and means 10.0.0.0/8; write 10.0.0.0/8, because strict API server validation rejects this form.',
          position: [10, 27, 10, 37],
          fix: {
            description: 'Write the CIDR as 10.0.0.0/8',
            output: policy(
              '  podSelector: {}\n  egress:\n    - to:\n        - ipBlock: {cidr: 10.0.0.0/8}\n',
            ),
          },
        },
      ],
    },
    {
      name: 'unknown field in a peer',
      code: policy(
        '  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n          namespace: billing\n',
      ),
      findings: [
        {
          message:
            'Peer field "namespace" is unknown; the API server drops it, so it does not restrict the peer.',
          position: [11, 11, 11, 20],
        },
      ],
    },
    {
      name: 'two policies with one name',
      code: `${policy('  podSelector: {}\n  policyTypes: [Ingress]\n')}---\n${policy('  podSelector: {}\n  policyTypes: [Egress]\n')}`,
      findings: [
        {
          message:
            'NetworkPolicy clinic/api is defined more than once; only the last definition is analyzed.',
          position: [13, 9, 13, 12],
        },
      ],
    },
  ],
});

testRule(noIgnoredPolicyRules, {
  valid: [
    {
      name: 'rules of listed types',
      code: policy(
        '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - {}\n  egress:\n    - {}\n',
      ),
    },
    {
      name: 'egress rules without policyTypes',
      code: policy('  podSelector: {}\n  egress:\n    - {}\n'),
    },
  ],
  invalid: [
    {
      name: 'ingress rules of an egress policy',
      code: policy(
        '  podSelector: {}\n  policyTypes: [Egress]\n  ingress:\n    - from:\n        - podSelector: {}\n',
      ),
      findings: [
        {
          message:
            'The ingress rules have no effect because spec.policyTypes does not list Ingress; add Ingress to policyTypes or remove the rules.',
          position: [9, 3, 9, 10],
          suggestions: [
            {
              description: 'Add Ingress to spec.policyTypes',
              output: policy(
                '  podSelector: {}\n  policyTypes: [Egress, Ingress]\n  ingress:\n    - from:\n        - podSelector: {}\n',
              ),
            },
            {
              description: 'Remove spec.ingress',
              output: policy('  podSelector: {}\n  policyTypes: [Egress]\n'),
            },
          ],
        },
      ],
    },
  ],
});
