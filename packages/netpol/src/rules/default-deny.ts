import {
  defineRule,
  type FixProposal,
  type HipaaSection,
  type K8sObject,
  type Rule,
} from '@kubeharden/core';

import {
  allowDnsEgress,
  defaultDenyEgress,
  defaultDenyIngress,
  type NetworkPolicyManifest,
} from '../generate/policies.js';
import { dnsLabelError } from '../model/names.js';
import type { Direction, NetworkPolicyModel } from '../model/policy.js';
import { insertDocumentsAfter } from './documents.js';
import { readOptions, readStringList } from './options.js';
import {
  namespaceAnchor,
  NETPOL_KINDS,
  networkAnalysis,
  type NetworkAnalysis,
} from './run-analysis.js';

// A namespace without a default deny leaves every new pod open, which is an access-control gap.
// For egress it also lets health data leave the cluster, a transmission-security gap.
const HIPAA_SECTIONS: readonly HipaaSection[] = ['164.312(a)(1)', '164.312(e)(1)'];

const OPTION_KEYS = ['exempt'];

/** The generators whose policies resolve a finding, for the suggestion and for editors. */
const GENERATORS: Readonly<Record<Direction, readonly string[]>> = {
  ingress: ['defaultDenyIngress'],
  egress: ['defaultDenyEgress', 'allowDnsEgress'],
};

interface DirectionText {
  readonly type: 'Ingress' | 'Egress';
  readonly consequence: string;
}

const TEXT: Readonly<Record<Direction, DirectionText>> = {
  ingress: {
    type: 'Ingress',
    consequence: 'accept connections from every pod and address',
  },
  egress: {
    type: 'Egress',
    consequence: 'may connect to every pod and address',
  },
};

/**
 * True when a policy isolates every pod of its namespace for a direction and does not allow
 * every peer again: its pod selector is `{}` and no rule of the direction omits `from`/`to`.
 */
export function isDefaultDeny(policy: NetworkPolicyModel, direction: Direction): boolean {
  if (!policy.podSelector.valid || !policy.podSelector.empty) return false;
  const applies = direction === 'ingress' ? policy.appliesToIngress : policy.appliesToEgress;
  const rules = direction === 'ingress' ? policy.ingress : policy.egress;
  return applies && rules.every((rule) => rule.peers !== 'all');
}

function defaultDenyRule(direction: Direction): Rule {
  const { type, consequence } = TEXT[direction];

  return defineRule({
    id: `require-default-deny-${direction}`,
    meta: {
      area: 'network',
      severity: 'error',
      description: `Every namespace with workloads has a default-deny ${direction} NetworkPolicy.`,
      remediation: `Add a NetworkPolicy with podSelector: {} and policyTypes: [${type}] to the namespace, then allow only the connections its workloads need.`,
      rationale:
        direction === 'ingress'
          ? 'Pods accept connections from anywhere until a NetworkPolicy selects them. A default-deny policy selects every pod of the namespace, including pods created later, so a workload that handles health data is reachable only on the paths that other policies open.'
          : 'Pods may connect anywhere until a NetworkPolicy isolates their egress. A default-deny egress policy keeps a compromised workload from sending health data to an address outside the paths that other policies open, and from reaching other workloads of the cluster.',
      hipaa: HIPAA_SECTIONS,
      equivalents: [{ tool: 'kubescape', id: 'C-0030' }],
      fixable: 'suggestion',
      kinds: NETPOL_KINDS,
      limitations: [
        'A policy counts as a default deny when its pod selector is {}, it applies to the direction and none of its rules omits from/to; what its other rules allow is checked by no-allow-all-peers.',
        'Only namespaces with at least one workload in the manifests are checked; the option exempt lists namespaces to skip, such as kube-system.',
        `The suggestion adds the policy ${direction === 'ingress' ? '' : 'and a DNS egress policy '}as new documents after the Namespace object, or after the first workload when the manifests have no Namespace object; it is offered only for YAML documents in block style.`,
      ],
    },
    create(context) {
      const options = readOptions(context.ruleId, context.options, OPTION_KEYS);
      const exempt = new Set(readStringList(context.ruleId, options, 'exempt') ?? []);

      return {
        end() {
          const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
          const policies = run.analysis.cluster.policies;

          for (const namespace of run.workloadsByNamespace.keys()) {
            if (exempt.has(namespace)) continue;
            const covered = policies.some(
              (policy) => policy.namespace === namespace && isDefaultDeny(policy, direction),
            );
            if (covered) continue;

            const anchor = namespaceAnchor(run, namespace);
            if (anchor === undefined) continue;
            const suggestion = policySuggestion(run, anchor, namespace, direction);
            context.report({
              object: anchor,
              path: ['metadata', 'name'],
              message: `Namespace "${namespace}" has workloads but no default-deny ${direction} NetworkPolicy, so pods that no other policy selects for ${direction} ${consequence}.`,
              ...(suggestion === undefined ? {} : { suggestions: [suggestion] }),
              data: { namespace, generators: GENERATORS[direction] },
            });
          }
        },
      };
    },
  });
}

export const requireDefaultDenyIngress = defaultDenyRule('ingress');

export const requireDefaultDenyEgress = defaultDenyRule('egress');

/**
 * Builds the suggestion that adds the missing policies as new documents. Policies whose name the
 * namespace already uses are left out, and nothing is offered when none is left.
 */
function policySuggestion(
  run: NetworkAnalysis,
  anchor: K8sObject,
  namespace: string,
  direction: Direction,
): FixProposal | undefined {
  const usedNames = new Set(
    run.analysis.cluster.policies
      .filter((policy) => policy.namespace === namespace)
      .map((policy) => policy.name),
  );
  // The generators reject a namespace name that the API would reject; the manifest is then
  // invalid anyway, so no policy is offered for it.
  if (dnsLabelError(namespace) !== undefined) return undefined;
  const candidates: { generator: string; policies: NetworkPolicyManifest[] }[] =
    direction === 'ingress'
      ? [{ generator: 'defaultDenyIngress', policies: defaultDenyIngress(namespace) }]
      : [
          { generator: 'defaultDenyEgress', policies: defaultDenyEgress(namespace) },
          { generator: 'allowDnsEgress', policies: allowDnsEgress(namespace) },
        ];
  const chosen = candidates.filter(
    ({ policies }) => !policies.some((policy) => usedNames.has(policy.metadata.name)),
  );
  // Without the default deny itself the suggestion would not resolve the finding.
  if (chosen[0]?.generator !== candidates[0]?.generator) return undefined;

  const added = chosen.flatMap(({ policies }) => policies);
  const edits = insertDocumentsAfter(anchor, added);
  if (edits === undefined) return undefined;
  const names = added.map((policy) => `"${policy.metadata.name}"`).join(' and ');
  const generators = chosen.map(({ generator }) => generator).join(' and ');
  return {
    description: `Add ${added.length === 1 ? 'NetworkPolicy' : 'NetworkPolicies'} ${names} to namespace "${namespace}" (generated by ${generators})`,
    edits,
  };
}
