import { describe, expect, it } from 'vitest';
import { permissionsOf, permissionsOfWorkload } from '../../src/analysis/permissions.js';
import { buildIndex } from '../../src/analysis/rbac-index.js';
import { formatGrant } from '../../src/analysis/format.js';
import type { Permission } from '../../src/analysis/permissions.js';
import { parseDocuments } from '../helpers.js';

const MANIFESTS = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules:
  - {apiGroups: [""], resources: [pods, nodes], verbs: [get, list]}
  - {apiGroups: [""], resources: [namespaces], verbs: [get]}
  - {nonResourceURLs: [/metrics], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: config, namespace: shop}
rules:
  - {apiGroups: [""], resources: [configmaps], resourceNames: [app-config], verbs: [get]}
  - {apiGroups: [""], resources: [pods], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: config, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      serviceAccountName: web
      automountServiceAccountToken: true
`;

function describePermission(permission: Permission): string {
  if (permission.type === 'non-resource') return `${permission.verb} ${permission.url}`;
  const scope = permission.scope.kind === 'cluster' ? '*' : permission.scope.namespace;
  const name = permission.resourceName === undefined ? '' : `/${permission.resourceName}`;
  return `${scope} ${permission.verb} ${permission.resource}${name}`;
}

describe('permissionsOf', () => {
  const index = buildIndex(parseDocuments(MANIFESTS));
  const result = permissionsOf(index, { kind: 'ServiceAccount', namespace: 'shop', name: 'web' });

  it('lists each verb and resource once', () => {
    expect(result.permissions.map(describePermission)).toEqual([
      'shop get configmaps/app-config',
      'shop get namespaces/shop',
      'shop get pods',
      'shop list pods',
    ]);
  });

  it('names every grant of a shared permission', () => {
    const getPods = result.permissions.find(
      (permission) => describePermission(permission) === 'shop get pods',
    );
    expect(getPods?.grants.map(formatGrant)).toEqual([
      'RoleBinding shop/reader -> ClusterRole reader rules[0]',
      'RoleBinding shop/config -> Role shop/config rules[1]',
    ]);
  });

  it('drops what a RoleBinding cannot reach', () => {
    const described = result.permissions.map(describePermission);
    expect(described.some((text) => text.includes('nodes'))).toBe(false);
    expect(described.some((text) => text.includes('/metrics'))).toBe(false);
  });

  it('keeps cluster-scoped permissions of a ClusterRoleBinding', () => {
    const clusterWide = buildIndex(
      parseDocuments(`${MANIFESTS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: User, name: alice}]
`),
    );
    expect(
      permissionsOf(clusterWide, { kind: 'User', name: 'alice' }).permissions.map(
        describePermission,
      ),
    ).toEqual([
      '* get namespaces',
      '* get nodes',
      '* list nodes',
      '* get pods',
      '* list pods',
      'get /metrics',
    ]);
  });
});

describe('permissionsOfWorkload', () => {
  const index = buildIndex(parseDocuments(MANIFESTS));

  it('uses the ServiceAccount of the pod spec', () => {
    const result = permissionsOfWorkload(index, {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(result.subject).toEqual({ kind: 'ServiceAccount', namespace: 'shop', name: 'web' });
    expect(result.permissions).toHaveLength(4);
    expect(result.serviceAccountDefined).toBe(true);
  });

  it('lets pod spec override automount', () => {
    const result = permissionsOfWorkload(index, {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(result.automountServiceAccountToken).toBe(true);
  });

  it('accepts the workload object itself', () => {
    const deployment = index.workloads[0]?.object;
    expect(permissionsOfWorkload(index, deployment!).workload.name).toBe('web');
  });

  it('rejects a workload the manifests lack', () => {
    expect(() =>
      permissionsOfWorkload(index, { kind: 'Deployment', namespace: 'shop', name: 'api' }),
    ).toThrow('Workload not found: Deployment shop/api is not a workload of the manifests');
  });
});
