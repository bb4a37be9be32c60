import { defineRule, type RuleContext } from '@kubeharden/core';

import { namedPortKey } from '../analysis/ports.js';
import type { VariantInfo } from '../analysis/tables.js';
import type { NetworkPolicyModel, PolicyRule, PortSpec } from '../model/policy.js';
import { selectorMatches } from '../model/selector.js';
import { listNames, peerScope } from './peers.js';
import { reportProblems } from './problems.js';
import {
  indexedPolicies,
  isDescribed,
  NETPOL_KINDS,
  networkAnalysis,
  objectOf,
  type NetworkAnalysis,
} from './run-analysis.js';

type NamedPort = Extract<PortSpec, { kind: 'named' }>;

// Messages name at most this many workloads, so a policy over a large namespace stays readable.
const MAX_LISTED_WORKLOADS = 3;

export const noUndefinedNamedPorts = defineRule({
  id: 'no-undefined-named-ports',
  meta: {
    area: 'network',
    severity: 'warning',
    description:
      'Every named port of a NetworkPolicy rule is a container port of a destination pod, with the same protocol.',
    remediation:
      'Use the name and protocol of a container port of the destination pods, or a port number; for ipBlock destinations always use a number.',
    rationale:
      'A named port matches only a container port with the same name and protocol on the destination pod. When none has it, the rule allows nothing on that port and the connection it was written for is silently denied, which tempts teams to loosen the policy.',
    hipaa: ['164.312(a)(1)'],
    kinds: NETPOL_KINDS,
    limitations: [
      'Egress rules are checked only when the completeManifests setting is true and every namespace their peers can select has workloads in the manifests.',
    ],
  },
  create(context) {
    const complete = context.settings.completeManifests;

    return {
      end() {
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        reportProblems(context, run, (problem) => problem.code === 'named-port-to-ip-block');

        const { tables } = run.analysis;
        for (const { policy, index } of indexedPolicies(run)) {
          const selected = (tables.policySelections[index] ?? []).map(
            (id) => tables.variants[id] as VariantInfo,
          );
          for (const rule of policy.ingress) checkRule(context, run, policy, rule, selected);
          for (const rule of policy.egress) {
            const destinations = egressDestinations(run, policy, rule, complete);
            if (destinations !== undefined) checkRule(context, run, policy, rule, destinations);
          }
        }
      },
    };
  },
});

/** Reports the named ports of a rule that no destination pod defines with their protocol. */
function checkRule(
  context: RuleContext,
  run: NetworkAnalysis,
  policy: NetworkPolicyModel,
  rule: PolicyRule,
  destinations: readonly VariantInfo[],
): void {
  if (rule.ports === 'all' || destinations.length === 0) return;
  const object = objectOf(run, policy.ref);
  if (object === undefined) return;

  for (const port of rule.ports) {
    if (port.kind !== 'named') continue;
    if (
      destinations.some((variant) => variant.namedPorts.has(namedPortKey(port.protocol, port.name)))
    )
      continue;
    context.report({
      object,
      path: [...port.path, 'port'],
      message: undefinedPortMessage(run, port, rule, destinations),
    });
  }
}

function undefinedPortMessage(
  run: NetworkAnalysis,
  port: NamedPort,
  rule: PolicyRule,
  destinations: readonly VariantInfo[],
): string {
  const workloads = [
    ...new Set(
      destinations.map(
        (variant) => run.analysis.cluster.workloads[variant.workloadIndex]?.name ?? '',
      ),
    ),
  ];
  const listed =
    workloads.length <= MAX_LISTED_WORKLOADS
      ? listNames(workloads)
      : `${listNames(workloads.slice(0, MAX_LISTED_WORKLOADS))} and ${workloads.length - MAX_LISTED_WORKLOADS} more`;
  const podsText =
    rule.direction === 'ingress' ? 'the pods this policy selects' : 'the destination pods';
  const otherProtocols = destinations.flatMap((variant) =>
    variant.variant.ports.filter(
      (entry) => entry.name === port.name && entry.protocol !== port.protocol,
    ),
  );
  const hint =
    otherProtocols.length > 0
      ? ` They define "${port.name}" for ${[...new Set(otherProtocols.map((entry) => entry.protocol))].join(' and ')} only.`
      : '';
  return `Named port "${port.name}" for ${port.protocol} is defined by none of ${podsText} (${listed}), so the rule allows nothing on it.${hint}`;
}

/**
 * Returns the pods an egress rule can reach, or `undefined` when they are not all known because
 * the rule allows every destination or a peer can select a namespace that is not fully described.
 */
function egressDestinations(
  run: NetworkAnalysis,
  policy: NetworkPolicyModel,
  rule: PolicyRule,
  complete: boolean,
): VariantInfo[] | undefined {
  if (rule.peers === 'all') return undefined;
  const cluster = run.analysis.cluster;
  const destinations = new Set<VariantInfo>();

  for (const peer of rule.peers) {
    if (peer.kind !== 'pods') continue;
    const scope = peerScope(cluster, policy, peer, complete);
    if (scope.open || !scope.namespaces.every((namespace) => isDescribed(run, namespace, complete)))
      return undefined;
    const names = new Set(scope.namespaces.map((namespace) => namespace.name));
    for (const variant of run.analysis.tables.variants) {
      if (!names.has(variant.namespace.name)) continue;
      if (peer.podSelector === null || selectorMatches(peer.podSelector, variant.variant.labels))
        destinations.add(variant);
    }
  }
  return [...destinations];
}
