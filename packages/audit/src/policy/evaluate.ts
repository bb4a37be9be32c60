import type { AuditLevel, AuditRule } from './policy.js';

/**
 * A family of API requests: one resource or subresource, several verbs, by any user in any
 * namespace. The checker below decides which policy rules can match requests of the family.
 */
export interface RequestFamily {
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly verbs: readonly string[];
  readonly namespaced: boolean;
}

/** How much of a request family a rule matches. */
export type Coverage = 'none' | 'some' | 'all';

const ORDER: Record<Coverage, number> = { none: 0, some: 1, all: 2 };

function narrowest(...values: Coverage[]): Coverage {
  return values.reduce((lowest, value) => (ORDER[value] < ORDER[lowest] ? value : lowest), 'all');
}

function widest(values: readonly Coverage[]): Coverage {
  return values.reduce(
    (highest, value) => (ORDER[value] > ORDER[highest] ? value : highest),
    'none',
  );
}

// A rule that names this group is treated as matching every user that RBAC can let in, because
// only anonymous requests fall outside it.
const EVERY_AUTHENTICATED_USER = 'system:authenticated';

/**
 * Decides whether a rule matches none, some or all requests of a family, following the order of
 * the API server's policy checker (k8s.io/apiserver/pkg/audit/policy/checker.go): users, user
 * groups, verbs, then resources and namespaces, else non-resource URLs, else everything. Verbs,
 * groups and names compare exactly; "*" is a wildcard only in resources.
 */
export function coverage(rule: AuditRule, family: RequestFamily): Coverage {
  const users: Coverage = rule.users.length > 0 ? 'some' : 'all';
  const groups: Coverage =
    rule.userGroups.length === 0 || rule.userGroups.includes(EVERY_AUTHENTICATED_USER)
      ? 'all'
      : 'some';

  let verbs: Coverage = 'all';
  if (rule.verbs.length > 0) {
    const matched = family.verbs.filter((verb) => rule.verbs.includes(verb)).length;
    if (matched === 0) verbs = 'none';
    else if (matched < family.verbs.length) verbs = 'some';
  }

  let target: Coverage;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) {
    target = narrowest(namespaceCoverage(rule, family), resourceCoverage(rule, family));
  } else if (rule.nonResourceURLs.length > 0) {
    target = 'none';
  } else {
    target = 'all';
  }
  return narrowest(users, groups, verbs, target);
}

function namespaceCoverage(rule: AuditRule, family: RequestFamily): Coverage {
  if (rule.namespaces.length === 0) return 'all';
  // Cluster-scoped requests carry the empty namespace.
  if (!family.namespaced) return rule.namespaces.includes('') ? 'all' : 'none';
  return rule.namespaces.some((namespace) => namespace !== '') ? 'some' : 'none';
}

function resourceCoverage(rule: AuditRule, family: RequestFamily): Coverage {
  if (rule.resources.length === 0) return 'all';
  const combined = family.subresource
    ? `${family.resource}/${family.subresource}`
    : family.resource;
  return widest(
    rule.resources.map((entry) => {
      if (entry.group !== family.group) return 'none';
      if (entry.resources.length === 0) return 'all';
      const matches = entry.resources.some(
        (pattern) =>
          pattern === combined ||
          pattern === '*' ||
          (family.subresource !== undefined && pattern === `*/${family.subresource}`) ||
          (pattern.endsWith('/*') && pattern.slice(0, -2) === family.resource),
      );
      if (!matches) return 'none';
      return entry.resourceNames.length > 0 ? 'some' : 'all';
    }),
  );
}

/** A rule that matches requests of a family before any rule that matches all of them. */
export interface Hit {
  readonly rule: AuditRule;
  readonly coverage: 'some' | 'all';
}

/** The outcome of walking a policy for one family, as the API server's first-match order does. */
export interface Walk {
  readonly hits: readonly Hit[];
  /** False when some requests of the family match no rule and get the default level None. */
  readonly fullyMatched: boolean;
}

export function walk(rules: readonly AuditRule[], family: RequestFamily): Walk {
  const hits: Hit[] = [];
  for (const rule of rules) {
    const found = coverage(rule, family);
    if (found === 'none') continue;
    hits.push({ rule, coverage: found });
    if (found === 'all') return { hits, fullyMatched: true };
  }
  return { hits, fullyMatched: false };
}

export function isPayloadLevel(level: AuditLevel | undefined): boolean {
  return level === 'Request' || level === 'RequestResponse';
}

/** Names a family the way audit policies write it: `pods/exec`, `secrets`, `roles.rbac.authorization.k8s.io`. */
export function familyName(family: RequestFamily): string {
  const resource = family.subresource
    ? `${family.resource}/${family.subresource}`
    : family.resource;
  return family.group === '' ? resource : `${resource}.${family.group}`;
}
