import { POD_BEARING_KINDS } from '@kubeharden/core';
import type { Subject } from '../model/subjects.js';
import { parseServiceAccountUsername } from '../model/subjects.js';

/** A workload named on the command line. */
export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** Target of `kubeharden rbac permissions`: a subject, or a workload and so its ServiceAccount. */
export type PermissionsTarget =
  | { readonly type: 'subject'; readonly subject: Subject }
  | { readonly type: 'workload'; readonly workload: WorkloadRef };

const USAGE =
  'use user:NAME, group:NAME, serviceaccount:NAMESPACE:NAME, sa:NAMESPACE/NAME or KIND/NAMESPACE/NAME for a workload';

/**
 * Parses the argument of `kubeharden rbac permissions`: `user:alice`, `group:devs`,
 * `serviceaccount:shop:web`, `sa:shop/web`, or a workload such as `Deployment/shop/web`.
 * Prefixes and kinds are case-insensitive. `user:system:serviceaccount:shop:web` is the
 * ServiceAccount, because that is the user name its tokens carry. Throws on anything else.
 */
export function parsePermissionsTarget(argument: string): PermissionsTarget {
  const colon = argument.indexOf(':');
  const slash = argument.indexOf('/');
  if (colon < 0 || (slash >= 0 && slash < colon)) {
    return { type: 'workload', workload: parseWorkloadRef(argument) };
  }
  return { type: 'subject', subject: parseSubject(argument) };
}

/** Parses `user:NAME`, `group:NAME`, `serviceaccount:NAMESPACE:NAME` or `sa:NAMESPACE/NAME`. */
export function parseSubject(argument: string): Subject {
  const colon = argument.indexOf(':');
  const prefix = colon < 0 ? '' : argument.slice(0, colon).toLowerCase();
  const rest = colon < 0 ? '' : argument.slice(colon + 1);

  if (prefix === 'user' && rest !== '') {
    const serviceAccount = parseServiceAccountUsername(rest);
    return serviceAccount === undefined
      ? { kind: 'User', name: rest }
      : { kind: 'ServiceAccount', ...serviceAccount };
  }
  if (prefix === 'group' && rest !== '') return { kind: 'Group', name: rest };
  if (prefix === 'serviceaccount' || prefix === 'sa') {
    const match = /^([^:/]+)[:/]([^:/]+)$/.exec(rest);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      return { kind: 'ServiceAccount', namespace: match[1], name: match[2] };
    }
  }
  throw new Error(`Invalid subject '${argument}': ${USAGE}.`);
}

/** Parses `KIND/NAMESPACE/NAME` for a kind that has a pod template, such as `Deployment/shop/web`. */
export function parseWorkloadRef(argument: string): WorkloadRef {
  const parts = argument.split('/');
  const [kindText, namespace, name] = parts;
  const kind = POD_BEARING_KINDS.find(
    (candidate) => candidate.toLowerCase() === kindText?.toLowerCase(),
  );
  if (parts.length !== 3 || !namespace || !name) {
    throw new Error(`Invalid workload '${argument}': ${USAGE}.`);
  }
  if (kind === undefined) {
    throw new Error(
      `Invalid workload kind '${kindText ?? ''}' in '${argument}': use one of ${POD_BEARING_KINDS.join(', ')}.`,
    );
  }
  return { kind, namespace, name };
}
