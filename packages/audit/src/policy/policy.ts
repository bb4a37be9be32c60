import { isPlainObject, type K8sObject } from '@kubeharden/core';

export const AUDIT_GROUP = 'audit.k8s.io';

/** Audit levels in increasing order of what they record. */
export const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type AuditLevel = (typeof LEVELS)[number];

/** One entry of `rules[].resources`: an API group and resources in it. */
export interface GroupResources {
  readonly group: string;
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

/** One audit policy rule, with the lists the API server matches requests against. */
export interface AuditRule {
  readonly index: number;
  /** `undefined` when the level is missing or not one of the four levels. */
  readonly level: AuditLevel | undefined;
  readonly rawLevel: unknown;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly resources: readonly GroupResources[];
  readonly namespaces: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export function isAuditPolicy(object: K8sObject): boolean {
  return object.kind === 'Policy' && object.apiVersion.startsWith(`${AUDIT_GROUP}/`);
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === 'string')
    : [];
}

/** Reads the rules of an audit Policy in order; entries that are not mappings are skipped. */
export function readRules(policy: K8sObject): AuditRule[] {
  const rules = policy.get(['rules']);
  if (!Array.isArray(rules)) return [];
  const result: AuditRule[] = [];
  rules.forEach((rule, index) => {
    if (!isPlainObject(rule)) return;
    const level = (LEVELS as readonly unknown[]).includes(rule.level)
      ? (rule.level as AuditLevel)
      : undefined;
    const resources = Array.isArray(rule.resources)
      ? rule.resources.filter(isPlainObject).map((entry) => ({
          group: typeof entry.group === 'string' ? entry.group : '',
          resources: strings(entry.resources),
          resourceNames: strings(entry.resourceNames),
        }))
      : [];
    result.push({
      index,
      level,
      rawLevel: rule.level,
      users: strings(rule.users),
      userGroups: strings(rule.userGroups),
      verbs: strings(rule.verbs),
      resources,
      namespaces: strings(rule.namespaces),
      nonResourceURLs: strings(rule.nonResourceURLs),
    });
  });
  return result;
}

/** True for a rule with no conditions, which matches every request. */
export function isCatchAll(rule: AuditRule): boolean {
  return (
    rule.users.length === 0 &&
    rule.userGroups.length === 0 &&
    rule.verbs.length === 0 &&
    rule.resources.length === 0 &&
    rule.namespaces.length === 0 &&
    rule.nonResourceURLs.length === 0
  );
}
