import { describe, expect, it } from 'vitest';
import { buildIndex, effectiveRulesOf, findRole } from '../../src/analysis/rbac-index.js';
import { parseDocuments } from '../helpers.js';

function rulesOf(yaml: string, name: string): string[] {
  const index = buildIndex(parseDocuments(yaml));
  const role = findRole(index, 'ClusterRole', name);
  if (role === undefined) throw new Error(`ClusterRole ${name} missing from the test input`);
  return effectiveRulesOf(index, role).rules.map(
    (rule) => `${rule.role.ref.name} rules[${rule.index}]`,
  );
}

const LABELLED = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reads-pods
  labels: {aggregate: "yes", tier: web}
rules:
  - {apiGroups: [""], resources: [pods], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reads-services
  labels: {aggregate: "yes", tier: db}
rules:
  - {apiGroups: [""], resources: [services], verbs: [get]}
`;

describe('aggregation', () => {
  it('replaces inline rules with the selected rules', () => {
    const yaml = `${LABELLED}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: combined}
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: {aggregate: "yes"}
rules:
  - {apiGroups: [""], resources: [secrets], verbs: [get]}
`;
    expect(rulesOf(yaml, 'combined')).toEqual(['reads-pods rules[0]', 'reads-services rules[0]']);
  });

  it('selects with matchExpressions', () => {
    const yaml = `${LABELLED}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: combined}
aggregationRule:
  clusterRoleSelectors:
    - matchExpressions: [{key: tier, operator: NotIn, values: [db]}]
`;
    expect(rulesOf(yaml, 'combined')).toEqual([
      'cluster-admin rules[0]',
      'cluster-admin rules[1]',
      'reads-pods rules[0]',
    ]);
  });

  it('marks built-in matches incomplete', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: combined}
aggregationRule:
  clusterRoleSelectors:
    - matchExpressions: [{key: tier, operator: DoesNotExist}]
`;
    const index = buildIndex(parseDocuments(yaml));
    expect(effectiveRulesOf(index, findRole(index, 'ClusterRole', 'combined')!).complete).toBe(
      false,
    );
  });

  it('selects every other ClusterRole with an empty selector', () => {
    const yaml = `${LABELLED}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: combined}
aggregationRule:
  clusterRoleSelectors: [{}]
`;
    expect(rulesOf(yaml, 'combined')).toContain('reads-pods rules[0]');
    expect(rulesOf(yaml, 'combined')).toContain('cluster-admin rules[0]');
  });

  it('follows chains of aggregated roles', () => {
    const yaml = `${LABELLED}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: outer}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {layer: inner}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: inner, labels: {layer: inner}}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {tier: web}}]
`;
    expect(rulesOf(yaml, 'outer')).toEqual(['reads-pods rules[0]']);
  });

  it('grants nothing when no role matches', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: lonely}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {nobody: here}}]
rules:
  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
`;
    expect(rulesOf(yaml, 'lonely')).toEqual([]);
  });

  it('extends the built-in view, edit and admin roles', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
  - {apiGroups: [example.com], resources: [widgets], verbs: [get]}
`;
    const index = buildIndex(parseDocuments(yaml));
    for (const name of ['view', 'edit', 'admin']) {
      const role = findRole(index, 'ClusterRole', name);
      expect(role).toBeDefined();
      const effective = effectiveRulesOf(index, role!);
      expect(effective.complete).toBe(false);
      expect(effective.rules.map((rule) => rule.role.ref.name)).toEqual(['widgets-view']);
    }
  });
});

describe('buildIndex', () => {
  it('reads the items of a List', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleList
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: reader, namespace: shop}
    rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
`;
    const index = buildIndex(parseDocuments(yaml));
    const role = findRole(index, 'Role', 'reader', 'shop');
    expect(role?.path).toEqual(['items', 0]);
    expect(role?.rules[0]?.path).toEqual(['items', 0, 'rules', 0]);
    expect(role?.rules[0]?.rulePath).toEqual(['rules', 0]);
  });

  it('resolves a RoleBinding Role in the binding namespace', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: other}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: User, name: alice}]
`;
    const [binding] = buildIndex(parseDocuments(yaml)).bindings;
    expect(binding?.role).toBeUndefined();
    expect(binding?.unresolvedReason).toBe(
      "Role 'reader' in namespace 'shop' is not defined in the manifests.",
    );
  });

  it('rejects a ClusterRoleBinding to a Role', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: User, name: alice}]
`;
    const [binding] = buildIndex(parseDocuments(yaml)).bindings;
    expect(binding?.role).toBeUndefined();
    expect(binding?.unresolvedReason).toBe("A ClusterRoleBinding cannot reference kind 'Role'.");
  });

  it('places namespaceless objects in default namespace', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
`;
    const index = buildIndex(parseDocuments(yaml), { defaultNamespace: 'argocd' });
    expect(findRole(index, 'Role', 'reader', 'argocd')?.namespaceExplicit).toBe(false);
  });

  it('finds the ServiceAccount of each workload kind', () => {
    const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {spec: {serviceAccountName: web}}}
---
apiVersion: v1
kind: Pod
metadata: {name: old, namespace: shop}
spec: {serviceAccount: legacy}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec: {jobTemplate: {spec: {template: {spec: {automountServiceAccountToken: false}}}}}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: template, namespace: shop}
template: {spec: {serviceAccountName: templated}}
---
apiVersion: example.com/v1
kind: Deployment
metadata: {name: custom}
`;
    const workloads = buildIndex(parseDocuments(yaml)).workloads;
    expect(workloads.map((workload) => [workload.ref.kind, workload.serviceAccountName])).toEqual([
      ['Deployment', 'web'],
      ['Pod', 'legacy'],
      ['CronJob', 'default'],
      ['PodTemplate', 'templated'],
    ]);
    expect(workloads[1]?.serviceAccountNamePath).toEqual(['spec', 'serviceAccount']);
    expect(workloads[2]?.automountServiceAccountToken).toEqual({
      value: false,
      path: ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'automountServiceAccountToken'],
    });
  });

  it('reads custom resource scopes from CustomResourceDefinitions', () => {
    const yaml = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec: {group: example.com, names: {plural: widgets, kind: Widget}, scope: Namespaced}
`;
    const index = buildIndex(parseDocuments(yaml));
    expect(index.customResourceScopes.get('example.com/widgets')).toBe('Namespaced');
  });

  it('skips documents that are not objects', () => {
    const index = buildIndex([null, 'text', 42, [], { kind: 'Role' }, { apiVersion: 'v1' }]);
    expect(index.roles).toEqual([]);
  });
});
