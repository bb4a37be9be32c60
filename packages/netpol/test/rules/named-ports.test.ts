import { noUndefinedNamedPorts } from '../../src/index.js';
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
          ports:
            - {name: http, containerPort: 8080}
            - {name: metrics, containerPort: 9090, protocol: UDP}
`;

/** Builds a NetworkPolicy of clinic for the api pods with the given rules. */
function policy(rules: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: clinic
spec:
  podSelector:
    matchLabels: {app: api}
${rules}`;
}

const join = (...documents: string[]): string => documents.join('---\n');

testRule(noUndefinedNamedPorts, {
  valid: [
    {
      name: 'named port of the selected pods',
      code: join(API, policy('  ingress:\n    - ports:\n        - port: http\n')),
    },
    {
      name: 'egress in incomplete manifests',
      code: join(
        API,
        policy(
          '  egress:\n    - to:\n        - podSelector: {}\n      ports:\n        - port: grpc\n',
        ),
      ),
    },
    {
      name: 'policy that selects no pod',
      code: join(
        API,
        policy('  ingress:\n    - ports:\n        - port: grpc\n').replace(
          '{app: api}',
          '{app: web}',
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'name without container port',
      code: join(
        API,
        policy('  ingress:\n    - ports:\n        - port: grpc\n        - port: http\n'),
      ),
      findings: [
        {
          message:
            'Named port "grpc" for TCP is defined by none of the pods this policy selects ("api"), so the rule allows nothing on it.',
          position: [30, 17, 30, 21],
        },
      ],
    },
    {
      name: 'name with another protocol',
      code: join(API, policy('  ingress:\n    - ports:\n        - port: metrics\n')),
      findings: [
        {
          message:
            'Named port "metrics" for TCP is defined by none of the pods this policy selects ("api"), so the rule allows nothing on it. They define "metrics" for UDP only.',
          position: [30, 17, 30, 24],
        },
      ],
    },
    {
      name: 'egress to pods of a described namespace',
      completeManifests: true,
      code: join(
        NAMESPACE,
        API,
        policy(
          '  egress:\n    - to:\n        - podSelector: {}\n      ports:\n        - {port: web, protocol: TCP}\n',
        ),
      ),
      findings: [
        {
          message:
            'Named port "web" for TCP is defined by none of the destination pods ("api"), so the rule allows nothing on it.',
          position: [37, 18, 37, 21],
        },
      ],
    },
    {
      name: 'named port to an ipBlock',
      code: join(
        API,
        policy(
          '  egress:\n    - to:\n        - ipBlock: {cidr: 203.0.113.0/24}\n      ports:\n        - port: https\n',
        ),
      ),
      findings: [
        {
          message:
            'Named port "https" never matches an ipBlock destination, because only pods have named ports; use a port number.',
          position: [32, 17, 32, 22],
        },
      ],
    },
  ],
});
