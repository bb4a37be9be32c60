import { formatPath, type Path } from '@kubeharden/core';
import { rulesOfBinding } from '../analysis/authorize.js';
import type { BindingEntry, RbacIndex, RoleEntry, RuleEntry } from '../analysis/rbac-index.js';
import { effectiveRulesOf } from '../analysis/rbac-index.js';
import { isBuiltInClusterRoleName } from '../model/builtins.js';
import { RBAC_GROUP } from '../model/objects.js';
import { resourceScope } from '../model/resources.js';
import type { AccessRequest } from '../model/rules.js';
import { isFullWildcardRule, ruleAllows } from '../model/rules.js';
import { matchesLabelSelector } from '../model/selectors.js';
import { ANONYMOUS_USER, AUTHENTICATED_GROUP, UNAUTHENTICATED_GROUP } from '../model/subjects.js';
import type { ProblemCode } from './types.js';

/** A problem found in a binding or role, before the object is attached. */
export interface Finding {
  readonly code: ProblemCode;
  readonly message: string;
  readonly path: Path;
}

/** Subjects that stand for everyone, or for everyone without credentials. */
const PUBLIC_SUBJECTS: readonly { kind: string; name: string; meaning: string }[] = [
  { kind: 'User', name: ANONYMOUS_USER, meaning: 'every request without credentials' },
  { kind: 'Group', name: UNAUTHENTICATED_GROUP, meaning: 'every request without credentials' },
  {
    kind: 'Group',
    name: AUTHENTICATED_GROUP,
    meaning: 'every authenticated user and ServiceAccount of the cluster',
  },
];

/** Roles that clusters create in kube-system and that bindings of add-ons reference. */
const BUILT_IN_ROLE_NAMES: ReadonlySet<string> = new Set([
  'extension-apiserver-authentication-reader',
]);

export function findBindingProblems(
  index: RbacIndex,
  binding: BindingEntry,
  assumeComplete: boolean,
): Finding[] {
  const findings: Finding[] = [
    ...findPrivilegedRoleRef(index, binding),
    ...findSubjectProblems(binding),
    ...findClusterBindingForNamespacedResources(index, binding),
  ];
  if (assumeComplete) findings.push(...findUndefinedRoleRef(index, binding));
  return findings;
}

function roleRefNamePath(binding: BindingEntry): Path {
  return binding.roleRef === undefined ? binding.path : [...binding.roleRef.path, 'name'];
}

function findPrivilegedRoleRef(index: RbacIndex, binding: BindingEntry): Finding[] {
  const roleRef = binding.roleRef;
  if (roleRef === undefined) return [];

  if (roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin') {
    const reach =
      binding.ref.kind === 'ClusterRoleBinding'
        ? 'every action in the cluster'
        : `every action in namespace '${binding.ref.namespace ?? ''}', including changes to its RBAC`;
    return [
      {
        code: 'no-cluster-admin-binding',
        message: `Role reference 'cluster-admin' allows ${reach}, so bind a role with only the permissions the subjects need.`,
        path: roleRefNamePath(binding),
      },
    ];
  }

  if (binding.role === undefined) return [];
  const wildcardRule = effectiveRulesOf(index, binding.role).rules.find((rule) =>
    isFullWildcardRule(rule.rule),
  );
  if (wildcardRule === undefined) return [];
  return [
    {
      code: 'no-binding-to-full-wildcard-role',
      message: `Role reference '${roleRef.name}' grants every verb on every resource through ${describeRule(wildcardRule)}, so bind a role with only the permissions the subjects need.`,
      path: roleRefNamePath(binding),
    },
  ];
}

function describeRule(rule: RuleEntry): string {
  return `${rule.role.ref.kind} '${rule.role.ref.name}' ${formatPath(rule.rulePath)}`;
}

function findSubjectProblems(binding: BindingEntry): Finding[] {
  const findings: Finding[] = [];

  for (const subject of binding.subjects) {
    const publicSubject = PUBLIC_SUBJECTS.find(
      (candidate) => candidate.kind === subject.kind && candidate.name === subject.name,
    );
    if (publicSubject !== undefined) {
      findings.push({
        code: 'no-public-subjects',
        message: `Subject '${subject.name}' is ${publicSubject.meaning}, so bind named users, groups or ServiceAccounts instead.`,
        path: [...subject.path, 'name'],
      });
    }

    // A RoleBinding without a namespace of its own follows the namespace it is applied to,
    // and so does a subject without one, which keeps the pair portable across namespaces.
    const portable = binding.ref.kind === 'RoleBinding' && !binding.namespaceExplicit;
    if (subject.kind === 'ServiceAccount' && subject.namespace === undefined && !portable) {
      const message =
        binding.ref.kind === 'ClusterRoleBinding'
          ? `ServiceAccount subject '${subject.name}' has no namespace, which the API server rejects in a ClusterRoleBinding, so set its namespace.`
          : `ServiceAccount subject '${subject.name}' has no namespace and therefore means the one in the binding's namespace '${binding.ref.namespace ?? ''}', so set its namespace to make that explicit.`;
      findings.push({
        code: 'require-service-account-subject-namespace',
        message,
        path: subject.path,
      });
    }
  }
  return findings;
}

/**
 * Reports a ClusterRoleBinding whose ClusterRole covers only namespaced resources, so
 * RoleBindings in the namespaces that need it would do.
 */
function findClusterBindingForNamespacedResources(
  index: RbacIndex,
  binding: BindingEntry,
): Finding[] {
  if (binding.ref.kind !== 'ClusterRoleBinding' || binding.role === undefined) return [];
  const effective = effectiveRulesOf(index, binding.role);
  if (!effective.complete || !coversOnlyNamespacedResources(index, effective.rules)) return [];

  return [
    {
      code: 'no-cluster-role-binding-for-namespaced-resources',
      message: `Kind 'ClusterRoleBinding' grants ClusterRole '${binding.role.ref.name}', which covers only namespaced resources, in every namespace, so use RoleBindings in the namespaces that need it.`,
      path: [...binding.path, 'kind'],
    },
  ];
}

/**
 * Reports a ClusterRole that covers only namespaced resources, that no aggregated ClusterRole
 * selects and no ClusterRoleBinding grants, and that RoleBindings grant in one namespace only.
 * A Role in that namespace would do.
 */
export function findClusterRoleForNamespacedResources(
  index: RbacIndex,
  role: RoleEntry,
): Finding[] {
  if (role.ref.kind !== 'ClusterRole' || role.builtIn || role.aggregationSelectors !== undefined) {
    return [];
  }
  if (!coversOnlyNamespacedResources(index, role.rules)) return [];
  if (isAggregatedElsewhere(index, role) || mayBeBoundAtRuntime(index, role)) return [];

  const namespaces = new Set<string>();
  for (const binding of index.bindings) {
    if (binding.role !== role) continue;
    if (binding.ref.kind === 'ClusterRoleBinding') return [];
    namespaces.add(binding.ref.namespace ?? '');
  }
  const [namespace] = [...namespaces];
  if (namespaces.size !== 1 || namespace === undefined) return [];

  return [
    {
      code: 'no-cluster-role-for-namespaced-resources',
      message: `Kind 'ClusterRole' covers only namespaced resources and is bound only in namespace '${namespace}', so make it a Role in that namespace.`,
      path: [...role.path, 'kind'],
    },
  ];
}

/**
 * True when a role of the manifests grants `bind` on this ClusterRole, as operators that
 * create RoleBindings in the namespaces they manage need. Such bindings are not in the
 * manifests, so the ClusterRole may be bound in more namespaces than they show.
 */
function mayBeBoundAtRuntime(index: RbacIndex, role: RoleEntry): boolean {
  const request: AccessRequest = {
    type: 'resource',
    verb: 'bind',
    apiGroup: RBAC_GROUP,
    resource: 'clusterroles',
    name: role.ref.name,
  };
  return index.roles.some((candidate) =>
    effectiveRulesOf(index, candidate).rules.some((rule) => ruleAllows(rule.rule, request)),
  );
}

function isAggregatedElsewhere(index: RbacIndex, role: RoleEntry): boolean {
  for (const candidate of index.rolesByKey.values()) {
    if (candidate === role || candidate.aggregationSelectors === undefined) continue;
    if (
      candidate.aggregationSelectors.some((selector) => matchesLabelSelector(selector, role.labels))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * True when the rules grant something and every API group and resource they name is known to
 * be namespaced. Wildcards, unknown custom resources and non-resource URLs make it false.
 */
export function coversOnlyNamespacedResources(
  index: RbacIndex,
  rules: readonly RuleEntry[],
): boolean {
  let grantsSomething = false;
  for (const { rule } of rules) {
    if (rule.nonResourceURLs.length > 0) return false;
    if (rule.verbs.length === 0) continue;
    for (const apiGroup of rule.apiGroups) {
      for (const resource of rule.resources) {
        if (resourceScope(apiGroup, resource, index.customResourceScopes) !== 'Namespaced') {
          return false;
        }
        grantsSomething = true;
      }
    }
  }
  return grantsSomething;
}

function findUndefinedRoleRef(index: RbacIndex, binding: BindingEntry): Finding[] {
  const roleRef = binding.roleRef;
  if (binding.role !== undefined || roleRef === undefined || roleRef.name === '') return [];
  if (roleRef.kind !== 'Role' && roleRef.kind !== 'ClusterRole') return [];
  if (roleRef.kind === 'ClusterRole' && isBuiltInClusterRoleName(roleRef.name)) return [];
  if (roleRef.kind === 'Role' && isBuiltInRoleName(roleRef.name)) return [];
  if (binding.ref.kind === 'ClusterRoleBinding' && roleRef.kind === 'Role') return [];

  // A Role without a namespace of its own lands wherever the manifests are applied, so a
  // Role of that name without an explicit namespace counts as defined.
  const elsewhere = index.roles.filter(
    (role) => role.ref.kind === 'Role' && role.ref.name === roleRef.name,
  );
  if (roleRef.kind === 'Role' && elsewhere.some((role) => !role.namespaceExplicit)) return [];
  if (roleRef.kind === 'Role' && !binding.namespaceExplicit && elsewhere.length > 0) return [];

  const where = roleRef.kind === 'Role' ? ` in namespace '${binding.ref.namespace ?? ''}'` : '';
  const others = elsewhere.map((role) => `'${role.ref.namespace ?? ''}'`).join(', ');
  const hint = others === '' ? '' : ` (only in namespace ${others})`;
  return [
    {
      code: 'no-undefined-role-ref',
      message: `${roleRef.kind} '${roleRef.name}' is not defined${where} in these manifests${hint}, so add it or correct roleRef.name.`,
      path: [...roleRef.path, 'name'],
    },
  ];
}

function isBuiltInRoleName(name: string): boolean {
  return name.startsWith('system:') || BUILT_IN_ROLE_NAMES.has(name);
}

/** True when any binding of the subject grants rules, or rules that are not known. */
export function bindingGrantsSomething(index: RbacIndex, binding: BindingEntry): boolean {
  const { rules, unresolved } = rulesOfBinding(index, binding);
  return rules.length > 0 || unresolved !== undefined;
}
