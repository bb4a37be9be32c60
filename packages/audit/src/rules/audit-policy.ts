import {
  appendEdits,
  defineRule,
  setValueEdits,
  type FixProposal,
  type K8sObject,
  type RuleContext,
} from '@kubeharden/core';

import { insertRuleBefore, type NewRule } from '../policy/edits.js';
import { familyName, isPayloadLevel, walk, type RequestFamily } from '../policy/evaluate.js';
import { isAuditPolicy, isCatchAll, readRules, type AuditRule } from '../policy/policy.js';
import { AUDIT_CONTROLS, KUBERNETES } from './sections.js';

const ALL_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];
// Exec, attach and port-forward connect with POST (create) or, over WebSocket, with GET (get).
const CONNECT_VERBS = ['create', 'get'];
const CHANGE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const RBAC_GROUP = 'rbac.authorization.k8s.io';

const SENSITIVE: readonly RequestFamily[] = [
  { group: '', resource: 'secrets', verbs: ALL_VERBS, namespaced: true },
  { group: '', resource: 'configmaps', verbs: ALL_VERBS, namespaced: true },
  {
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    verbs: ['create'],
    namespaced: true,
  },
];

const POD_ACCESS: readonly RequestFamily[] = ['exec', 'attach', 'portforward'].map(
  (subresource) => ({
    group: '',
    resource: 'pods',
    subresource,
    verbs: CONNECT_VERBS,
    namespaced: true,
  }),
);

const RBAC_CHANGES: readonly RequestFamily[] = [
  { group: RBAC_GROUP, resource: 'roles', verbs: CHANGE_VERBS, namespaced: true },
  { group: RBAC_GROUP, resource: 'rolebindings', verbs: CHANGE_VERBS, namespaced: true },
  { group: RBAC_GROUP, resource: 'clusterroles', verbs: CHANGE_VERBS, namespaced: false },
  { group: RBAC_GROUP, resource: 'clusterrolebindings', verbs: CHANGE_VERBS, namespaced: false },
];

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function ruleLabel(rule: AuditRule): string {
  return `rules[${rule.index}]`;
}

export const noSensitivePayloadsInAuditLog = defineRule({
  id: 'no-sensitive-payloads-in-audit-log',
  meta: {
    area: 'audit',
    severity: 'error',
    description:
      'The audit Policy never logs Secrets, ConfigMaps or service account token requests at level Request or RequestResponse.',
    remediation:
      'Put a rule that logs secrets, configmaps and serviceaccounts/token at level Metadata before any rule that could log them at Request or RequestResponse.',
    rationale:
      'At level Request the audit log records request bodies and at RequestResponse also response bodies, so Secret values, ConfigMap contents and issued service account tokens end up in log files and log pipelines with far weaker access control than etcd. The API server applies the first rule that matches a request; kubeharden walks the rules in that order and reports every rule that can match such a request at those levels before a rule that matches them all. Written against the audit.k8s.io/v1 Policy and the policy checker of ' +
      KUBERNETES +
      '.',
    hipaa: [...AUDIT_CONTROLS, '164.312(a)(1)'],
    fixable: 'suggestion',
    kinds: ['Policy'],
    limitations: [
      'A rule limited to some users is reported too, because those users still get payloads logged.',
    ],
  },
  create(context) {
    return {
      object(policy) {
        if (!isAuditPolicy(policy)) return;
        const rules = readRules(policy);
        const exposed = new Map<AuditRule, string[]>();
        for (const family of SENSITIVE) {
          for (const hit of walk(rules, family).hits) {
            if (!isPayloadLevel(hit.rule.level)) continue;
            exposed.set(hit.rule, [...(exposed.get(hit.rule) ?? []), familyName(family)]);
          }
        }

        for (const [rule, names] of exposed) {
          // Every sensitive family is in the core group, whose names carry no group suffix.
          const suggestion = insertRuleBefore(
            policy,
            rule.index,
            { level: 'Metadata', group: '', resources: names },
            `Log ${list(names)} at Metadata before ${ruleLabel(rule)}`,
          );
          context.report({
            object: policy,
            path: ['rules', rule.index, 'level'],
            message: `Audit rule ${ruleLabel(rule)} logs ${list(names)} at level ${JSON.stringify(rule.level)}, which writes their contents to the audit log; log them at Metadata with an earlier rule.`,
            ...(suggestion ? { suggestions: [suggestion] } : {}),
          });
        }
      },
    };
  },
});

interface Requirement {
  readonly families: readonly RequestFamily[];
  /** The logged activity, in the plural, for messages. */
  readonly activity: string;
  readonly addition: NewRule;
}

/** Reports when some requests of the families get level None: by a rule or by matching none. */
function reportUnlogged(context: RuleContext, policy: K8sObject, requirement: Requirement): void {
  const rules = readRules(policy);
  const silencedBy = new Map<AuditRule, string[]>();
  const unmatched: string[] = [];
  for (const family of requirement.families) {
    const result = walk(rules, family);
    for (const hit of result.hits) {
      if (hit.rule.level !== 'None') continue;
      silencedBy.set(hit.rule, [...(silencedBy.get(hit.rule) ?? []), familyName(family)]);
    }
    if (!result.fullyMatched) unmatched.push(familyName(family));
  }

  for (const [rule, names] of silencedBy) {
    const suggestion = insertRuleBefore(
      policy,
      rule.index,
      requirement.addition,
      `Log ${requirement.activity} before ${ruleLabel(rule)}`,
    );
    context.report({
      object: policy,
      path: ['rules', rule.index, 'level'],
      message: `Audit rule ${ruleLabel(rule)} sets level None for ${list(names)}, so ${requirement.activity} are not recorded; log them at Metadata or above with an earlier rule.`,
      ...(suggestion ? { suggestions: [suggestion] } : {}),
    });
  }
  if (unmatched.length === 0) return;

  const suggestion =
    rules.length > 0
      ? insertRuleBefore(policy, 0, requirement.addition, `Log ${requirement.activity} first`)
      : undefined;
  context.report({
    object: policy,
    path: ['rules'],
    target: 'key',
    message: `No audit rule matches every request for ${list(unmatched)}, and unmatched requests are not logged; add a rule that logs ${requirement.activity} at Metadata or above.`,
    ...(suggestion ? { suggestions: [suggestion] } : {}),
  });
}

export const requireAuditOfPodExec = defineRule({
  id: 'require-audit-of-pod-exec',
  meta: {
    area: 'audit',
    severity: 'error',
    description:
      'The audit Policy logs pods/exec, pods/attach and pods/portforward requests at a level above None.',
    remediation:
      'Add a rule that logs pods/exec, pods/attach and pods/portforward at Metadata or above before any rule that sets them to None.',
    rationale:
      'Exec, attach and port-forward open an interactive channel into a container, which reaches the health data the container can read without passing through the application. Without an audit record, nobody can tell afterwards who opened such a session. Written against the audit.k8s.io/v1 Policy of ' +
      KUBERNETES +
      ', where these subresources are requested with the verbs create and get.',
    hipaa: AUDIT_CONTROLS,
    fixable: 'suggestion',
    kinds: ['Policy'],
    limitations: [
      'A None rule limited to some users or namespaces is reported, because those sessions go unrecorded.',
    ],
  },
  create(context) {
    return {
      object(policy) {
        if (!isAuditPolicy(policy)) return;
        reportUnlogged(context, policy, {
          families: POD_ACCESS,
          activity: 'exec, attach and port-forward sessions',
          addition: {
            level: 'Metadata',
            group: '',
            resources: ['pods/exec', 'pods/attach', 'pods/portforward'],
          },
        });
      },
    };
  },
});

export const requireAuditOfRbacChanges = defineRule({
  id: 'require-audit-of-rbac-changes',
  meta: {
    area: 'audit',
    severity: 'error',
    description:
      'The audit Policy logs changes to Roles, ClusterRoles and their bindings at a level above None.',
    remediation:
      'Add a rule that logs roles, rolebindings, clusterroles and clusterrolebindings of rbac.authorization.k8s.io for create, update, patch, delete and deletecollection at Request or above.',
    rationale:
      'Whoever changes a Role or a binding changes who can read health data; access reviews and incident response need a record of every such change, with the request body to see what was granted. Written against the audit.k8s.io/v1 Policy of ' +
      KUBERNETES +
      '.',
    hipaa: [...AUDIT_CONTROLS, '164.308(a)(4)'],
    fixable: 'suggestion',
    kinds: ['Policy'],
  },
  create(context) {
    return {
      object(policy) {
        if (!isAuditPolicy(policy)) return;
        reportUnlogged(context, policy, {
          families: RBAC_CHANGES,
          activity: 'RBAC changes',
          addition: {
            level: 'RequestResponse',
            group: RBAC_GROUP,
            resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
            verbs: CHANGE_VERBS,
          },
        });
      },
    };
  },
});

export const requireAuditCatchAllRule = defineRule({
  id: 'require-audit-catch-all-rule',
  meta: {
    area: 'audit',
    severity: 'warning',
    description:
      'The audit Policy has a rule without conditions that logs every remaining request at a level above None.',
    remediation: 'End the rules with a rule that has no conditions and level Metadata.',
    rationale:
      'Requests that match no rule get level None, and a rule without conditions at level None does the same explicitly. Either way every API call the earlier rules did not foresee, including new resources and subresources, leaves no trace. A catch-all at Metadata records who did what without storing payloads. Written against the audit.k8s.io/v1 Policy of ' +
      KUBERNETES +
      '.',
    hipaa: AUDIT_CONTROLS,
    fixable: 'suggestion',
    kinds: ['Policy'],
  },
  create(context) {
    return {
      object(policy) {
        if (!isAuditPolicy(policy)) return;
        const rules = readRules(policy);
        // The first rule without conditions ends the evaluation; rules after it never apply.
        const catchAll = rules.find(isCatchAll);

        if (catchAll) {
          if (catchAll.level !== 'None') return;
          const edits = setValueEdits(
            policy.document,
            policy.documentPath(['rules', catchAll.index, 'level']),
            'Metadata',
          );
          context.report({
            object: policy,
            path: ['rules', catchAll.index, 'level'],
            message: `Audit rule ${ruleLabel(catchAll)} matches every remaining request at level "None", so they are not logged; set its level to Metadata.`,
            ...(edits
              ? { suggestions: [{ description: 'Set the level to Metadata', edits }] }
              : {}),
          });
          return;
        }

        const edits = Array.isArray(policy.get(['rules']))
          ? appendEdits(policy.document, policy.documentPath(['rules']), { level: 'Metadata' })
          : setValueEdits(policy.document, policy.documentPath(['rules']), [{ level: 'Metadata' }]);
        const proposal: FixProposal | undefined = edits
          ? { description: 'Add a final rule with level Metadata', edits }
          : undefined;
        context.report({
          object: policy,
          path: ['rules'],
          target: 'key',
          message:
            'The audit Policy does not end with a rule that matches every request, so requests no rule foresaw get level None and are not logged; add a final rule with level Metadata.',
          ...(proposal ? { suggestions: [proposal] } : {}),
        });
      },
    };
  },
});
