import { describe, expect, it } from 'vitest';
import { detectProblemsInDocuments } from '../../src/problems/detect.js';
import { parseDocuments, problemsIn } from '../helpers.js';

function binding(kind: string, roleRef: string, subjects: string, namespace = 'shop'): string {
  const metadata =
    kind === 'RoleBinding' ? `{name: subject, namespace: ${namespace}}` : '{name: subject}';
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: ${metadata}
roleRef: {apiGroup: rbac.authorization.k8s.io, ${roleRef}}
subjects: ${subjects}
`;
}

const ALICE = '[{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]';

const NAMESPACED_ROLE = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: config-reader}
rules:
  - {apiGroups: [""], resources: [configmaps], verbs: [get]}
  - {apiGroups: [example.com], resources: [widgets], verbs: [get]}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec: {group: example.com, names: {plural: widgets}, scope: Namespaced}
---`;

describe('valid bindings', () => {
  it('accepts a RoleBinding to a narrow Role', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
${binding('RoleBinding', 'kind: Role, name: reader', ALICE)}`;
    expect(problemsIn(yaml, { assumeComplete: true })).toEqual([]);
  });

  it('accepts a reused ClusterRole bound in several namespaces', () => {
    const yaml = `${NAMESPACED_ROLE}
${binding('RoleBinding', 'kind: ClusterRole, name: config-reader', ALICE, 'shop')}
---
${binding('RoleBinding', 'kind: ClusterRole, name: config-reader', ALICE, 'billing')}`;
    expect(problemsIn(yaml)).toEqual([]);
  });

  it('accepts portable RoleBinding subject', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: web}]
`;
    expect(problemsIn(yaml)).toEqual([]);
  });
});

describe('privileged role references', () => {
  it('reports cluster-admin at the role name', () => {
    expect(
      problemsIn(binding('ClusterRoleBinding', 'kind: ClusterRole, name: cluster-admin', ALICE)),
    ).toEqual([
      {
        code: 'no-cluster-admin-binding',
        object: 'ClusterRoleBinding/subject',
        path: 'roleRef.name',
      },
    ]);
  });

  it('describes cluster-admin in one namespace', () => {
    const [problem] = detectProblemsInDocuments(
      parseDocuments(binding('RoleBinding', 'kind: ClusterRole, name: cluster-admin', ALICE)),
    );
    expect(problem?.message).toBe(
      "Role reference 'cluster-admin' allows every action in namespace 'shop', including changes to its RBAC, so bind a role with only the permissions the subjects need.",
    );
  });

  it('reports a role with full wildcard rights', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: root, namespace: shop}
rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
---
${binding('RoleBinding', 'kind: Role, name: root', ALICE)}`;
    expect(problemsIn(yaml).filter((problem) => problem.object === 'RoleBinding/subject')).toEqual([
      {
        code: 'no-binding-to-full-wildcard-role',
        object: 'RoleBinding/subject',
        path: 'roleRef.name',
      },
    ]);
  });

  it('reports full wildcard rights gained through aggregation', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything, labels: {team: ops}}
rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ops}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {team: ops}}]}
---
${binding('ClusterRoleBinding', 'kind: ClusterRole, name: ops', ALICE)}`;
    const [problem] = detectProblemsInDocuments(parseDocuments(yaml)).filter(
      (found) => found.code === 'no-binding-to-full-wildcard-role',
    );
    expect(problem?.message).toBe(
      "Role reference 'ops' grants every verb on every resource through ClusterRole 'everything' rules[0], so bind a role with only the permissions the subjects need.",
    );
  });
});

describe('subjects', () => {
  it('reports public subjects at their names', () => {
    const subjects = `
  - {kind: User, name: "system:anonymous"}
  - {kind: Group, name: "system:unauthenticated"}
  - {kind: Group, name: "system:authenticated"}
  - {kind: Group, name: devs}`;
    expect(
      problemsIn(binding('ClusterRoleBinding', 'kind: ClusterRole, name: view', subjects)),
    ).toEqual([
      {
        code: 'no-public-subjects',
        object: 'ClusterRoleBinding/subject',
        path: 'subjects[0].name',
      },
      {
        code: 'no-public-subjects',
        object: 'ClusterRoleBinding/subject',
        path: 'subjects[1].name',
      },
      {
        code: 'no-public-subjects',
        object: 'ClusterRoleBinding/subject',
        path: 'subjects[2].name',
      },
    ]);
  });

  it('requires subject namespace in ClusterRoleBinding', () => {
    expect(
      problemsIn(
        binding(
          'ClusterRoleBinding',
          'kind: ClusterRole, name: view',
          '[{kind: ServiceAccount, name: web}]',
        ),
      ),
    ).toEqual([
      {
        code: 'require-service-account-subject-namespace',
        object: 'ClusterRoleBinding/subject',
        path: 'subjects[0]',
      },
    ]);
  });

  it('requires subject namespace in namespaced RoleBinding', () => {
    const yaml = binding(
      'RoleBinding',
      'kind: ClusterRole, name: view',
      '[{kind: ServiceAccount, name: web}]',
    );
    const [problem] = detectProblemsInDocuments(parseDocuments(yaml));
    expect(problem?.code).toBe('require-service-account-subject-namespace');
    expect(problem?.message).toBe(
      "ServiceAccount subject 'web' has no namespace and therefore means the one in the binding's namespace 'shop', so set its namespace to make that explicit.",
    );
  });
});

describe('cluster scope for namespaced resources', () => {
  it('reports a ClusterRoleBinding at its kind', () => {
    const yaml = `${NAMESPACED_ROLE}
${binding('ClusterRoleBinding', 'kind: ClusterRole, name: config-reader', ALICE)}`;
    expect(problemsIn(yaml)).toEqual([
      {
        code: 'no-cluster-role-binding-for-namespaced-resources',
        object: 'ClusterRoleBinding/subject',
        path: 'kind',
      },
    ]);
  });

  it('reports a ClusterRole bound in one namespace only', () => {
    const yaml = `${NAMESPACED_ROLE}
${binding('RoleBinding', 'kind: ClusterRole, name: config-reader', ALICE)}`;
    expect(problemsIn(yaml)).toEqual([
      {
        code: 'no-cluster-role-for-namespaced-resources',
        object: 'ClusterRole/config-reader',
        path: 'kind',
      },
    ]);
  });

  it('ignores roles with cluster-scoped or unknown resources', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: mixed}
rules:
  - {apiGroups: [""], resources: [pods, nodes], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: unknown}
rules:
  - {apiGroups: [example.com], resources: [gadgets], verbs: [get]}
---
${binding('ClusterRoleBinding', 'kind: ClusterRole, name: mixed', ALICE)}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: other}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: unknown}
subjects: ${ALICE}
`;
    expect(problemsIn(yaml)).toEqual([]);
  });

  it('ignores ClusterRole an operator may bind', () => {
    const yaml = `${NAMESPACED_ROLE}
${binding('RoleBinding', 'kind: ClusterRole, name: config-reader', ALICE)}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: operator}
rules:
  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [config-reader], verbs: [bind]}
`;
    expect(problemsIn(yaml).map((problem) => problem.code)).toEqual(['no-escalation-verbs']);
  });

  it('ignores ClusterRole aggregated into built-ins', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
${binding('RoleBinding', 'kind: ClusterRole, name: widgets-view', ALICE)}`;
    expect(problemsIn(yaml)).toEqual([]);
  });
});

describe('undefined references', () => {
  it('stays silent unless the manifests are complete', () => {
    expect(
      problemsIn(
        binding(
          'RoleBinding',
          'kind: Role, name: missing',
          '[{kind: ServiceAccount, name: ghost, namespace: shop}]',
        ),
      ),
    ).toEqual([]);
  });

  it('reports missing roles and ServiceAccounts', () => {
    const yaml = binding(
      'RoleBinding',
      'kind: Role, name: missing',
      '[{kind: ServiceAccount, name: ghost, namespace: shop}]',
    );
    expect(problemsIn(yaml, { assumeComplete: true })).toEqual([
      { code: 'no-undefined-role-ref', object: 'RoleBinding/subject', path: 'roleRef.name' },
      {
        code: 'no-undefined-service-account',
        object: 'RoleBinding/subject',
        path: 'subjects[0].name',
      },
    ]);
  });

  it('points at a Role of another namespace', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: billing}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
${binding('RoleBinding', 'kind: Role, name: reader', ALICE)}`;
    const problem = detectProblemsInDocuments(parseDocuments(yaml), { assumeComplete: true }).find(
      (found) => found.code === 'no-undefined-role-ref',
    );
    expect(problem?.message).toBe(
      "Role 'reader' is not defined in namespace 'shop' in these manifests (only in namespace 'billing'), so add it or correct roleRef.name.",
    );
  });

  it('skips built-in roles and ServiceAccounts', () => {
    const yaml = `${binding('ClusterRoleBinding', 'kind: ClusterRole, name: "system:auth-delegator"', '[{kind: ServiceAccount, name: default, namespace: shop}]')}
---
${binding('RoleBinding', 'kind: Role, name: extension-apiserver-authentication-reader', '[{kind: ServiceAccount, name: coredns, namespace: kube-system}]', 'kube-system')}`;
    expect(problemsIn(yaml, { assumeComplete: true })).toEqual([]);
  });
});

describe('no-inline-rules-on-aggregated-role', () => {
  it('reports the rules key and nothing inside it', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: combined}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {team: ops}}]}
rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
`;
    expect(problemsIn(yaml)).toEqual([
      { code: 'no-inline-rules-on-aggregated-role', object: 'ClusterRole/combined', path: 'rules' },
    ]);
  });

  it('accepts an empty rules list', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: combined}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {team: ops}}]}
rules: []
`;
    expect(problemsIn(yaml)).toEqual([]);
  });
});
