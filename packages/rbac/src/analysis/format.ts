import { formatPath } from '@kubeharden/core';
import type { ObjectRef } from '../model/objects.js';
import { formatRef, refKey } from '../model/objects.js';
import type { AccessRequest } from '../model/rules.js';
import { formatSubject } from '../model/subjects.js';
import type { AccessReview, Grant, UnresolvedBinding, WhoCanResult } from './authorize.js';
import type { Permission, SubjectPermissions, WorkloadPermissions } from './permissions.js';

/**
 * Formats a resource the way kubectl accepts it: `pods`, `pods/exec`, `deployments.apps`,
 * `deployments.apps/scale`. The subresource follows the group.
 */
export function formatResource(apiGroup: string, resource: string): string {
  const slash = resource.indexOf('/');
  const plural = slash < 0 ? resource : resource.slice(0, slash);
  const subresource = slash < 0 ? '' : resource.slice(slash);
  return apiGroup === '' ? `${plural}${subresource}` : `${plural}.${apiGroup}${subresource}`;
}

export function formatRequest(request: AccessRequest): string {
  if (request.type === 'non-resource') return `${request.verb} ${request.path}`;

  const resource = formatResource(
    request.apiGroup,
    request.subresource === undefined
      ? request.resource
      : `${request.resource}/${request.subresource}`,
  );
  const name = request.name === undefined ? '' : ` '${request.name}'`;
  const where =
    request.namespace === undefined ? ' cluster-wide' : ` in namespace ${request.namespace}`;
  return `${request.verb} ${resource}${name}${where}`;
}

/** Formats a grant as `RoleBinding shop/web -> Role shop/web rules[0]`. */
export function formatGrant(grant: Grant): string {
  const rule = `${formatRef(grant.ruleRole)} ${formatPath(grant.rulePath)}`;
  const sameRole = refKey(grant.role) === refKey(grant.ruleRole);
  const target = sameRole ? rule : `${formatRef(grant.role)} (aggregates ${rule})`;
  return `${formatRef(grant.binding)} -> ${target}`;
}

function formatUnresolved(unresolved: UnresolvedBinding): string {
  return `${formatRef(unresolved.binding)}: ${unresolved.reason}`;
}

interface PermissionRow {
  readonly resource: string;
  readonly verbs: string[];
  readonly grants: readonly string[];
}

/** Formats the permissions of a subject or workload as indented text for a terminal. */
export function formatPermissionsText(result: SubjectPermissions | WorkloadPermissions): string {
  const lines = [`Permissions of ${formatSubject(result.subject)}`];
  if ('workload' in result) {
    const token = result.automountServiceAccountToken ? 'mounted' : 'not mounted';
    const defined = result.serviceAccountDefined
      ? ''
      : ', ServiceAccount not defined in the manifests';
    lines.push(`Used by ${formatRef(result.workload)} (API token ${token}${defined})`);
  }

  // One row per resource and set of grants, with the verbs of its permissions joined.
  const sections = new Map<string, Map<string, PermissionRow>>();
  for (const permission of result.permissions) {
    const section = sectionOf(permission);
    const rows = sections.get(section) ?? new Map<string, PermissionRow>();
    sections.set(section, rows);

    const resource = describePermissionTarget(permission);
    const grants = permission.grants.map(formatGrant);
    const key = [resource, ...grants].join('\n');
    const row = rows.get(key);
    if (row === undefined) rows.set(key, { resource, verbs: [permission.verb], grants });
    else row.verbs.push(permission.verb);
  }

  if (result.permissions.length === 0) lines.push('', 'No permissions granted by the manifests.');
  for (const [section, rows] of sections) {
    lines.push('', section);
    const width = Math.max(...[...rows.values()].map((row) => row.resource.length));
    for (const row of rows.values()) {
      lines.push(`  ${row.resource.padEnd(width)}  ${row.verbs.join(', ')}`);
      for (const grant of row.grants) lines.push(`    via ${grant}`);
    }
  }

  appendUnresolved(lines, result.unresolved);
  return `${lines.join('\n')}\n`;
}

export function formatPermissionsJson(result: SubjectPermissions | WorkloadPermissions): string {
  const json: Record<string, unknown> = { subject: result.subject };
  if ('workload' in result) {
    json.workload = result.workload;
    json.serviceAccountDefined = result.serviceAccountDefined;
    json.automountServiceAccountToken = result.automountServiceAccountToken;
  }
  json.permissions = result.permissions.map((permission) => ({
    ...permission,
    grants: permission.grants.map(grantJson),
  }));
  json.unresolved = result.unresolved;
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Formats the subjects that may make a request as indented text for a terminal. */
export function formatWhoCanText(result: WhoCanResult): string {
  const lines = [`Who can ${formatRequest(result.request)}`];
  if (result.subjects.length === 0) lines.push('', 'No subject of the manifests is allowed.');
  else lines.push('');

  for (const entry of result.subjects) {
    lines.push(`  ${formatSubject(entry.subject)}`);
    for (const grant of entry.grants) lines.push(`    via ${formatGrant(grant)}`);
  }

  appendUnresolved(lines, result.unresolved);
  return `${lines.join('\n')}\n`;
}

export function formatWhoCanJson(result: WhoCanResult): string {
  const json = {
    request: result.request,
    subjects: result.subjects.map((entry) => ({
      subject: entry.subject,
      grants: entry.grants.map(grantJson),
    })),
    unresolved: result.unresolved,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Formats an access review as `yes`, `no` or `unknown` followed by the grants. */
export function formatAccessReviewText(review: AccessReview): string {
  const answer = { allowed: 'yes', denied: 'no', unknown: 'unknown' }[review.decision];
  const lines = [`${answer}: ${formatSubject(review.subject)} ${formatRequest(review.request)}`];
  for (const grant of review.grants) lines.push(`  via ${formatGrant(grant)}`);
  // Bindings with unknown rules cannot turn an allowed request into a denied one.
  if (review.decision !== 'allowed') appendUnresolved(lines, review.unresolved);
  return `${lines.join('\n')}\n`;
}

export function formatAccessReviewJson(review: AccessReview): string {
  const json = { ...review, grants: review.grants.map(grantJson) };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function sectionOf(permission: Permission): string {
  if (permission.type === 'non-resource') return 'Non-resource URLs';
  return permission.scope.kind === 'cluster'
    ? 'Cluster-wide'
    : `Namespace ${permission.scope.namespace}`;
}

function describePermissionTarget(permission: Permission): string {
  if (permission.type === 'non-resource') return permission.url;
  const resource = formatResource(permission.apiGroup, permission.resource);
  return permission.resourceName === undefined
    ? resource
    : `${resource} '${permission.resourceName}'`;
}

function appendUnresolved(lines: string[], unresolved: readonly UnresolvedBinding[]): void {
  if (unresolved.length === 0) return;
  lines.push('', 'Not resolved');
  for (const entry of unresolved) lines.push(`  ${formatUnresolved(entry)}`);
}

function grantJson(grant: Grant): Record<string, unknown> {
  return {
    binding: refJson(grant.binding),
    subjectIndex: grant.subjectIndex,
    role: refJson(grant.role),
    ruleRole: refJson(grant.ruleRole),
    rule: formatPath(grant.rulePath),
  };
}

function refJson(ref: ObjectRef): ObjectRef {
  return ref.namespace === undefined
    ? { kind: ref.kind, name: ref.name }
    : { kind: ref.kind, name: ref.name, namespace: ref.namespace };
}
