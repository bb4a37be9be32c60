import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { run, Workspace } from './helpers.js';

// A web workload with a Role for one ConfigMap and every Secret, a group bound to the built-in
// view role, and a second namespace without a namespace of its own in the manifests.
const SHOP = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: web
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [web-config]
    verbs: [get, watch]
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: web
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: web
subjects:
  - kind: ServiceAccount
    name: web
    namespace: shop
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ops-view
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: Group
    name: ops
    apiGroup: rbac.authorization.k8s.io
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{name: web, image: web:1}]
`;

// Objects without a namespace, placed by -n as kubectl apply -n would place them.
const UNPLACED = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: ServiceAccount
    name: reader
`;

const VIEW_UNRESOLVED =
  "ClusterRoleBinding ops-view: Built-in ClusterRole 'view' has rules that the manifests do not show, so only the rules it aggregates from the manifests are known.";

let workspace: Workspace;
let shop: string;
let unplaced: string;

beforeAll(() => {
  workspace = new Workspace();
  shop = workspace.write('shop/shop.yaml', SHOP);
  unplaced = workspace.write('unplaced/rbac.yaml', UNPLACED);
});

afterAll(() => {
  workspace.remove();
});

describe('rbac permissions', () => {
  it('workload as text', async () => {
    const result = await run(['rbac', 'permissions', 'Deployment/shop/web', shop]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'Permissions of ServiceAccount shop/web',
        'Used by Deployment shop/web (API token mounted)',
        '',
        'Namespace shop',
        "  configmaps 'web-config'  get, watch",
        '    via RoleBinding shop/web -> Role shop/web rules[0]',
        '  secrets                  get',
        '    via RoleBinding shop/web -> Role shop/web rules[1]',
        '',
      ].join('\n'),
    );
  });

  it('ServiceAccount as JSON', async () => {
    const result = await run([
      'rbac',
      'permissions',
      'sa:shop/web',
      workspace.path('shop'),
      '--format',
      'json',
    ]);
    const json = JSON.parse(result.stdout) as {
      subject: unknown;
      permissions: {
        verb: string;
        resource: string;
        resourceName?: string;
        grants: { rule: string }[];
      }[];
      unresolved: unknown[];
    };

    expect(result.code).toBe(0);
    expect(json.subject).toEqual({ kind: 'ServiceAccount', namespace: 'shop', name: 'web' });
    expect(
      json.permissions.map((permission) => [
        permission.verb,
        permission.resource,
        permission.resourceName,
      ]),
    ).toEqual([
      ['get', 'configmaps', 'web-config'],
      ['watch', 'configmaps', 'web-config'],
      ['get', 'secrets', undefined],
    ]);
    expect(json.permissions[2]?.grants.map((grant) => grant.rule)).toEqual(['rules[1]']);
    expect(json.unresolved).toEqual([]);
  });

  it('group with an unmodelled built-in role', async () => {
    const result = await run(['rbac', 'permissions', 'group:ops', shop]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Permissions of Group ops',
        '',
        'No permissions granted by the manifests.',
        '',
        'Not resolved',
        `  ${VIEW_UNRESOLVED}`,
        '',
      ].join('\n'),
    );
  });

  it('objects placed by -n', async () => {
    const result = await run([
      'rbac',
      'permissions',
      'sa:billing/reader',
      unplaced,
      '-n',
      'billing',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Namespace billing\n  secrets  list\n    via RoleBinding billing/reader -> Role billing/reader rules[0]\n',
    );
  });

  it('invalid target', async () => {
    const result = await run(['rbac', 'permissions', 'web', shop]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "kubeharden: Invalid workload 'web': use user:NAME, group:NAME, serviceaccount:NAMESPACE:NAME, sa:NAMESPACE/NAME or KIND/NAMESPACE/NAME for a workload.\n",
    );
  });

  it('unknown workload', async () => {
    const result = await run(['rbac', 'permissions', 'Deployment/shop/api', shop]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeharden: Workload not found: Deployment shop/api is not a workload of the manifests, so check its kind, namespace and name.\n',
    );
  });

  it('invalid YAML as a warning', async () => {
    const folder = workspace.path('broken');
    workspace.write('broken/shop.yaml', SHOP);
    const broken = workspace.write(
      'broken/broken.yaml',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: [x\n',
    );
    const result = await run(['rbac', 'permissions', 'sa:shop/web', folder]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Permissions of ServiceAccount shop/web');
    expect(result.stderr).toMatch(
      new RegExp(`^kubeharden: warning: ${broken}:3:\\d+: Invalid YAML: .*\\(valid-yaml\\)\\n`),
    );
  });

  it('paths default to the working folder', async () => {
    const cwd = process.cwd();
    process.chdir(workspace.path('shop'));
    try {
      const result = await run(['rbac', 'permissions', 'sa:shop/web']);

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('via RoleBinding shop/web -> Role shop/web rules[1]');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('rbac who-can', () => {
  it('namespaced request as text', async () => {
    const result = await run(['rbac', 'who-can', 'get', 'secrets', shop, '-n', 'shop']);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'Who can get secrets in namespace shop',
        '',
        '  ServiceAccount shop/web',
        '    via RoleBinding shop/web -> Role shop/web rules[1]',
        '',
        'Not resolved',
        `  ${VIEW_UNRESOLVED}`,
        '',
      ].join('\n'),
    );
  });

  it('cluster-wide request as JSON', async () => {
    const result = await run([
      'rbac',
      'who-can',
      'list',
      'secrets',
      shop,
      unplaced,
      '--format',
      'json',
    ]);
    const json = JSON.parse(result.stdout) as { request: unknown; subjects: unknown[] };

    expect(result.code).toBe(0);
    expect(json.request).toEqual({
      type: 'resource',
      verb: 'list',
      apiGroup: '',
      resource: 'secrets',
    });
    expect(json.subjects).toEqual([]);
  });

  it('request in the namespace given by -n', async () => {
    const result = await run([
      'rbac',
      'who-can',
      'list',
      'secrets',
      unplaced,
      '-n',
      'billing',
      '-f',
      'json',
    ]);
    const json = JSON.parse(result.stdout) as {
      subjects: { subject: unknown; grants: { binding: unknown; rule: string }[] }[];
    };

    expect(json.subjects).toEqual([
      {
        subject: { kind: 'ServiceAccount', namespace: 'billing', name: 'reader' },
        grants: [
          {
            binding: { kind: 'RoleBinding', name: 'reader', namespace: 'billing' },
            subjectIndex: 0,
            role: { kind: 'Role', name: 'reader', namespace: 'billing' },
            ruleRole: { kind: 'Role', name: 'reader', namespace: 'billing' },
            rule: 'rules[0]',
          },
        ],
      },
    ]);
  });

  it('invalid resource', async () => {
    const result = await run(['rbac', 'who-can', 'get', 'pods/', shop]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "kubeharden: Invalid resource 'pods/': write it as resource[.group][/subresource], for example pods/exec or deployments.apps.\n",
    );
  });

  it('invalid format', async () => {
    const result = await run(['rbac', 'who-can', 'get', 'secrets', shop, '--format', 'yaml']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '-f, --format <format>' argument 'yaml' is invalid");
  });
});
