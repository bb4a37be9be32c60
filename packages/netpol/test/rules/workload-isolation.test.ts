import { requireWorkloadIsolation } from '../../src/index.js';
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

const INGRESS_FOR_API = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: api-ingress
    namespace: clinic
  spec:
    podSelector:
      matchLabels: {app: api}
    ingress:
      - from:
          - podSelector: {}
`;

const join = (...documents: string[]): string => documents.join('---\n');

testRule(requireWorkloadIsolation, {
  valid: [
    { name: 'workload under default deny', code: join(API, DENY_ALL) },
    {
      name: 'egress not required by option',
      options: { 'require-workload-isolation': { directions: ['ingress'] } },
      code: join(API, INGRESS_FOR_API),
    },
    {
      name: 'exempt namespace',
      options: { 'require-workload-isolation': { exempt: ['clinic'] } },
      code: API,
    },
    {
      name: 'PodTemplate runs no pods',
      code: yaml`
        apiVersion: v1
        kind: PodTemplate
        metadata:
          name: api
          namespace: clinic
        template:
          metadata:
            labels: {app: api}
          spec:
            containers:
              - name: api
                image: registry.example.com/api:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'workload without any policy',
      code: API,
      findings: [
        {
          message:
            'Deployment "clinic/api" is selected by no NetworkPolicy, so it accepts connections from every pod and address and may connect to every pod and address.',
          position: [4, 9, 4, 12],
        },
      ],
    },
    {
      name: 'workload with an ingress policy only',
      code: join(API, INGRESS_FOR_API),
      findings: [
        {
          message:
            'Deployment "clinic/api" is selected by no egress NetworkPolicy, so it may connect to every pod and address.',
          position: [4, 9, 4, 12],
        },
      ],
    },
    {
      name: 'policy with labels of another workload',
      options: { 'require-workload-isolation': { directions: ['ingress'] } },
      code: join(API, INGRESS_FOR_API.replace('{app: api}', '{app: web}')),
      findings: [
        {
          message:
            'Deployment "clinic/api" is selected by no ingress NetworkPolicy, so it accepts connections from every pod and address.',
          position: [4, 9, 4, 12],
        },
      ],
    },
    {
      name: 'Pod of a ReplicaSet',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: api-7d9f-x2v4q
          namespace: clinic
          labels: {app: api}
          ownerReferences:
            - apiVersion: apps/v1
              kind: ReplicaSet
              name: api-7d9f
              uid: 0b6c1d1e-5a3e-4c59-9f43-1d2f0c7b8a11
              controller: true
        spec:
          containers:
            - name: api
              image: registry.example.com/api:1.0
      `,
      findings: [
        {
          message:
            'ReplicaSet "clinic/api-7d9f" is selected by no NetworkPolicy, so it accepts connections from every pod and address and may connect to every pod and address.',
          position: [4, 9, 4, 23],
        },
      ],
    },
  ],
});
