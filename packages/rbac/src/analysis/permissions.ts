import type { KubeObject, ObjectRef } from '../model/objects.js';
import { compareStrings, formatRef, refKey } from '../model/objects.js';
import { resourceScope } from '../model/resources.js';
import type { Subject } from '../model/subjects.js';
import { identityOf } from '../model/subjects.js';
import type { Grant, UnresolvedBinding } from './authorize.js';
import { applicableBindings, grantOf } from './authorize.js';
import type { RbacIndex, RuleEntry, WorkloadEntry } from './rbac-index.js';
import { findServiceAccount } from './rbac-index.js';

/** Scope of a permission: cluster-wide through a ClusterRoleBinding, or one namespace. */
export type PermissionScope =
  { readonly kind: 'cluster' } | { readonly kind: 'namespace'; readonly namespace: string };

/**
 * One verb on one resource entry of a rule, as written: `resource` may be `*`, `*\/exec` or
 * carry a subresource, and `apiGroup` may be `*`. Absent `resourceName` means every name.
 */
export interface ResourcePermission {
  readonly type: 'resource';
  readonly scope: PermissionScope;
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly resourceName?: string;
  readonly grants: readonly Grant[];
}

/** One verb on one `nonResourceURLs` entry, where a trailing `*` is a prefix match. */
export interface NonResourcePermission {
  readonly type: 'non-resource';
  readonly verb: string;
  readonly url: string;
  readonly grants: readonly Grant[];
}

export type Permission = ResourcePermission | NonResourcePermission;

export interface SubjectPermissions {
  readonly subject: Subject;
  /** Sorted: cluster-wide first, then by namespace, API group, resource, name and verb. */
  readonly permissions: readonly Permission[];
  readonly unresolved: readonly UnresolvedBinding[];
}

export interface WorkloadPermissions extends SubjectPermissions {
  readonly workload: ObjectRef;
  /** Whether the manifests define the ServiceAccount the pods run as. */
  readonly serviceAccountDefined: boolean;
  /** Whether the pods get an API token: the pod spec decides, then the ServiceAccount, else true. */
  readonly automountServiceAccountToken: boolean;
}

/**
 * Lists the permissions of a subject across all bindings of the manifests. Each permission
 * names every binding and rule that grants it. A RoleBinding grants nothing on cluster-scoped
 * resources, except on its own Namespace object, and nothing on non-resource URLs, so those
 * rules are left out for it.
 */
export function permissionsOf(index: RbacIndex, subject: Subject): SubjectPermissions {
  const byKey = new Map<
    string,
    { permission: Permission; grants: Grant[]; grantKeys: Set<string> }
  >();
  const unresolved: UnresolvedBinding[] = [];

  for (const applied of applicableBindings(index, identityOf(subject), 'all')) {
    if (applied.unresolved !== undefined) unresolved.push(applied.unresolved);
    const scope: PermissionScope =
      applied.binding.ref.kind === 'RoleBinding' && applied.binding.ref.namespace !== undefined
        ? { kind: 'namespace', namespace: applied.binding.ref.namespace }
        : { kind: 'cluster' };

    for (const rule of applied.rules) {
      const grant = grantOf(applied.binding, applied.subjectIndex, rule);
      const grantKey = `${refKey(grant.binding)}|${refKey(grant.ruleRole)}|${rule.index}`;
      for (const permission of expandRule(index, rule, scope)) {
        const key = permissionKey(permission);
        const entry = byKey.get(key) ?? { permission, grants: [], grantKeys: new Set() };
        byKey.set(key, entry);
        if (!entry.grantKeys.has(grantKey)) {
          entry.grantKeys.add(grantKey);
          entry.grants.push(grant);
        }
      }
    }
  }

  const permissions = [...byKey.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, { permission, grants }]) => ({ ...permission, grants }));
  return { subject, permissions, unresolved };
}

/**
 * Lists the permissions of the ServiceAccount a workload runs as. `workload` is an entry of
 * the index, an object of the manifests, or a reference such as `{kind: 'Deployment',
 * namespace: 'shop', name: 'web'}`. A workload the index lacks raises an error.
 */
export function permissionsOfWorkload(
  index: RbacIndex,
  workload: WorkloadEntry | KubeObject | ObjectRef,
): WorkloadPermissions {
  const entry = findWorkload(index, workload);
  const namespace = entry.ref.namespace;
  const serviceAccount = findServiceAccount(index, namespace, entry.serviceAccountName);
  const subject: Subject = { kind: 'ServiceAccount', namespace, name: entry.serviceAccountName };

  const automount =
    entry.automountServiceAccountToken?.value ??
    serviceAccount?.automountServiceAccountToken?.value ??
    true;
  return {
    ...permissionsOf(index, subject),
    workload: entry.ref,
    serviceAccountDefined: serviceAccount !== undefined,
    automountServiceAccountToken: automount,
  };
}

export function findWorkload(
  index: RbacIndex,
  workload: WorkloadEntry | KubeObject | ObjectRef,
): WorkloadEntry {
  const asRef = workload as Partial<ObjectRef>;
  const found = index.workloads.find(
    (entry) =>
      entry === workload ||
      entry.item === workload ||
      (entry.ref.kind === asRef.kind &&
        entry.ref.name === asRef.name &&
        entry.ref.namespace === asRef.namespace),
  );
  if (found !== undefined) return found;

  const described =
    typeof asRef.kind === 'string' && typeof asRef.name === 'string'
      ? formatRef({ kind: asRef.kind, name: asRef.name, namespace: asRef.namespace })
      : 'the given object';
  throw new Error(
    `Workload not found: ${described} is not a workload of the manifests, so check its kind, namespace and name.`,
  );
}

function expandRule(index: RbacIndex, entry: RuleEntry, scope: PermissionScope): Permission[] {
  const { rule } = entry;
  const permissions: Permission[] = [];

  if (scope.kind === 'cluster') {
    for (const url of rule.nonResourceURLs) {
      for (const verb of rule.verbs)
        permissions.push({ type: 'non-resource', verb, url, grants: [] });
    }
  }

  for (const apiGroup of rule.apiGroups) {
    for (const resource of rule.resources) {
      const names = namesInScope(index, apiGroup, resource, rule.resourceNames, scope);
      if (names === undefined) continue;
      for (const verb of rule.verbs) {
        for (const resourceName of names) {
          permissions.push({
            type: 'resource',
            scope,
            verb,
            apiGroup,
            resource,
            ...(resourceName === undefined ? {} : { resourceName }),
            grants: [],
          });
        }
      }
    }
  }
  return permissions;
}

/**
 * Returns the names a rule reaches on a resource within a scope (`[undefined]` for every name),
 * or `undefined` when a RoleBinding cannot reach the resource at all.
 */
function namesInScope(
  index: RbacIndex,
  apiGroup: string,
  resource: string,
  resourceNames: readonly string[],
  scope: PermissionScope,
): (string | undefined)[] | undefined {
  const all = resourceNames.length === 0 ? [undefined] : [...resourceNames];
  if (scope.kind === 'cluster') return all;
  if (resourceScope(apiGroup, resource, index.customResourceScopes) !== 'Cluster') return all;

  // A RoleBinding reaches only its own Namespace object among cluster-scoped resources.
  const base = resource.split('/')[0];
  if (apiGroup !== '' || base !== 'namespaces') return undefined;
  if (resourceNames.length === 0) return [scope.namespace];
  return resourceNames.includes(scope.namespace) ? [scope.namespace] : undefined;
}

const PERMISSION_KEY_SEPARATOR = '\u0000';

function permissionKey(permission: Permission): string {
  if (permission.type === 'non-resource') {
    return ['2', permission.url, permission.verb].join(PERMISSION_KEY_SEPARATOR);
  }
  const scope = permission.scope.kind === 'cluster' ? '0' : `1${permission.scope.namespace}`;
  return [
    scope,
    permission.apiGroup,
    permission.resource,
    permission.resourceName ?? '',
    permission.verb,
  ].join(PERMISSION_KEY_SEPARATOR);
}
