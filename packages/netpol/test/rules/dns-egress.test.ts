import { requireDnsEgress } from '../../src/index.js';
import { testRule, yaml } from './tester.js';

const API = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    namespace: clinic
  spec:
    selector:
      matchLabels: {app: api}
    template:
      metadata:
        labels: {app: api}
      spec:
        containers:
          - name: api
            image: registry.example.com/api:1.0
`;

const DENY_ALL = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: default-deny-all
    namespace: clinic
  spec:
    podSelector: {}
    policyTypes: [Ingress, Egress]
`;

/** Builds an egress policy for every pod of clinic with the given rule. */
function egress(name: string, rule: string): string {
  const indented = rule
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: clinic
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
${indented}
`;
}

const KUBE_DNS_PEER = `
- to:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: kube-system}
      podSelector:
        matchLabels: {k8s-app: kube-dns}
`;

const MESSAGE =
  'Deployment "clinic/api" is isolated for egress by NetworkPolicy "default-deny-all", but no egress rule allows UDP port 53 to the cluster DNS (pods k8s-app=kube-dns in namespace "kube-system"), so every DNS lookup fails.';

const join = (...documents: string[]): string => documents.join('---\n');

testRule(requireDnsEgress, {
  valid: [
    {
      name: 'DNS policy beside default deny',
      code: join(
        API,
        DENY_ALL,
        egress(
          'allow-dns',
          `${KUBE_DNS_PEER}  ports:\n    - {protocol: UDP, port: 53}\n    - {protocol: TCP, port: 53}`,
        ),
      ),
    },
    {
      name: 'egress not isolated',
      code: join(API, DENY_ALL.replace('[Ingress, Egress]', '[Ingress]')),
    },
    {
      name: 'named DNS port of CoreDNS',
      code: join(
        API,
        DENY_ALL,
        egress('allow-dns', `${KUBE_DNS_PEER}  ports:\n    - {protocol: UDP, port: dns}`),
      ),
    },
    {
      name: 'every namespace on port 53',
      code: join(
        API,
        DENY_ALL,
        egress(
          'allow-dns',
          '- to:\n    - namespaceSelector: {}\n  ports:\n    - {protocol: UDP, port: 53}',
        ),
      ),
    },
    {
      name: 'egress to every destination',
      code: join(API, DENY_ALL, egress('allow-all', '- {}')),
    },
    {
      name: 'node-local DNS cache address',
      options: { 'require-dns-egress': { dnsAddresses: ['169.254.20.10'] } },
      code: join(
        API,
        DENY_ALL,
        egress(
          'allow-dns',
          '- to:\n    - ipBlock: {cidr: 169.254.20.10/32}\n  ports:\n    - {protocol: UDP, port: 53}',
        ),
      ),
    },
    {
      name: 'DNS server of another name',
      options: { 'require-dns-egress': { dnsNamespace: 'dns', dnsPodLabels: { app: 'unbound' } } },
      code: join(
        API,
        DENY_ALL,
        egress(
          'allow-dns',
          '- to:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: dns}\n      podSelector:\n        matchLabels: {app: unbound}\n  ports:\n    - {protocol: UDP, port: 53}',
        ),
      ),
    },
    {
      name: 'exempt namespace',
      options: { 'require-dns-egress': { exempt: ['clinic'] } },
      code: join(API, DENY_ALL),
    },
  ],
  invalid: [
    {
      name: 'default deny without DNS',
      code: join(API, DENY_ALL),
      findings: [{ message: MESSAGE, position: [4, 9, 4, 12] }],
    },
    {
      name: 'DNS on TCP only',
      code: join(
        API,
        DENY_ALL,
        egress('allow-dns', `${KUBE_DNS_PEER}  ports:\n    - {protocol: TCP, port: 53}`),
      ),
      findings: [
        {
          message: MESSAGE.replace(
            'NetworkPolicy "default-deny-all"',
            'NetworkPolicies "allow-dns" and "default-deny-all"',
          ),
          position: [4, 9, 4, 12],
        },
      ],
    },
    {
      name: 'DNS pods of another namespace',
      code: join(
        API,
        DENY_ALL,
        egress(
          'allow-dns',
          '- to:\n    - podSelector:\n        matchLabels: {k8s-app: kube-dns}\n  ports:\n    - {protocol: UDP, port: 53}',
        ),
      ),
      findings: [
        {
          message: MESSAGE.replace(
            'NetworkPolicy "default-deny-all"',
            'NetworkPolicies "allow-dns" and "default-deny-all"',
          ),
          position: [4, 9, 4, 12],
        },
      ],
    },
    {
      name: 'named port that DNS pods lack',
      code: join(
        API,
        DENY_ALL,
        egress('allow-dns', `${KUBE_DNS_PEER}  ports:\n    - {protocol: UDP, port: domain}`),
      ),
      findings: [
        {
          message: MESSAGE.replace(
            'NetworkPolicy "default-deny-all"',
            'NetworkPolicies "allow-dns" and "default-deny-all"',
          ),
          position: [4, 9, 4, 12],
        },
      ],
    },
    {
      name: 'external DNS without dnsAddresses',
      code: join(
        API,
        DENY_ALL,
        egress(
          'allow-dns',
          '- to:\n    - ipBlock: {cidr: 169.254.20.10/32}\n  ports:\n    - {protocol: UDP, port: 53}',
        ),
      ),
      findings: [
        {
          message: MESSAGE.replace(
            'NetworkPolicy "default-deny-all"',
            'NetworkPolicies "allow-dns" and "default-deny-all"',
          ),
          position: [4, 9, 4, 12],
        },
      ],
    },
  ],
});
