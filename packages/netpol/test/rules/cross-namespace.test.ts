import { noCrossNamespaceIngress } from '../../src/index.js';
import { testRule } from './tester.js';

const NAMESPACES = ['clinic', 'gateway', 'billing']
  .map(
    (name) =>
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {tier: ${name === 'billing' ? 'internal' : 'edge'}}\n`,
  )
  .join('---\n');

/** Builds a NetworkPolicy of clinic for the api pods with the given ingress peers. */
function policy(peers: string, namespace = 'clinic'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-ingress
  namespace: ${namespace}
spec:
  podSelector:
    matchLabels: {app: api}
  ingress:
${peers.trimEnd()}
`;
}

const ISOLATE_CLINIC = {
  'no-cross-namespace-ingress': { namespaces: ['clinic'], allowFrom: ['gateway'] },
};
const FROM_BILLING =
  '    - from:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: billing}';

testRule(noCrossNamespaceIngress, {
  valid: [
    { name: 'rule without configuration', code: policy(FROM_BILLING) },
    {
      name: 'allowed gateway namespace',
      options: ISOLATE_CLINIC,
      code: policy(
        '    - from:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: gateway}',
      ),
    },
    {
      name: 'pods of the own namespace',
      options: ISOLATE_CLINIC,
      code: policy(
        '    - from:\n        - podSelector: {}\n        - ipBlock: {cidr: 10.0.0.0/16}',
      ),
    },
    {
      name: 'namespace not isolated',
      options: ISOLATE_CLINIC,
      code: policy(FROM_BILLING, 'gateway'),
    },
    {
      name: 'label selector in complete manifests',
      options: ISOLATE_CLINIC,
      completeManifests: true,
      code: `${NAMESPACES}---\n${policy('    - from:\n        - namespaceSelector:\n            matchLabels: {tier: edge}')}`,
    },
  ],
  invalid: [
    {
      name: 'namespace picked by name',
      options: ISOLATE_CLINIC,
      code: policy(FROM_BILLING),
      findings: [
        {
          message:
            'Peer admits pods of namespace "billing" into isolated namespace "clinic"; only "clinic" and "gateway" may connect.',
          position: [11, 11, 11, 28],
        },
      ],
    },
    {
      name: 'namespaces picked by label',
      options: { 'no-cross-namespace-ingress': { namespaces: ['*'], allowFrom: ['gateway'] } },
      code: `${policy('    - from:\n        - namespaceSelector:\n            matchLabels: {tier: internal}\n        - namespaceSelector:\n            matchLabels: {tier: edge}')}---\n${NAMESPACES}`,
      findings: [
        {
          message:
            'Peer admits pods of namespace "billing" into isolated namespace "clinic"; only "clinic" and "gateway" may connect.',
          position: [11, 11, 11, 28],
        },
        {
          message:
            'Peer selects namespaces by labels, so pods of any namespace given those labels can connect to isolated namespace "clinic"; select "clinic" and "gateway" by kubernetes.io/metadata.name.',
          position: [13, 11, 13, 28],
        },
      ],
    },
    {
      name: 'rule without from',
      options: ISOLATE_CLINIC,
      code: policy('    - ports:\n        - port: 8080'),
      findings: [
        {
          message:
            'Ingress rule has no from list, so it admits pods of every namespace into isolated namespace "clinic"; only "clinic" and "gateway" may connect.',
          position: [10, 7, 10, 12],
        },
      ],
    },
    {
      name: 'every namespace',
      options: ISOLATE_CLINIC,
      code: `${NAMESPACES}---\n${policy('    - from:\n        - namespaceSelector: {}')}`,
      findings: [
        {
          message:
            'Peer admits pods of namespace "billing" into isolated namespace "clinic"; only "clinic" and "gateway" may connect.',
          position: [29, 11, 29, 28],
        },
      ],
    },
  ],
});
