import type { Path } from '@kubeharden/core';
import type { RoleEntry, RuleEntry } from '../analysis/rbac-index.js';
import { RBAC_GROUP, joinQuoted, stringEntries } from '../model/objects.js';
import { ALL, apiGroupMatches, resourceEntryMatches, verbEntryMatches } from '../model/rules.js';
import type { ProblemCode } from './types.js';

/** A problem found in a role, before the object and related bindings are attached. */
export interface RuleFinding {
  readonly code: ProblemCode;
  readonly message: string;
  readonly path: Path;
  /** Rule the finding is about, absent for findings on the role as a whole. */
  readonly rule?: RuleEntry;
}

/** Access to a resource that a rule must not grant without review. */
interface SensitiveAccess {
  readonly code: ProblemCode;
  readonly apiGroup: string;
  /** Resources with their subresource, as the authorizer combines them: `pods/exec`. */
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /** Only rules without `resourceNames` grant this access. */
  readonly onlyWithoutResourceNames?: boolean;
  readonly remedy: string;
}

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * Sensitive access checked on every rule. Streaming subresources list `get` as well as
 * `create`, because API servers that authorize WebSocket upgrades as `get` let `get` alone
 * open exec, attach and port-forward sessions. Any verb on `nodes/proxy` counts, because the
 * kubelet maps its own requests to verbs, and `get` alone reaches exec over WebSockets there.
 */
const SENSITIVE_ACCESS: readonly SensitiveAccess[] = [
  {
    code: 'no-secret-read-without-resource-names',
    apiGroup: '',
    resources: ['secrets'],
    verbs: ['get', 'list', 'watch'],
    onlyWithoutResourceNames: true,
    remedy: 'list the Secrets it needs in resourceNames',
  },
  {
    code: 'no-pod-exec',
    apiGroup: '',
    resources: ['pods/exec'],
    verbs: ['create', 'get'],
    remedy: 'remove it and grant exec only to people who debug this namespace',
  },
  {
    code: 'no-pod-attach',
    apiGroup: '',
    resources: ['pods/attach'],
    verbs: ['create', 'get'],
    remedy: 'remove it and grant attach only to people who debug this namespace',
  },
  {
    code: 'no-pod-port-forward',
    apiGroup: '',
    resources: ['pods/portforward'],
    verbs: ['create', 'get'],
    remedy: 'remove it and reach pods through Services instead',
  },
  {
    code: 'no-node-proxy',
    apiGroup: '',
    resources: ['nodes/proxy'],
    verbs: ['get', 'list', 'watch', ...WRITE_VERBS],
    remedy: 'remove it and read node metrics through nodes/metrics or nodes/stats instead',
  },
  {
    code: 'no-pod-create',
    apiGroup: '',
    resources: ['pods', 'replicationcontrollers'],
    verbs: ['create'],
    remedy: 'grant it only to deployment tools',
  },
  {
    code: 'no-pod-create',
    apiGroup: 'apps',
    resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
    verbs: ['create'],
    remedy: 'grant it only to deployment tools',
  },
  {
    code: 'no-pod-create',
    apiGroup: 'batch',
    resources: ['jobs', 'cronjobs'],
    verbs: ['create'],
    remedy: 'grant it only to deployment tools',
  },
  {
    code: 'no-service-account-token-create',
    apiGroup: '',
    resources: ['serviceaccounts/token'],
    verbs: ['create'],
    remedy: 'remove it unless this subject issues tokens by design',
  },
  {
    code: 'no-admission-webhook-changes',
    apiGroup: 'admissionregistration.k8s.io',
    resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
    verbs: WRITE_VERBS,
    remedy: 'keep only read verbs',
  },
  {
    code: 'no-csr-approval',
    apiGroup: 'certificates.k8s.io',
    resources: ['certificatesigningrequests/approval'],
    verbs: ['update', 'patch'],
    remedy: 'remove it unless this subject is a certificate approver',
  },
  {
    code: 'no-csr-approval',
    apiGroup: 'certificates.k8s.io',
    resources: ['signers'],
    verbs: ['approve'],
    remedy: 'remove it unless this subject is a certificate approver',
  },
];

/** Consequence of each sensitive resource, worded to follow "lets the subject". */
const CONSEQUENCES: Readonly<Record<string, string>> = {
  secrets: 'read every Secret in its scope',
  'pods/exec': 'run commands in every container in its scope',
  'pods/attach': 'attach to the processes of every container in its scope',
  'pods/portforward': 'open connections to every pod in its scope',
  'nodes/proxy':
    'call the kubelet API of every node, which includes running commands in containers',
  'serviceaccounts/token': 'issue tokens for the ServiceAccounts in its scope',
  mutatingwebhookconfigurations: 'change which webhooks see and alter API requests',
  validatingwebhookconfigurations: 'change which webhooks see and reject API requests',
  'certificatesigningrequests/approval': 'approve certificate signing requests',
  signers: 'approve certificate signing requests for the signers it names',
};

const POD_CREATION =
  'start pods that mount any Secret and run as any ServiceAccount of the namespace';

/** Verbs that let a subject grant permissions it does not hold, and where they apply. */
const ESCALATION_TARGETS: readonly {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resources: readonly string[];
}[] = [
  { verb: 'bind', apiGroup: RBAC_GROUP, resources: ['roles', 'clusterroles'] },
  { verb: 'escalate', apiGroup: RBAC_GROUP, resources: ['roles', 'clusterroles'] },
  { verb: 'impersonate', apiGroup: '', resources: ['users', 'groups', 'serviceaccounts'] },
  { verb: 'impersonate', apiGroup: 'authentication.k8s.io', resources: ['uids', 'userextras'] },
];

/**
 * Checks the roles of the manifests. Inline rules of an aggregated ClusterRole are replaced at
 * runtime, so only that fact is reported for them.
 */
export function findRoleProblems(role: RoleEntry): RuleFinding[] {
  if (role.aggregationSelectors !== undefined) return findInlineRulesOnAggregatedRole(role);

  const findings: RuleFinding[] = [];
  for (const rule of role.rules) {
    findings.push(
      ...findWildcards(rule),
      ...findIneffectiveWildcards(rule),
      ...findGlobsInResourceNames(rule),
      ...findEscalationVerbs(rule),
      ...findSensitiveAccess(rule),
    );
  }
  return findings;
}

function findInlineRulesOnAggregatedRole(role: RoleEntry): RuleFinding[] {
  const rules = role.item.rules;
  if (!Array.isArray(rules) || rules.length === 0) return [];
  return [
    {
      code: 'no-inline-rules-on-aggregated-role',
      message: `Rules of ClusterRole '${role.ref.name}' are replaced by the aggregation controller because it has an aggregationRule, so move them to a ClusterRole that its selectors match.`,
      path: [...role.path, 'rules'],
    },
  ];
}

/** Returns the string entries of one list field of a rule with the path of each entry. */
function entriesOf(rule: RuleEntry, field: string): { value: string; path: Path }[] {
  return stringEntries(rule.raw[field]).map(([index, value]) => ({
    value,
    path: [...rule.path, field, index],
  }));
}

function findWildcards(rule: RuleEntry): RuleFinding[] {
  const findings: RuleFinding[] = [];

  for (const { value, path } of entriesOf(rule, 'verbs')) {
    if (value !== ALL) continue;
    findings.push({
      code: 'no-wildcard-verbs',
      message: `Verb '*' grants every verb, including delete and verbs added later, so list only the verbs the role needs.`,
      path,
      rule,
    });
  }

  for (const { value, path } of entriesOf(rule, 'resources')) {
    const subresource = /^\*\/([^*/]+)$/.exec(value)?.[1];
    if (value !== ALL && subresource === undefined) continue;
    const groups = describeApiGroups(rule.rule.apiGroups);
    const scope =
      subresource === undefined
        ? `every resource of ${groups}`
        : `the '${subresource}' subresource of every resource of ${groups}`;
    findings.push({
      code: 'no-wildcard-resources',
      message: `Resource '${value}' grants ${scope}, so list only the resources the role needs.`,
      path,
      rule,
    });
  }

  for (const { value, path } of entriesOf(rule, 'apiGroups')) {
    if (value !== ALL) continue;
    findings.push({
      code: 'no-wildcard-api-groups',
      message: `API group '*' grants the listed resources in every API group, including ones installed later, so list only the API groups the role needs.`,
      path,
      rule,
    });
  }

  for (const { value, path } of entriesOf(rule, 'nonResourceURLs')) {
    const prefix = value.replace(/\*+$/, '');
    if (!value.endsWith('*') || (prefix !== '' && prefix !== '/')) continue;
    findings.push({
      code: 'no-wildcard-non-resource-urls',
      message: `Non-resource URL '${value}' grants every path that is not a resource, such as /metrics and /debug, so list only the paths the role needs.`,
      path,
      rule,
    });
  }
  return findings;
}

/**
 * Finds `*` characters that the authorizer compares literally: inside verbs and API groups,
 * in resources other than `*` and `*\/<subresource>` (so `pods/*` and `*\/*` match nothing
 * useful), and before the end of a non-resource URL.
 */
function findIneffectiveWildcards(rule: RuleEntry): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const report = (path: Path, message: string): void => {
    findings.push({ code: 'no-ineffective-wildcard', message, path, rule });
  };

  for (const { value, path } of entriesOf(rule, 'verbs')) {
    if (!value.includes('*') || value === ALL) continue;
    report(
      path,
      `Verb '${value}' matches only a verb literally named '${value}', so list the exact verbs.`,
    );
  }
  for (const { value, path } of entriesOf(rule, 'apiGroups')) {
    if (!value.includes('*') || value === ALL) continue;
    report(
      path,
      `API group '${value}' matches only a group literally named '${value}', so list the exact API groups.`,
    );
  }
  for (const { value, path } of entriesOf(rule, 'resources')) {
    if (!value.includes('*') || value === ALL || /^\*\/[^*/]+$/.test(value)) continue;
    report(
      path,
      `Resource '${value}' matches only a resource literally named '${value}', so list each subresource, or write '*/<subresource>' for one subresource of every resource.`,
    );
  }
  for (const { value, path } of entriesOf(rule, 'nonResourceURLs')) {
    if (!value.replace(/\*+$/, '').includes('*')) continue;
    report(
      path,
      `Non-resource URL '${value}' has a '*' before its end, which the authorizer compares literally, so list the exact paths or end the prefix with '*'.`,
    );
  }
  return findings;
}

function findGlobsInResourceNames(rule: RuleEntry): RuleFinding[] {
  if (isCalicoTierRule(rule)) return [];
  return entriesOf(rule, 'resourceNames')
    .filter(({ value }) => /[*?]/.test(value))
    .map(({ value, path }) => ({
      code: 'no-glob-in-resource-names' as const,
      message: `Resource name '${value}' is compared literally, not as a pattern, so list the exact names.`,
      path,
      rule,
    }));
}

/**
 * True for rules on the `tier.*` pseudo-resources of Calico. The Calico API server sends the
 * authorizer the literal name `<tier>.*`, so such a name is intended there.
 */
function isCalicoTierRule(rule: RuleEntry): boolean {
  const { apiGroups, resources } = rule.rule;
  return (
    apiGroups.length > 0 &&
    apiGroups.every((group) => group === 'projectcalico.org') &&
    resources.length > 0 &&
    resources.every((resource) => resource.startsWith('tier.'))
  );
}

function findEscalationVerbs(rule: RuleEntry): RuleFinding[] {
  const findings: RuleFinding[] = [];

  for (const { value, path } of entriesOf(rule, 'verbs')) {
    const granted = new Set<string>();
    for (const target of ESCALATION_TARGETS) {
      if (!verbEntryMatches(value, target.verb)) continue;
      if (!apiGroupMatches(rule.rule, target.apiGroup)) continue;
      // Impersonating an extra field is a request for `userextras/<field>`.
      const reaches = target.resources.some((resource) =>
        rule.rule.resources.some(
          (entry) =>
            resourceEntryMatches(entry, resource, undefined) ||
            (resource === 'userextras' && entry.startsWith('userextras/')),
        ),
      );
      if (reaches) granted.add(target.verb);
    }
    if (granted.size === 0) continue;

    const verbs = joinQuoted([...granted]);
    const subject =
      value === ALL
        ? `Verb '*' includes ${verbs}, which ${granted.size === 1 ? 'lets' : 'let'}`
        : `Verb '${value}' lets`;
    findings.push({
      code: 'no-escalation-verbs',
      message: `${subject} the subject gain permissions it does not hold, so remove it unless this subject administers RBAC.`,
      path,
      rule,
    });
  }
  return findings;
}

function findSensitiveAccess(rule: RuleEntry): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const reported = new Set<string>();

  for (const access of SENSITIVE_ACCESS) {
    if (access.onlyWithoutResourceNames && rule.rule.resourceNames.length > 0) continue;
    if (!apiGroupMatches(rule.rule, access.apiGroup)) continue;
    const verbs = rule.rule.verbs.filter((entry) =>
      access.verbs.some((verb) => verbEntryMatches(entry, verb)),
    );
    if (verbs.length === 0) continue;

    for (const { value, path } of entriesOf(rule, 'resources')) {
      const reached = access.resources.filter((combined) => {
        const [resource = '', subresource] = combined.split('/');
        return resourceEntryMatches(value, resource, subresource);
      });
      if (reached.length === 0) continue;

      // One finding per code and entry, even when `*` reaches several resources of a code.
      const key = `${access.code}|${value}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push({
        code: access.code,
        message: sensitiveAccessMessage(value, reached, verbs, access),
        path,
        rule,
      });
    }
  }
  return findings;
}

function sensitiveAccessMessage(
  entry: string,
  reached: readonly string[],
  verbs: readonly string[],
  access: SensitiveAccess,
): string {
  const verbList = joinQuoted(verbs);
  const first = reached[0] ?? entry;
  const resource = entry === first ? `'${entry}'` : `'${entry}', which includes '${first}',`;
  const consequence =
    access.code === 'no-pod-create' ? POD_CREATION : (CONSEQUENCES[first] ?? `use '${first}'`);
  return `Resource ${resource} with ${verbList} lets the subject ${consequence}, so ${access.remedy}.`;
}

/** Describes the API groups of a rule: `every API group`, `the core group`, `API group 'apps'`. */
function describeApiGroups(apiGroups: readonly string[]): string {
  if (apiGroups.includes(ALL)) return 'every API group';
  const named = apiGroups.filter((group) => group !== '');
  const parts = apiGroups.includes('') ? ['the core group'] : [];
  if (named.length > 0) {
    parts.push(`API group${named.length === 1 ? '' : 's'} ${joinQuoted(named)}`);
  }
  return parts.length === 0 ? 'no API group' : parts.join(' and ');
}
