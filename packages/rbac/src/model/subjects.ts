import type { Path } from '@kubeharden/core';

/**
 * Identity whose permissions are evaluated. A `User` may list the groups its authenticator
 * reports, and a `Group` is a member that has no other user name or group.
 */
export type Subject =
  | { readonly kind: 'User'; readonly name: string; readonly groups?: readonly string[] }
  | { readonly kind: 'Group'; readonly name: string }
  | { readonly kind: 'ServiceAccount'; readonly namespace: string; readonly name: string };

/** User name and groups that the authorizer compares with binding subjects. */
export interface Identity {
  /** User name, absent for a bare group, which matches no User or ServiceAccount subject. */
  readonly user?: string;
  readonly groups: readonly string[];
}

/** A subject entry of a RoleBinding or ClusterRoleBinding. */
export interface BindingSubject {
  readonly kind: string;
  readonly name: string;
  /** Namespace as written. When absent, the authorizer uses the RoleBinding's namespace. */
  readonly namespace?: string;
  /** Index in the binding's `subjects` list. */
  readonly index: number;
  /** Path of the entry, relative to the document object. */
  readonly path: Path;
}

export const ANONYMOUS_USER = 'system:anonymous';
export const AUTHENTICATED_GROUP = 'system:authenticated';
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';

const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';

/** Returns the user name a ServiceAccount token authenticates as. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;
}

/** Reads `system:serviceaccount:<namespace>:<name>`, or returns `undefined` for other user names. */
export function parseServiceAccountUsername(
  user: string,
): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return undefined;
  const [namespace, name, ...rest] = user.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  if (!namespace || !name || rest.length > 0) return undefined;
  return { namespace, name };
}

/** Returns the groups every token of a ServiceAccount in `namespace` carries. */
export function serviceAccountGroups(namespace: string): string[] {
  return [
    ALL_SERVICE_ACCOUNTS_GROUP,
    `${ALL_SERVICE_ACCOUNTS_GROUP}:${namespace}`,
    AUTHENTICATED_GROUP,
  ];
}

/**
 * Derives the identity that the authorizer evaluates. A user other than `system:anonymous` is
 * authenticated, so it belongs to `system:authenticated`, and the anonymous user belongs to
 * `system:unauthenticated`. A user named `system:serviceaccount:<namespace>:<name>` is that
 * ServiceAccount.
 */
export function identityOf(subject: Subject): Identity {
  switch (subject.kind) {
    case 'ServiceAccount':
      return {
        user: serviceAccountUsername(subject.namespace, subject.name),
        groups: serviceAccountGroups(subject.namespace),
      };
    case 'Group':
      return { groups: [subject.name] };
    case 'User': {
      const serviceAccount = parseServiceAccountUsername(subject.name);
      if (serviceAccount !== undefined) {
        return identityOf({ kind: 'ServiceAccount', ...serviceAccount });
      }
      const implicit =
        subject.name === ANONYMOUS_USER ? UNAUTHENTICATED_GROUP : AUTHENTICATED_GROUP;
      const groups = [...(subject.groups ?? [])];
      if (!groups.includes(implicit)) groups.push(implicit);
      return { user: subject.name, groups };
    }
  }
}

/**
 * Decides whether a binding subject applies to an identity, as the RBAC authorizer does.
 * `bindingNamespace` is the namespace of a RoleBinding and `undefined` for a
 * ClusterRoleBinding, where a ServiceAccount subject without a namespace matches no identity.
 */
export function bindingSubjectApplies(
  identity: Identity,
  subject: BindingSubject,
  bindingNamespace: string | undefined,
): boolean {
  switch (subject.kind) {
    case 'User':
      return identity.user === subject.name;
    case 'Group':
      return identity.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace ?? bindingNamespace;
      if (namespace === undefined || identity.user === undefined) return false;
      return identity.user === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

/** Formats a subject as `User alice`, `Group devs` or `ServiceAccount example/app`. */
export function formatSubject(subject: Subject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount ${subject.namespace}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

/** Converts a binding subject to a subject, or returns `undefined` when it matches no identity. */
export function subjectOfBindingSubject(
  subject: BindingSubject,
  bindingNamespace: string | undefined,
): Subject | undefined {
  switch (subject.kind) {
    case 'User': {
      const serviceAccount = parseServiceAccountUsername(subject.name);
      return serviceAccount === undefined
        ? { kind: 'User', name: subject.name }
        : { kind: 'ServiceAccount', ...serviceAccount };
    }
    case 'Group':
      return { kind: 'Group', name: subject.name };
    case 'ServiceAccount': {
      const namespace = subject.namespace ?? bindingNamespace;
      return namespace === undefined
        ? undefined
        : { kind: 'ServiceAccount', namespace, name: subject.name };
    }
    default:
      return undefined;
  }
}
