import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadObjects } from '@kubeharden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRegistry } from '../../src/registry.js';
import { run, Workspace } from '../helpers.js';
import {
  copyInsecure,
  describeFindings,
  everyRule,
  findingsOf,
  isMissingSchema,
  readTree,
} from './support.js';

/** Builds a Deployment with one container, labelled `app: <name>`. */
function deployment(
  name: string,
  namespace: string,
  image: string,
  ports: string,
  extra = '',
): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:${extra}
      containers:
        - name: main
          image: ${image}
          ports: ${ports}
`;
}

function service(name: string, namespace: string, ports: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app: ${name}
  ports: ${ports}
`;
}

// An Ingress to a Service with a named target port, a migration Job, a CloudNativePG Cluster,
// and the ingress-nginx controller with its own ServiceAccount and ClusterRoleBinding.
const RECORDS = [
  `apiVersion: v1
kind: Namespace
metadata:
  name: records
  labels:
    team: health
`,
  `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: records
spec:
  ingressClassName: nginx
  tls:
    - hosts: [records.example.com]
      secretName: records-tls
  rules:
    - host: records.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  name: http
`,
  service(
    'web',
    'records',
    '[{name: http, port: 80, targetPort: web-http}, {name: metrics, port: 9090, targetPort: 9090}]',
  ),
  deployment(
    'web',
    'records',
    'registry.example.com/web:1.0',
    '[{name: web-http, containerPort: 3000}, {containerPort: 9090}]',
  ),
  `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: records
spec:
  template:
    metadata:
      labels:
        app: migrate
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/migrate:1.0
`,
  `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: db
  namespace: records
spec:
  instances: 3
  storage:
    size: 10Gi
`,
  deployment(
    'ingress-nginx-controller',
    'ingress-nginx',
    'registry.k8s.io/ingress-nginx/controller:v1.11.0',
    '[{name: http, containerPort: 80}, {name: https, containerPort: 443}]',
    '\n      serviceAccountName: ingress-nginx',
  ),
  `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ingress-nginx
  namespace: ingress-nginx
`,
  `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ingress-nginx
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ingress-nginx
subjects:
  - kind: ServiceAccount
    name: ingress-nginx
    namespace: ingress-nginx
`,
].join('---\n');

// An HTTPRoute through a Gateway whose pods carry the GEP-1762 label, and a Bitnami PostgreSQL.
const SHOP = [
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: shop
spec:
  parentRefs:
    - name: public
      namespace: edge
  rules:
    - backendRefs:
        - name: shop
          port: 8443
`,
  service('shop', 'shop', '[{port: 8443, targetPort: 8443}]'),
  deployment('shop', 'shop', 'registry.example.com/shop:3', '[{containerPort: 8443}]'),
  deployment('orders-db', 'shop', 'docker.io/bitnami/postgresql:16.4.0', '[{containerPort: 5433}]'),
  service('orders-db', 'shop', '[{port: 5433, targetPort: 5433}]'),
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: public-envoy
  namespace: edge
spec:
  selector:
    matchLabels:
      gateway.networking.k8s.io/gateway-name: public
  template:
    metadata:
      labels:
        gateway.networking.k8s.io/gateway-name: public
    spec:
      containers:
        - name: envoy
          image: envoyproxy/envoy:v1.31.0
          ports: [{containerPort: 10080}]
`,
].join('---\n');

let workspace: Workspace;

beforeAll(() => {
  workspace = new Workspace();
});

afterAll(() => {
  workspace.remove();
});

/** Runs init on one fixture file and returns the output and the generated files. */
async function init(
  name: string,
  manifests: string,
  options: string[],
): Promise<{ code: number; stderr: string; files: Map<string, string>; app: string; out: string }> {
  const app = workspace.path(`${name}/app`);
  workspace.write(`${name}/app/manifests.yaml`, manifests);
  const out = workspace.path(`${name}/security`);
  const result = await run(['init', app, '--out', out, ...options]);
  return { ...result, files: result.code === 0 ? readTree(out) : new Map(), app, out };
}

function objectsOf(text: string | undefined): Record<string, unknown>[] {
  expect(text).toBeDefined();
  return loadObjects(text ?? '').objects.map((object) => object.value);
}

describe('init inference from an Ingress and a CloudNativePG Cluster', () => {
  let result: Awaited<ReturnType<typeof init>>;

  beforeAll(async () => {
    result = await init('records', RECORDS, [
      '--namespace',
      'records',
      '--fix',
      '--api-server-cidr',
      '10.96.0.1/32',
      '--backup-bucket',
      'records-backups',
      '--backup-region',
      'eu-west-1',
    ]);
  });

  it('ingress controller as the gateway', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('gateway: Deployment ingress-nginx/ingress-nginx-controller');
    expect(result.stderr).toContain('ingress to the gateway: TCP 80, TCP 443 from any address');
  });

  it('named target port resolved', () => {
    expect(result.stderr).toContain(
      'gateway → Deployment records/web on TCP 3000, pods app=web (Ingress web → Service web)',
    );
    const policies = objectsOf(result.files.get('networkpolicies/allow-gateway-to-apps.yaml'));
    expect(JSON.stringify(policies)).not.toContain('9090');
  });

  it('cluster pods as the database', () => {
    expect(result.stderr).toContain(
      'database: Cluster records/db on TCP 5432, pods cnpg.io/cluster=db',
    );
    expect(result.stderr).toContain('Job records/migrate → database db on TCP 5432');
    const names = objectsOf(result.files.get('networkpolicies/allow-apps-to-db.yaml')).map(
      (policy) => (policy.metadata as { name: string }).name,
    );
    expect(names).toEqual([
      'allow-ingress-apps-to-db-migrate',
      'allow-egress-apps-to-db-migrate',
      'allow-ingress-apps-to-db-web',
      'allow-egress-apps-to-db-web',
    ]);
  });

  it('operator and API server paths', () => {
    const operator = objectsOf(result.files.get('networkpolicies/allow-cloudnative-pg.yaml'));
    expect(operator.map((policy) => (policy.metadata as { name: string }).name)).toEqual([
      'allow-cnpg-operator-to-db',
      'allow-cnpg-instances-db',
    ]);
    const api = objectsOf(result.files.get('networkpolicies/allow-api-server-egress.yaml'));
    expect(
      api.map(
        (policy) =>
          `${(policy.metadata as { namespace: string }).namespace}/${(policy.metadata as { name: string }).name}`,
      ),
    ).toEqual([
      'ingress-nginx/allow-egress-api-server-ingress-nginx-controller',
      'records/allow-egress-api-server-db',
    ]);
  });

  it('own ServiceAccount kept', () => {
    expect(result.stderr).toContain(
      'rbac: Deployment ingress-nginx/ingress-nginx-controller keeps its ServiceAccount ingress-nginx',
    );
    expect([...result.files.keys()].filter((path) => path.startsWith('rbac/'))).toEqual([
      'rbac/records-migrate.yaml',
      'rbac/records-web.yaml',
    ]);
    expect(readFileSync(join(result.app, 'manifests.yaml'), 'utf8')).toContain(
      'serviceAccountName: ingress-nginx\n',
    );
  });

  it('cluster storage and backups', () => {
    const manifests = readFileSync(join(result.app, 'manifests.yaml'), 'utf8');
    expect(manifests).toContain('    storageClass: longhorn-encrypted\n');
    expect(manifests).toContain('barmanObjectName: db-backups');
    expect([...result.files.keys()]).toContain('encryption/postgres-backup.yaml');
  });

  it('namespace labels kept', () => {
    const namespaces = objectsOf(result.files.get('pod-security/namespaces.yaml'));
    expect(
      namespaces.map(
        (namespace) => (namespace.metadata as { labels: Record<string, string> }).labels.team,
      ),
    ).toEqual([undefined, 'health']);
  });

  it('application and layer check clean', async () => {
    expect(
      describeFindings(
        findingsOf(createRegistry(), result.app, result.out).filter(
          (finding) => !isMissingSchema(finding),
        ),
      ),
    ).toEqual([]);
    const { registry } = await everyRule();
    const findings = findingsOf(registry, result.out).filter(
      (finding) => !isMissingSchema(finding),
    );
    expect(describeFindings(findings)).toEqual([]);
  });
});

describe('init inference from an HTTPRoute', () => {
  let result: Awaited<ReturnType<typeof init>>;

  beforeAll(async () => {
    result = await init('shop', SHOP, ['--namespace', 'shop', '--fix']);
  });

  it('gateway pods by the GEP-1762 label', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'gateway: Deployment edge/public-envoy, pods gateway.networking.k8s.io/gateway-name=public (pods of Gateway edge/public',
    );
    expect(result.stderr).toContain('ingress to the gateway: TCP 10080');
  });

  it('backend port from the route', () => {
    expect(result.stderr).toContain('gateway → Deployment shop/shop on TCP 8443');
  });

  it('Bitnami image and Service port of the database', () => {
    expect(result.stderr).toContain(
      'database: Deployment shop/orders-db on TCP 5433, pods app=orders-db (PostgreSQL image docker.io/bitnami/postgresql:16.4.0)',
    );
  });

  it('application and layer check clean', () => {
    expect(
      describeFindings(
        findingsOf(createRegistry(), result.app, result.out).filter(
          (finding) => !isMissingSchema(finding),
        ),
      ),
    ).toEqual([]);
  });
});

describe('init inference by option', () => {
  it('database by --db-selector and --db-port', async () => {
    const manifests = [
      deployment('api', 'lab', 'registry.example.com/api:1', '[{containerPort: 8080}]'),
      service('api', 'lab', '[{port: 80, targetPort: 8080}]'),
      deployment('store', 'lab', 'registry.example.com/custom-pg:1', '[{containerPort: 6432}]'),
    ].join('---\n');

    const result = await init('db-option', manifests, [
      '--namespace',
      'lab',
      '--no-gateway',
      '--db-selector',
      'app=store',
      '--db-port',
      '6432',
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('gateway: none (--no-gateway)');
    expect(result.stderr).toContain(
      'database: Deployment lab/store on TCP 6432, pods app=store (given by --db-selector app=store)',
    );
    expect([...result.files.keys()]).not.toContain('networkpolicies/allow-gateway-to-apps.yaml');
  });

  it('gateway outside the manifests', async () => {
    const manifests = [
      deployment('api', 'lab', 'registry.example.com/api:1', '[{containerPort: 8080}]'),
      service('api', 'lab', '[{port: 80, targetPort: 8080}]'),
    ].join('---\n');

    const result = await init('gateway-option', manifests, [
      '--namespace',
      'lab',
      '--gateway-namespace',
      'ingress-nginx',
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'ingress to the gateway: not managed here, because namespace ingress-nginx is not in the manifests',
    );
    const policies = objectsOf(result.files.get('networkpolicies/allow-gateway-to-apps.yaml'));
    expect(policies.map((policy) => (policy.metadata as { namespace: string }).namespace)).toEqual([
      'lab',
    ]);
    expect(result.stderr).toContain('covered namespaces: lab ');
  });

  it('Role and RoleBinding with --permission', async () => {
    const app = copyInsecure(workspace, 'permission');
    const out = workspace.path('permission/security');

    const result = await run([
      'init',
      app,
      '--namespace',
      'clinic',
      '--fix',
      '--permission',
      'api:get:configmaps:clinic-settings',
      '--out',
      out,
    ]);

    expect(result.code).toBe(0);
    const objects = objectsOf(readFileSync(join(out, 'rbac/clinic-api.yaml'), 'utf8'));
    expect(objects.map((object) => object.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding']);
    expect(objects[1]!.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['configmaps'],
        verbs: ['get'],
        resourceNames: ['clinic-settings'],
      },
    ]);
    expect(readFileSync(join(app, 'api.yaml'), 'utf8')).toContain(
      'automountServiceAccountToken: true',
    );
    expect(result.stderr).toContain(
      'note: Deployment clinic/api calls the Kubernetes API (given permissions with --permission)',
    );
  });
});

describe('init errors', () => {
  it('missing --namespace', async () => {
    const result = await run(['init', copyInsecure(workspace, 'no-namespace')]);
    expect(result.stderr).toBe(
      'kubeharden: Missing --namespace: name the namespace of the application, such as --namespace clinic.\n',
    );
    expect(result.code).toBe(2);
  });

  it('unknown namespace', async () => {
    const result = await run([
      'init',
      copyInsecure(workspace, 'unknown'),
      '--namespace',
      'billing',
    ]);
    expect(result.stderr).toContain('Namespace "billing" is not in the manifests');
    expect(result.stderr).toContain('Namespaces found: clinic, gateway.');
    expect(result.code).toBe(2);
  });

  it('no workload in the namespace', async () => {
    const result = await init(
      'empty',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: lab\ndata:\n  mode: test\n',
      ['--namespace', 'lab'],
    );
    expect(result.stderr).toContain('Nothing to protect in namespace "lab"');
    expect(result.code).toBe(2);
  });

  it('gateway not inferable', async () => {
    const result = await init(
      'no-gateway',
      deployment('worker', 'lab', 'registry.example.com/worker:1', '[]'),
      ['--namespace', 'lab'],
    );
    expect(result.stderr).toContain('Cannot infer the gateway of namespace "lab"');
    expect(result.stderr).toContain(
      'Give --gateway-namespace and --gateway-selector, or --no-gateway',
    );
    expect(result.code).toBe(2);
  });

  it('backends not inferable', async () => {
    const result = await init(
      'no-backend',
      deployment('worker', 'lab', 'registry.example.com/worker:1', '[]'),
      ['--namespace', 'lab', '--gateway-namespace', 'edge'],
    );
    expect(result.stderr).toContain(
      'no Ingress, HTTPRoute or Service leads to an application workload. Give --app-selector and --app-port.',
    );
    expect(result.code).toBe(2);
  });

  it('ambiguous gateway', async () => {
    const manifests = [
      deployment('api', 'lab', 'registry.example.com/api:1', '[{containerPort: 8080}]'),
      deployment('edge-proxy', 'edge', 'envoyproxy/envoy:v1.31.0', '[]'),
      deployment('public-gateway', 'dmz', 'nginx:1.27', '[]'),
    ].join('---\n');
    const result = await init('ambiguous', manifests, ['--namespace', 'lab']);
    expect(result.stderr).toContain(
      'Several workloads look like the gateway: Deployment dmz/public-gateway, Deployment edge/edge-proxy; choose one',
    );
    expect(result.code).toBe(2);
  });

  it('List document with --patches', async () => {
    const list = `apiVersion: v1
kind: List
items:
${deployment('worker', 'lab', 'registry.example.com/worker:1', '[]')
  .replace(/^/gm, '    ')
  .replace(/^ {4}apiVersion/, '  - apiVersion')}`;

    const patched = await init('list-patches', list, [
      '--namespace',
      'lab',
      '--no-gateway',
      '--patches',
    ]);
    const fixed = await init('list-fix', list, ['--namespace', 'lab', '--no-gateway', '--fix']);

    expect(patched.stderr).toContain('--patches cannot change objects inside List documents');
    expect(patched.code).toBe(2);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('objects of the List in');
    expect(readFileSync(join(fixed.app, 'manifests.yaml'), 'utf8')).toContain(
      'serviceAccountName: worker',
    );
    expect(
      describeFindings(
        findingsOf(createRegistry(), fixed.app, fixed.out).filter(
          (finding) => !isMissingSchema(finding),
        ),
      ),
    ).toEqual([]);
  });

  it('unreadable manifests', async () => {
    const result = await init(
      'invalid',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n',
      ['--namespace', 'lab'],
    );
    expect(result.stderr).toContain(
      'Cannot read the manifests, so the layer would miss objects; fix these first:',
    );
    expect(result.code).toBe(2);
  });

  it.each([
    [['--fix', '--patches'], '--fix and --patches exclude each other'],
    [
      ['--ingress-cidr', '10.0.0.1/16'],
      'Invalid --ingress-cidr entry "10.0.0.1/16": it is not canonical; use 10.0.0.0/16.',
    ],
    [['--gateway-selector', 'app'], 'Invalid --gateway-selector entry "app"'],
    [['--app-port', 'HTTP/80'], 'Invalid --app-port entry "HTTP/80"'],
    [['--permission', 'api:get'], 'Invalid --permission "api:get"'],
    [['--permission', 'cache:get:configmaps'], '--permission names workload "cache"'],
    [
      ['--no-gateway', '--gateway-namespace', 'gateway'],
      '--no-gateway excludes --gateway-namespace',
    ],
  ])('invalid options %j', async (options, message) => {
    const result = await run([
      'init',
      copyInsecure(workspace, `invalid-${options.join('')}`.replace(/[^a-z0-9-]/gi, '')),
      '--namespace',
      'clinic',
      '--out',
      workspace.path('invalid-out'),
      ...options,
    ]);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });
});
