import { defineRule } from '@kubeharden/core';

import { NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import type { NetworkPolicyModel } from '../model/policy.js';
import { selectorMatches } from '../model/selector.js';
import {
  BUILT_IN_NAMESPACES,
  describeSelector,
  listNames,
  peerScope,
  type PodPeer,
} from './peers.js';
import {
  indexedPolicies,
  isDescribed,
  NETPOL_KINDS,
  networkAnalysis,
  objectOf,
  type NetworkAnalysis,
} from './run-analysis.js';

const DESCRIBED_NAMESPACES =
  'A namespace counts as fully described only when the completeManifests setting is true and the manifests contain at least one of its workloads, because operators create pods that no manifest shows.';

export const noUnusedNetworkPolicies = defineRule({
  id: 'no-unused-network-policies',
  meta: {
    area: 'network',
    severity: 'warning',
    description:
      'Every NetworkPolicy in a namespace that the manifests fully describe selects at least one workload.',
    remediation:
      'Correct the podSelector to the labels of the pods the policy is meant for, or remove the policy.',
    rationale:
      'A policy whose podSelector matches no pod protects nothing; usually a label was misspelled or changed, and the workload it was written for is not isolated as its authors believe.',
    hipaa: ['164.312(a)(1)'],
    kinds: NETPOL_KINDS,
    limitations: [DESCRIBED_NAMESPACES],
  },
  create(context) {
    const complete = context.settings.completeManifests;

    return {
      end() {
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        const selections = run.analysis.tables.policySelections;

        for (const { policy, index } of indexedPolicies(run)) {
          if (!policy.podSelector.valid || !isDescribed(run, policy.namespace, complete)) continue;
          if ((selections[index] ?? []).length > 0) continue;
          const object = objectOf(run, policy.ref);
          if (object === undefined) continue;

          context.report({
            object,
            path: policy.podSelectorPath,
            target: 'key',
            message: `NetworkPolicy "${policy.name}" selects no pod: no workload of namespace "${policy.namespace}" has labels that match podSelector ${describeSelector(policy.podSelector)}.`,
          });
        }
      },
    };
  },
});

export const noUnmatchedPeerSelectors = defineRule({
  id: 'no-unmatched-peer-selectors',
  meta: {
    area: 'network',
    severity: 'warning',
    description: 'Every peer selector of a NetworkPolicy rule matches some namespace or pod.',
    remediation:
      'Correct the namespaceSelector or podSelector to the labels of the namespaces and pods the rule is meant for, or remove the peer.',
    rationale:
      'A peer that matches nothing allows nothing, so the connection it was written for is denied, and a later change of labels may make it match pods nobody intended. A misspelled label is the usual cause.',
    hipaa: ['164.312(a)(1)'],
    kinds: NETPOL_KINDS,
    limitations: [
      'A namespaceSelector is reported only when completeManifests is true, because other namespaces may exist in the cluster; the namespaces default, kube-system, kube-public and kube-node-lease always exist.',
      `A podSelector is reported only when every namespace the peer can select is fully described. ${DESCRIBED_NAMESPACES}`,
    ],
  },
  create(context) {
    const complete = context.settings.completeManifests;

    return {
      end() {
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        for (const policy of run.analysis.cluster.policies) {
          const object = objectOf(run, policy.ref);
          if (object === undefined) continue;
          for (const rule of [...policy.ingress, ...policy.egress]) {
            if (rule.peers === 'all') continue;
            for (const peer of rule.peers) {
              if (peer.kind !== 'pods') continue;
              const finding = unmatchedPeer(run, policy, peer, complete);
              if (finding !== undefined) context.report({ object, target: 'key', ...finding });
            }
          }
        }
      },
    };
  },
});

/** Describes the selector of a peer that matches nothing, or returns `undefined`. */
function unmatchedPeer(
  run: NetworkAnalysis,
  policy: NetworkPolicyModel,
  peer: PodPeer,
  complete: boolean,
): { path: PodPeer['path']; message: string } | undefined {
  if (peer.namespaceSelector?.valid === false || peer.podSelector?.valid === false)
    return undefined;
  const cluster = run.analysis.cluster;
  const scope = peerScope(cluster, policy, peer, complete);

  if (peer.namespaceSelector !== null && scope.namespaces.length === 0) {
    const selector = peer.namespaceSelector;
    const builtIn = BUILT_IN_NAMESPACES.some(
      (name) =>
        !cluster.namespaces.has(name) &&
        selectorMatches(selector, { [NAMESPACE_NAME_LABEL]: name }),
    );
    if (!complete || builtIn) return undefined;
    return {
      path: [...peer.path, 'namespaceSelector'],
      message: `namespaceSelector ${describeSelector(selector)} matches no namespace of the manifests, so this peer selects nothing.`,
    };
  }
  if (scope.open || scope.namespaces.length === 0) return undefined;
  if (!scope.namespaces.every((namespace) => isDescribed(run, namespace, complete)))
    return undefined;

  const selector = peer.podSelector;
  if (selector === null) return undefined;
  const names = new Set(scope.namespaces.map((namespace) => namespace.name));
  const matched = run.analysis.tables.variants.some(
    (variant) =>
      names.has(variant.namespace.name) && selectorMatches(selector, variant.variant.labels),
  );
  if (matched) return undefined;
  const where = names.size === 1 ? 'namespace' : 'namespaces';
  return {
    path: [...peer.path, 'podSelector'],
    message: `podSelector ${describeSelector(selector)} matches no pod of ${where} ${listNames([...names])}, so this peer selects nothing.`,
  };
}
