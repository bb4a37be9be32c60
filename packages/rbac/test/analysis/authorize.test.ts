import { describe, expect, it } from 'vitest';
import { canI, parseRequest, whoCan } from '../../src/analysis/authorize.js';
import { buildIndex } from '../../src/analysis/rbac-index.js';
import { formatGrant } from '../../src/analysis/format.js';
import type { Subject } from '../../src/model/subjects.js';
import { parseDocuments } from '../helpers.js';

const WEB: Subject = { kind: 'ServiceAccount', namespace: 'shop', name: 'web' };

function index(yaml: string) {
  return buildIndex(parseDocuments(yaml));
}

function role(kind: string, name: string, rules: string, namespace?: string): string {
  const ns = namespace === undefined ? '' : `, namespace: ${namespace}`;
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}${ns}}
rules:
${rules}
---`;
}

function binding(
  kind: string,
  name: string,
  roleRef: string,
  subjects: string,
  namespace?: string,
): string {
  const ns = namespace === undefined ? '' : `, namespace: ${namespace}`;
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, ${roleRef}}
subjects: ${subjects}
---`;
}

const SPLIT_RULES =
  role(
    'Role',
    'split',
    `  - {apiGroups: [""], resources: [pods], verbs: [get]}
  - {apiGroups: [""], resources: [secrets], verbs: [list]}`,
    'shop',
  ) +
  binding(
    'RoleBinding',
    'split',
    'kind: Role, name: split',
    '[{kind: ServiceAccount, name: web, namespace: shop}]',
    'shop',
  );

describe('canI', () => {
  it('evaluates every rule on its own', () => {
    const rbac = index(SPLIT_RULES);
    expect(canI(rbac, WEB, 'get', 'pods', 'shop').decision).toBe('allowed');
    expect(canI(rbac, WEB, 'list', 'secrets', 'shop').decision).toBe('allowed');
    expect(canI(rbac, WEB, 'get', 'secrets', 'shop').decision).toBe('denied');
    expect(canI(rbac, WEB, 'list', 'pods', 'shop').decision).toBe('denied');
  });

  it('names the rule that allows a request', () => {
    const review = canI(index(SPLIT_RULES), WEB, 'list', 'secrets', 'shop');
    expect(review.grants.map(formatGrant)).toEqual([
      'RoleBinding shop/split -> Role shop/split rules[1]',
    ]);
  });

  it('limits a RoleBinding to its namespace', () => {
    const rbac = index(SPLIT_RULES);
    expect(canI(rbac, WEB, 'get', 'pods', 'other').decision).toBe('denied');
    expect(canI(rbac, WEB, 'get', 'pods').decision).toBe('denied');
  });

  it('scopes a ClusterRole bound by a RoleBinding', () => {
    const rbac = index(
      role(
        'ClusterRole',
        'pod-reader',
        '  - {apiGroups: [""], resources: [pods, nodes], verbs: [get]}',
      ) +
        binding(
          'RoleBinding',
          'read',
          'kind: ClusterRole, name: pod-reader',
          '[{kind: User, name: alice}]',
          'shop',
        ),
    );
    const alice: Subject = { kind: 'User', name: 'alice' };
    expect(canI(rbac, alice, 'get', 'pods', 'shop').decision).toBe('allowed');
    expect(canI(rbac, alice, 'get', 'pods', 'other').decision).toBe('denied');
    expect(canI(rbac, alice, 'get', 'nodes').decision).toBe('denied');
  });

  it('applies a ClusterRoleBinding everywhere', () => {
    const rbac = index(
      role(
        'ClusterRole',
        'pod-reader',
        '  - {apiGroups: [""], resources: [pods, nodes], verbs: [get]}',
      ) +
        binding(
          'ClusterRoleBinding',
          'read',
          'kind: ClusterRole, name: pod-reader',
          '[{kind: Group, name: devs}]',
        ),
    );
    const devs: Subject = { kind: 'Group', name: 'devs' };
    expect(canI(rbac, devs, 'get', 'pods', 'anywhere').decision).toBe('allowed');
    expect(canI(rbac, devs, 'get', 'pods').decision).toBe('allowed');
    expect(canI(rbac, devs, 'get', 'nodes').decision).toBe('allowed');
  });

  it('grants ServiceAccounts through their groups', () => {
    const rules = '  - {apiGroups: [""], resources: [configmaps], verbs: [get]}';
    for (const group of [
      'system:serviceaccounts',
      'system:serviceaccounts:shop',
      'system:authenticated',
    ]) {
      const rbac = index(
        role('ClusterRole', 'config-reader', rules) +
          binding(
            'ClusterRoleBinding',
            'read',
            'kind: ClusterRole, name: config-reader',
            `[{kind: Group, name: "${group}"}]`,
          ),
      );
      expect(canI(rbac, WEB, 'get', 'configmaps', 'shop').decision).toBe('allowed');
    }
  });

  it('does not grant another namespace group', () => {
    const rbac = index(
      role(
        'ClusterRole',
        'config-reader',
        '  - {apiGroups: [""], resources: [configmaps], verbs: [get]}',
      ) +
        binding(
          'ClusterRoleBinding',
          'read',
          'kind: ClusterRole, name: config-reader',
          '[{kind: Group, name: "system:serviceaccounts:other"}]',
        ),
    );
    expect(canI(rbac, WEB, 'get', 'configmaps', 'shop').decision).toBe('denied');
  });

  it('separates star-slash-exec from pods-slash-star', () => {
    const rbac = index(
      role(
        'Role',
        'debug',
        `  - {apiGroups: [""], resources: ["pods/*"], verbs: [create]}
  - {apiGroups: [""], resources: ["*/attach"], verbs: [create]}`,
        'shop',
      ) +
        binding(
          'RoleBinding',
          'debug',
          'kind: Role, name: debug',
          '[{kind: ServiceAccount, name: web, namespace: shop}]',
          'shop',
        ),
    );
    expect(canI(rbac, WEB, 'create', 'pods/exec', 'shop').decision).toBe('denied');
    expect(canI(rbac, WEB, 'create', 'pods/attach', 'shop').decision).toBe('allowed');
    expect(canI(rbac, WEB, 'create', 'pods', 'shop').decision).toBe('denied');
  });

  it('compares resource names literally', () => {
    const rbac = index(
      role(
        'Role',
        'one-secret',
        '  - {apiGroups: [""], resources: [secrets], resourceNames: ["app-*"], verbs: [get]}',
        'shop',
      ) +
        binding(
          'RoleBinding',
          'one-secret',
          'kind: Role, name: one-secret',
          '[{kind: ServiceAccount, name: web, namespace: shop}]',
          'shop',
        ),
    );
    expect(canI(rbac, WEB, 'get', 'secrets', 'shop', 'app-credentials').decision).toBe('denied');
    expect(canI(rbac, WEB, 'get', 'secrets', 'shop', 'app-*').decision).toBe('allowed');
    expect(canI(rbac, WEB, 'list', 'secrets', 'shop').decision).toBe('denied');
  });

  it('allows non-resource URLs only through ClusterRoleBindings', () => {
    const rules = '  - {nonResourceURLs: ["/metrics", "/debug/*"], verbs: [get]}';
    const viaCluster = index(
      role('ClusterRole', 'metrics', rules) +
        binding(
          'ClusterRoleBinding',
          'metrics',
          'kind: ClusterRole, name: metrics',
          '[{kind: User, name: alice}]',
        ),
    );
    const viaNamespace = index(
      role('ClusterRole', 'metrics', rules) +
        binding(
          'RoleBinding',
          'metrics',
          'kind: ClusterRole, name: metrics',
          '[{kind: User, name: alice}]',
          'shop',
        ),
    );
    const alice: Subject = { kind: 'User', name: 'alice' };
    expect(canI(viaCluster, alice, 'get', '/metrics').decision).toBe('allowed');
    expect(canI(viaCluster, alice, 'get', '/debug/pprof').decision).toBe('allowed');
    expect(canI(viaCluster, alice, 'get', '/healthz').decision).toBe('denied');
    expect(canI(viaNamespace, alice, 'get', '/metrics', 'shop').decision).toBe('denied');
  });

  it('lets a RoleBinding reach its own Namespace object', () => {
    const rbac = index(
      role(
        'ClusterRole',
        'ns-reader',
        '  - {apiGroups: [""], resources: [namespaces], verbs: [get]}',
      ) +
        binding(
          'RoleBinding',
          'ns',
          'kind: ClusterRole, name: ns-reader',
          '[{kind: User, name: alice}]',
          'shop',
        ),
    );
    const alice: Subject = { kind: 'User', name: 'alice' };
    expect(canI(rbac, alice, 'get', 'namespaces', undefined, 'shop').decision).toBe('allowed');
    expect(canI(rbac, alice, 'get', 'namespaces', undefined, 'other').decision).toBe('denied');
  });

  it('finds a permission through every rule and binding', () => {
    const rbac = index(
      role(
        'Role',
        'twice',
        `  - {apiGroups: [""], resources: [pods], verbs: [get]}
  - {apiGroups: ["*"], resources: ["*"], verbs: [get]}`,
        'shop',
      ) +
        binding(
          'RoleBinding',
          'first',
          'kind: Role, name: twice',
          '[{kind: ServiceAccount, name: web, namespace: shop}]',
          'shop',
        ) +
        binding(
          'RoleBinding',
          'second',
          'kind: Role, name: twice',
          '[{kind: Group, name: "system:serviceaccounts:shop"}]',
          'shop',
        ),
    );
    expect(canI(rbac, WEB, 'get', 'pods', 'shop').grants.map(formatGrant)).toEqual([
      'RoleBinding shop/first -> Role shop/twice rules[0]',
      'RoleBinding shop/first -> Role shop/twice rules[1]',
      'RoleBinding shop/second -> Role shop/twice rules[0]',
      'RoleBinding shop/second -> Role shop/twice rules[1]',
    ]);
  });

  it('reports unknown when only an undefined role applies', () => {
    const rbac = index(
      binding(
        'RoleBinding',
        'view',
        'kind: ClusterRole, name: view',
        '[{kind: User, name: alice}]',
        'shop',
      ),
    );
    const review = canI(rbac, { kind: 'User', name: 'alice' }, 'get', 'pods', 'shop');
    expect(review.decision).toBe('unknown');
    expect(review.unresolved[0]?.reason).toMatch(/^Built-in ClusterRole 'view' has rules/);
  });

  it('grants cluster-admin everything', () => {
    const rbac = index(
      binding(
        'ClusterRoleBinding',
        'root',
        'kind: ClusterRole, name: cluster-admin',
        '[{kind: User, name: root}]',
      ),
    );
    const root: Subject = { kind: 'User', name: 'root' };
    expect(canI(rbac, root, 'escalate', 'clusterroles.rbac.authorization.k8s.io').decision).toBe(
      'allowed',
    );
    expect(canI(rbac, root, 'get', '/healthz').decision).toBe('allowed');
  });
});

describe('whoCan', () => {
  it('lists every subject with its grants', () => {
    const rbac = index(
      SPLIT_RULES +
        role(
          'ClusterRole',
          'secret-lister',
          '  - {apiGroups: [""], resources: [secrets], verbs: [list]}',
        ) +
        binding(
          'ClusterRoleBinding',
          'audit',
          'kind: ClusterRole, name: secret-lister',
          '[{kind: User, name: auditor}, {kind: Group, name: security}]',
        ),
    );
    const result = whoCan(rbac, 'list', 'secrets', 'shop');
    expect(result.subjects.map((entry) => entry.subject)).toEqual([
      { kind: 'User', name: 'auditor' },
      { kind: 'Group', name: 'security' },
      { kind: 'ServiceAccount', namespace: 'shop', name: 'web' },
    ]);
    expect(result.subjects[2]?.grants.map(formatGrant)).toEqual([
      'RoleBinding shop/split -> Role shop/split rules[1]',
    ]);
  });

  it('resolves namespaceless subject to RoleBinding', () => {
    const rbac = index(
      role('Role', 'reader', '  - {apiGroups: [""], resources: [pods], verbs: [get]}', 'shop') +
        binding(
          'RoleBinding',
          'reader',
          'kind: Role, name: reader',
          '[{kind: ServiceAccount, name: web}]',
          'shop',
        ),
    );
    expect(whoCan(rbac, 'get', 'pods', 'shop').subjects.map((entry) => entry.subject)).toEqual([
      WEB,
    ]);
  });

  it('lists bindings with unknown rules', () => {
    const rbac = index(
      binding(
        'RoleBinding',
        'edit',
        'kind: ClusterRole, name: edit',
        '[{kind: User, name: bob}]',
        'shop',
      ),
    );
    const result = whoCan(rbac, 'get', 'secrets', 'shop');
    expect(result.subjects).toEqual([]);
    expect(result.unresolved.map((entry) => entry.binding.name)).toEqual(['edit']);
  });
});

describe('parseRequest', () => {
  const rbac = index(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec: {group: example.com, names: {plural: widgets}, scope: Namespaced}
`);

  it('resolves groups like kubectl', () => {
    expect(parseRequest(rbac, 'get', 'deployments')).toMatchObject({
      apiGroup: 'apps',
      resource: 'deployments',
    });
    expect(parseRequest(rbac, 'get', 'widgets')).toMatchObject({ apiGroup: 'example.com' });
    expect(parseRequest(rbac, 'get', 'deployments.apps/scale')).toMatchObject({
      apiGroup: 'apps',
      resource: 'deployments',
      subresource: 'scale',
    });
    expect(parseRequest(rbac, 'get', 'pods/exec', 'shop')).toMatchObject({
      apiGroup: '',
      subresource: 'exec',
      namespace: 'shop',
    });
  });

  it('rejects malformed resources', () => {
    expect(() => parseRequest(rbac, 'get', 'pods/')).toThrow("Invalid resource 'pods/'");
    expect(() => parseRequest(rbac, '', 'pods')).toThrow('Missing verb');
  });
});
