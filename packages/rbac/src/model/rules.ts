import { isRecord, stringList } from './objects.js';

/**
 * A PolicyRule of a Role or ClusterRole with its lists read as strings. The core API group is
 * written `""`. An absent list is empty, which matches nothing, except `resourceNames`, where
 * an empty list means every name.
 */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** A request to a resource, with the attributes the RBAC authorizer compares. */
export interface ResourceRequest {
  readonly type: 'resource';
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
  /** Object name, absent for create and for list or watch of a whole collection. */
  readonly name?: string;
  /** Namespace of the request, absent for cluster-scoped resources and for all namespaces. */
  readonly namespace?: string;
}

/** A request to a path of the API server that is not a resource, such as `/healthz`. */
export interface NonResourceRequest {
  readonly type: 'non-resource';
  readonly verb: string;
  readonly path: string;
}

export type AccessRequest = ResourceRequest | NonResourceRequest;

export const ALL = '*';

export function readPolicyRule(value: unknown): PolicyRule {
  const record = isRecord(value) ? value : {};
  return {
    verbs: stringList(record.verbs),
    apiGroups: stringList(record.apiGroups),
    resources: stringList(record.resources),
    resourceNames: stringList(record.resourceNames),
    nonResourceURLs: stringList(record.nonResourceURLs),
  };
}

export function verbEntryMatches(entry: string, verb: string): boolean {
  return entry === ALL || entry === verb;
}

export function apiGroupEntryMatches(entry: string, apiGroup: string): boolean {
  return entry === ALL || entry === apiGroup;
}

/**
 * Matches one `resources` entry against a request. `*` matches every resource and
 * subresource, and `*\/exec` matches the `exec` subresource of every resource. A `*` anywhere
 * else is a literal character, so `pods/*` and `*\/*` match only a subresource literally named
 * `*`.
 */
export function resourceEntryMatches(
  entry: string,
  resource: string,
  subresource: string | undefined,
): boolean {
  if (entry === ALL) return true;

  const combined = subresource ? `${resource}/${subresource}` : resource;
  if (entry === combined) return true;

  return subresource !== undefined && subresource !== '' && entry === `*/${subresource}`;
}

export function nonResourceURLEntryMatches(entry: string, path: string): boolean {
  if (entry === ALL || entry === path) return true;

  // A trailing `*` makes the entry a prefix. Every trailing `*` is removed before comparing.
  return entry.endsWith('*') && path.startsWith(entry.replace(/\*+$/, ''));
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((entry) => verbEntryMatches(entry, verb));
}

export function apiGroupMatches(rule: PolicyRule, apiGroup: string): boolean {
  return rule.apiGroups.some((entry) => apiGroupEntryMatches(entry, apiGroup));
}

export function resourceMatches(
  rule: PolicyRule,
  resource: string,
  subresource: string | undefined,
): boolean {
  return rule.resources.some((entry) => resourceEntryMatches(entry, resource, subresource));
}

/** Names are compared literally: `resourceNames` has no patterns, and an empty list allows every name. */
export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  return name !== undefined && rule.resourceNames.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((entry) => nonResourceURLEntryMatches(entry, path));
}

/** Decides whether one rule allows a request, as the RBAC authorizer does for each rule on its own. */
export function ruleAllows(rule: PolicyRule, request: AccessRequest): boolean {
  if (!verbMatches(rule, request.verb)) return false;
  if (request.type === 'non-resource') return nonResourceURLMatches(rule, request.path);

  return (
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, request.resource, request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}

/** True when a rule has `*` in verbs, apiGroups and resources: every action on every resource. */
export function isFullWildcardRule(rule: PolicyRule): boolean {
  return (
    rule.verbs.includes(ALL) &&
    rule.apiGroups.includes(ALL) &&
    rule.resources.includes(ALL) &&
    rule.resourceNames.length === 0
  );
}
