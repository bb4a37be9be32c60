import { noUnmatchedPeerSelectors, noUnusedNetworkPolicies } from '../../src/index.js';
import { testRule } from './tester.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n';

const API = `apiVersion: apps/v1
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

/** Builds a NetworkPolicy of clinic with the given pod selector and rest of its spec. */
function policy(podSelector: string, rest = ''): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-ingress
  namespace: clinic
spec:
  podSelector: ${podSelector}
${rest}`;
}

const join = (...documents: string[]): string => documents.join('---\n');

testRule(noUnusedNetworkPolicies, {
  valid: [
    {
      name: 'selector of an existing workload',
      code: join(NAMESPACE, API, policy('{matchLabels: {app: api}}')),
    },
    { name: 'empty selector', code: join(NAMESPACE, API, policy('{}')) },
    {
      name: 'manifests not complete',
      code: join(NAMESPACE, API, policy('{matchLabels: {app: db}}')),
    },
    {
      name: 'namespace without workloads',
      completeManifests: true,
      code: join(NAMESPACE, policy('{matchLabels: {app: db}}')),
    },
    {
      name: 'invalid selector',
      code: join(
        NAMESPACE,
        API,
        policy('{matchExpressions: [{key: app, operator: Equals, values: [db]}]}'),
      ),
    },
  ],
  invalid: [
    {
      name: 'misspelled label',
      completeManifests: true,
      code: join(NAMESPACE, API, policy('{matchLabels: {app: apl}}')),
      findings: [
        {
          message:
            'NetworkPolicy "db-ingress" selects no pod: no workload of namespace "clinic" has labels that match podSelector app=apl.',
          position: [28, 3, 28, 14],
        },
      ],
    },
    {
      name: 'selector with expressions',
      completeManifests: true,
      code: join(
        API,
        policy('\n    matchExpressions:\n      - {key: app, operator: In, values: [db, cache]}'),
      ),
      findings: [
        {
          message:
            'NetworkPolicy "db-ingress" selects no pod: no workload of namespace "clinic" has labels that match podSelector app in (cache,db).',
          position: [23, 3, 23, 14],
        },
      ],
    },
  ],
});

const INGRESS_FROM = (peer: string): string => `  ingress:\n    - from:\n${peer}`;

testRule(noUnmatchedPeerSelectors, {
  valid: [
    {
      name: 'pods of the own namespace',
      code: join(
        NAMESPACE,
        API,
        policy('{}', INGRESS_FROM('        - podSelector:\n            matchLabels: {app: api}\n')),
      ),
    },
    {
      name: 'namespace outside the manifests',
      code: join(
        NAMESPACE,
        API,
        policy(
          '{}',
          INGRESS_FROM(
            '        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: monitoring}\n',
          ),
        ),
      ),
    },
    {
      name: 'built-in namespace in complete manifests',
      completeManifests: true,
      code: join(
        NAMESPACE,
        API,
        policy(
          '{}',
          INGRESS_FROM(
            '        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: kube-system}\n          podSelector:\n            matchLabels: {k8s-app: kube-dns}\n',
          ),
        ),
      ),
    },
    {
      name: 'pods of the own namespace in incomplete manifests',
      code: join(
        NAMESPACE,
        API,
        policy('{}', INGRESS_FROM('        - podSelector:\n            matchLabels: {app: web}\n')),
      ),
    },
    {
      name: 'peers of ignored rules',
      code: join(
        NAMESPACE,
        API,
        policy(
          '{}',
          `  policyTypes: [Egress]\n${INGRESS_FROM('        - podSelector:\n            matchLabels: {app: web}\n')}`,
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'pod selector of the own namespace',
      completeManifests: true,
      code: join(
        NAMESPACE,
        API,
        policy('{}', INGRESS_FROM('        - podSelector:\n            matchLabels: {app: web}\n')),
      ),
      findings: [
        {
          message:
            'podSelector app=web matches no pod of namespace "clinic", so this peer selects nothing.',
          position: [31, 11, 31, 22],
        },
      ],
    },
    {
      name: 'namespace selector in complete manifests',
      completeManifests: true,
      code: join(
        NAMESPACE,
        API,
        policy(
          '{}',
          INGRESS_FROM('        - namespaceSelector:\n            matchLabels: {team: payments}\n'),
        ),
      ),
      findings: [
        {
          message:
            'namespaceSelector team=payments matches no namespace of the manifests, so this peer selects nothing.',
          position: [31, 11, 31, 28],
        },
      ],
    },
    {
      name: 'pod selector of a named namespace',
      completeManifests: true,
      code: join(
        NAMESPACE,
        API,
        policy(
          '{}',
          `  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: clinic}\n          podSelector:\n            matchExpressions:\n              - {key: app, operator: NotIn, values: [api]}\n`,
        ),
      ),
      findings: [
        {
          message:
            'podSelector app notin (api) matches no pod of namespace "clinic", so this peer selects nothing.',
          position: [33, 11, 33, 22],
        },
      ],
    },
  ],
});
