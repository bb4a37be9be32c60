import type { Rule } from '@kubeharden/core';

import { ACCESS_SECTIONS, IDENTITY_SECTIONS, rbacRule } from './rbac-rule.js';

const NEEDS_COMPLETE_MANIFESTS =
  'Runs only when `completeManifests` is true in the configuration, because otherwise the object may come from another source.';

export const noClusterAdminBinding = rbacRule({
  id: 'no-cluster-admin-binding',
  severity: 'error',
  description: 'Bindings do not grant the ClusterRole cluster-admin.',
  remediation:
    "Bind a role that lists only the permissions the subjects need, and give people cluster-admin only for a limited time through the cluster's access process.",
  rationale:
    'The ClusterRole cluster-admin allows every verb on every resource. Through a ClusterRoleBinding it covers the whole cluster, and through a RoleBinding everything in the namespace, its Roles and RoleBindings included. A subject that is compromised then controls every workload in that scope and reads every Secret.',
  hipaa: ACCESS_SECTIONS,
  equivalents: [
    { tool: 'kube-linter', id: 'cluster-admin-role-binding' },
    { tool: 'polaris', id: 'clusterrolebindingClusterAdmin' },
    { tool: 'kubescape', id: 'C-0035' },
    { tool: 'kubescape', id: 'C-0185' },
  ],
});

export const noBindingToFullWildcardRole = rbacRule({
  id: 'no-binding-to-full-wildcard-role',
  severity: 'error',
  description:
    'Bindings do not grant roles with a rule that allows every verb on every resource of every API group.',
  remediation:
    "Replace the role's wildcard rule with the verbs, API groups and resources the subjects use, or bind a narrower role.",
  rationale:
    'A rule with `*` verbs on `*` resources in `*` API groups is cluster-admin under another name. The binding gives its subjects full control of its scope, and reviews that look only for cluster-admin miss it.',
  hipaa: ACCESS_SECTIONS,
  equivalents: [
    { tool: 'polaris', id: 'clusterrolebindingClusterAdmin' },
    { tool: 'polaris', id: 'rolebindingClusterAdminClusterRole' },
    { tool: 'polaris', id: 'rolebindingClusterAdminRole' },
  ],
  limitations: [
    'Only roles that the manifests define, or that aggregate rules from them, are examined; a binding to cluster-admin is reported by no-cluster-admin-binding instead.',
  ],
});

export const noPublicSubjects = rbacRule({
  id: 'no-public-subjects',
  severity: 'error',
  description:
    'Bindings name no system:anonymous, system:unauthenticated or system:authenticated subject.',
  remediation:
    'Replace the subject with the users, groups or ServiceAccounts that need the access.',
  rationale:
    'The subjects system:anonymous and system:unauthenticated stand for every request without credentials, and system:authenticated for every user and ServiceAccount of the cluster. A role bound to them is open to anyone who reaches the API server, or to every pod with a token, and its use cannot be traced to one identity.',
  hipaa: IDENTITY_SECTIONS,
});

export const requireServiceAccountSubjectNamespace = rbacRule({
  id: 'require-service-account-subject-namespace',
  severity: 'warning',
  description: 'ServiceAccount subjects of bindings name their namespace.',
  remediation: 'Set namespace on each ServiceAccount subject of the binding.',
  rationale:
    "The API server rejects a ClusterRoleBinding with a ServiceAccount subject that has no namespace. In a RoleBinding such a subject means the ServiceAccount of the binding's namespace, which hides from reviewers which identity holds the permissions.",
  hipaa: IDENTITY_SECTIONS,
  limitations: [
    'A RoleBinding that names no namespace of its own is not reported, because it and its subjects follow the namespace the manifests are applied to.',
  ],
});

export const noClusterRoleBindingForNamespacedResources = rbacRule({
  id: 'no-cluster-role-binding-for-namespaced-resources',
  severity: 'warning',
  description:
    'ClusterRoles that cover only namespaced resources are granted through RoleBindings.',
  remediation:
    'Replace the ClusterRoleBinding with RoleBindings in the namespaces where the subjects work.',
  rationale:
    'A ClusterRoleBinding grants its role in every namespace, present and future. When the role covers only namespaced resources, RoleBindings in the namespaces that need it give the same access without reaching the namespaces of other applications.',
  hipaa: ACCESS_SECTIONS,
  limitations: [
    'Roles with wildcards, non-resource URLs or custom resources are never reported, because their scope is not known: the rules do not read CustomResourceDefinitions, whose parsing would dominate the run.',
    'Controllers that watch every namespace need the ClusterRoleBinding; suppress the finding for them with a reason.',
  ],
});

export const noClusterRoleForNamespacedResources = rbacRule({
  id: 'no-cluster-role-for-namespaced-resources',
  severity: 'warning',
  description: 'ClusterRoles that are bound in one namespace only are Roles of that namespace.',
  remediation:
    'Turn the ClusterRole into a Role in that namespace and point the RoleBindings at it.',
  rationale:
    'Anyone allowed to bind a ClusterRole can grant it in any namespace. A Role keeps the permissions, and their review, inside the namespace that uses them.',
  hipaa: ACCESS_SECTIONS,
  limitations: [
    'A ClusterRole that an aggregated ClusterRole selects, or that a role of the manifests may bind, is not reported, and neither is one that covers custom resources, whose scope the rules do not read.',
    'Bindings that operators create at runtime are not visible, so the ClusterRole may be bound in more namespaces than the manifests show.',
  ],
});

export const noUndefinedRoleRef = rbacRule({
  id: 'no-undefined-role-ref',
  severity: 'warning',
  description: 'Bindings reference Roles and ClusterRoles that the manifests define.',
  remediation: 'Add the missing role to the manifests or correct roleRef.name.',
  rationale:
    "A binding to a missing role grants nothing today, but whoever later creates a role of that name, with any rules, grants them at once to the binding's subjects. It also often means a typo that leaves a workload without the access it needs.",
  hipaa: ACCESS_SECTIONS,
  limitations: [
    NEEDS_COMPLETE_MANIFESTS,
    'Built-in ClusterRoles (cluster-admin, admin, edit, view and system:*) and the Roles system:* and extension-apiserver-authentication-reader count as defined.',
  ],
});

/** Rules about RoleBindings, ClusterRoleBindings and the scope of roles. */
export const BINDING_RULES: readonly Rule[] = [
  noClusterAdminBinding,
  noBindingToFullWildcardRole,
  noPublicSubjects,
  requireServiceAccountSubjectNamespace,
  noClusterRoleBindingForNamespacedResources,
  noClusterRoleForNamespacedResources,
  noUndefinedRoleRef,
];
