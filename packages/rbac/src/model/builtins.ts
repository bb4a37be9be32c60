import { RBAC_GROUP } from './objects.js';

/** Labels of the roles the API server creates, which aggregation selectors can match. */
export const BOOTSTRAP_LABELS: Readonly<Record<string, string>> = {
  'kubernetes.io/bootstrapping': 'rbac-defaults',
};

/** Label that marks the ClusterRoles whose rules the built-in `<role>` aggregates. */
export function aggregateToLabel(role: 'admin' | 'edit' | 'view'): string {
  return `${RBAC_GROUP}/aggregate-to-${role}`;
}

/**
 * Built-in ClusterRoles that these manifests may bind without defining them, written as the
 * API server creates them at startup (`plugin/pkg/auth/authorizer/rbac/bootstrappolicy` in
 * kubernetes/kubernetes). `cluster-admin` has two fixed rules. `admin`, `edit` and `view`
 * aggregate every ClusterRole with their `aggregate-to-*` label, so rules that manifests
 * contribute through those labels are found. Their base rules come from built-in roles this
 * package does not model, so they count as only partly known.
 */
export const BUILT_IN_CLUSTER_ROLES: readonly Record<string, unknown>[] = [
  {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'cluster-admin', labels: BOOTSTRAP_LABELS },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
  },
  {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'admin', labels: BOOTSTRAP_LABELS },
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { [aggregateToLabel('admin')]: 'true' } }],
    },
  },
  {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name: 'edit',
      labels: { ...BOOTSTRAP_LABELS, [aggregateToLabel('admin')]: 'true' },
    },
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { [aggregateToLabel('edit')]: 'true' } }],
    },
  },
  {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name: 'view',
      labels: { ...BOOTSTRAP_LABELS, [aggregateToLabel('edit')]: 'true' },
    },
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { [aggregateToLabel('view')]: 'true' } }],
    },
  },
];

/** Built-in ClusterRoles whose rules are fully known here. */
export const FULLY_KNOWN_BUILT_IN_ROLES: ReadonlySet<string> = new Set(['cluster-admin']);

/**
 * True for the names of ClusterRoles that every cluster creates: the user-facing roles and
 * every `system:` role.
 */
export function isBuiltInClusterRoleName(name: string): boolean {
  return ['cluster-admin', 'admin', 'edit', 'view'].includes(name) || name.startsWith('system:');
}
