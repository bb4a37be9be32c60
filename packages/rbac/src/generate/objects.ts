import { buildIndex } from '../analysis/rbac-index.js';
import { RBAC_GROUP } from '../model/objects.js';
import type { Subject } from '../model/subjects.js';
import { ANONYMOUS_USER, AUTHENTICATED_GROUP, UNAUTHENTICATED_GROUP } from '../model/subjects.js';
import { findRoleProblems } from '../problems/rule-problems.js';
import {
  validateApiGroup,
  validateNamespace,
  validateObjectName,
  validateResource,
  validateResourceNames,
  validateRoleName,
  validateVerbs,
} from './validate.js';

/** One least-privilege permission: some verbs on one resource, optionally on named objects only. */
export interface PermissionSpec {
  /** `""` for the core group. */
  readonly apiGroup: string;
  /** Plural resource, optionally with a subresource: `configmaps`, `pods/log`. */
  readonly resource: string;
  readonly verbs: readonly string[];
  /** Names of the objects the verbs apply to, absent for every object of the resource. */
  readonly resourceNames?: readonly string[];
}

export interface ServiceAccountSpec {
  readonly name: string;
  readonly namespace: string;
  /** Whether pods mount the token by default. Keep it false unless the pods call the API server. */
  readonly automountToken?: boolean;
}

export interface RoleSpec {
  readonly name: string;
  readonly namespace: string;
  readonly permissions: readonly PermissionSpec[];
}

export interface RoleBindingSpec {
  readonly name: string;
  readonly namespace: string;
  readonly roleRef: { readonly kind: 'Role' | 'ClusterRole'; readonly name: string };
  readonly subjects: readonly Subject[];
}

/**
 * Verbs whose requests carry no object name, so a rule with `resourceNames` never allows
 * them: create names the object in the body, and deletecollection names none.
 */
const VERBS_WITHOUT_NAMES = ['create', 'deletecollection'];

/** Describes read access to named objects: `readNamed('configmaps', ['app-config'])`. */
export function readNamed(
  resource: string,
  names: readonly string[],
  apiGroup = '',
): PermissionSpec {
  return { apiGroup, resource, verbs: ['get'], resourceNames: names };
}

/** Generates a ServiceAccount that, by default, does not mount its token into pods. */
export function serviceAccount(spec: ServiceAccountSpec): Record<string, unknown> {
  const name = validateObjectName('ServiceAccount name', spec.name);
  const namespace = validateNamespace('namespace', spec.namespace);
  const automountToken = spec.automountToken ?? false;
  if (typeof automountToken !== 'boolean') {
    throw new Error(`Invalid automountToken ${JSON.stringify(automountToken)}: use true or false.`);
  }

  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
    automountServiceAccountToken: automountToken,
  };
}

/**
 * Generates a Role with one rule per permission, in the given order. Throws when a
 * permission is malformed or grants access that the problem checks of this package report,
 * such as reading every Secret or running commands in pods.
 */
export function role(spec: RoleSpec): Record<string, unknown> {
  const name = validateRoleName('Role name', spec.name);
  const namespace = validateNamespace('namespace', spec.namespace);
  if (!Array.isArray(spec.permissions) || spec.permissions.length === 0) {
    throw new Error(
      `Invalid permissions ${JSON.stringify(spec.permissions)}: list at least one permission, or bind no Role when the workload needs no API access.`,
    );
  }

  const rules = spec.permissions.map((permission, index) =>
    ruleOf(permission, `permissions[${index}]`),
  );
  const generated = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'Role',
    metadata: { name, namespace },
    rules,
  };

  rejectProblems(generated);
  return generated;
}

/** Generates a RoleBinding in `namespace` to a Role of that namespace or to a ClusterRole. */
export function roleBinding(spec: RoleBindingSpec): Record<string, unknown> {
  const name = validateRoleName('RoleBinding name', spec.name);
  const namespace = validateNamespace('namespace', spec.namespace);
  const roleRef = spec.roleRef;
  if (roleRef?.kind !== 'Role' && roleRef?.kind !== 'ClusterRole') {
    throw new Error(
      `Invalid roleRef.kind ${JSON.stringify(roleRef?.kind)}: use "Role" or "ClusterRole".`,
    );
  }
  const roleName = validateRoleName('roleRef.name', roleRef.name);
  if (roleRef.kind === 'ClusterRole' && roleName === 'cluster-admin') {
    throw new Error(
      `Invalid roleRef.name "cluster-admin": it allows every action in the namespace, so bind a role with only the permissions the subjects need.`,
    );
  }
  if (!Array.isArray(spec.subjects) || spec.subjects.length === 0) {
    throw new Error(
      `Invalid subjects ${JSON.stringify(spec.subjects)}: list at least one subject.`,
    );
  }

  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC_GROUP, kind: roleRef.kind, name: roleName },
    subjects: spec.subjects.map((subject, index) => subjectOf(subject, `subjects[${index}]`)),
  };
}

function ruleOf(permission: PermissionSpec, field: string): Record<string, unknown> {
  const apiGroup = validateApiGroup(`${field}.apiGroup`, permission?.apiGroup);
  const resource = validateResource(`${field}.resource`, permission.resource);
  const verbs = validateVerbs(`${field}.verbs`, permission.verbs);
  const resourceNames = validateResourceNames(`${field}.resourceNames`, permission.resourceNames);

  const unnamed = verbs.filter((verb) => VERBS_WITHOUT_NAMES.includes(verb));
  if (resourceNames !== undefined && unnamed.length > 0) {
    throw new Error(
      `Invalid ${field}.verbs: '${unnamed.join("', '")}' requests carry no object name, so a rule with resourceNames never allows them. Move them to a permission without resourceNames.`,
    );
  }

  return {
    apiGroups: [apiGroup],
    resources: [resource],
    verbs,
    ...(resourceNames === undefined ? {} : { resourceNames }),
  };
}

function subjectOf(subject: Subject, field: string): Record<string, unknown> {
  switch (subject?.kind) {
    case 'ServiceAccount':
      return {
        kind: 'ServiceAccount',
        name: validateObjectName(`${field}.name`, subject.name),
        namespace: validateNamespace(`${field}.namespace`, subject.namespace),
      };
    case 'User':
    case 'Group': {
      const publicNames = [ANONYMOUS_USER, UNAUTHENTICATED_GROUP, AUTHENTICATED_GROUP];
      if (
        typeof subject.name !== 'string' ||
        subject.name === '' ||
        publicNames.includes(subject.name)
      ) {
        throw new Error(
          `Invalid ${field}.name ${JSON.stringify(subject.name)}: name one user or group, not everyone or every anonymous caller.`,
        );
      }
      return { kind: subject.kind, apiGroup: RBAC_GROUP, name: subject.name };
    }
    default:
      throw new Error(
        `Invalid ${field}.kind ${JSON.stringify((subject as { kind?: unknown } | undefined)?.kind)}: use "User", "Group" or "ServiceAccount".`,
      );
  }
}

/** Throws with the first rule problem of a generated role, naming the permission behind it. */
function rejectProblems(generated: Record<string, unknown>): void {
  const index = buildIndex([generated]);
  for (const entry of index.roles) {
    const [finding] = findRoleProblems(entry);
    if (finding === undefined) continue;
    const where = finding.rule === undefined ? 'The role' : `permissions[${finding.rule.index}]`;
    throw new Error(`Invalid ${where}: ${finding.message}`);
  }
}
