import { defineRule } from '@kubeharden/core';

import type { ClusterModel } from '../model/cluster.js';
import type { NetworkPolicyModel } from '../model/policy.js';
import { readOptions, readStringList } from './options.js';
import { listNames, peerListLocation, peerScope, pinnedNames, type PodPeer } from './peers.js';
import { NETPOL_KINDS, networkAnalysis, objectOf } from './run-analysis.js';

const OPTION_KEYS = ['namespaces', 'allowFrom'];
const EVERY_NAMESPACE = '*';

export const noCrossNamespaceIngress = defineRule({
  id: 'no-cross-namespace-ingress',
  meta: {
    area: 'network',
    severity: 'error',
    description:
      'Ingress rules of the namespaces that the configuration isolates admit no other namespace than those it allows.',
    remediation:
      'Limit the namespaceSelector of the peer to the allowed namespaces by kubernetes.io/metadata.name, or add the namespace to the allowFrom option if it needs access.',
    rationale:
      'Namespace isolation keeps a workload of one team or tenant from reaching the health data of another. It holds only when every ingress rule of the isolated namespace admits pods of its own namespace and of the few namespaces that must connect, such as the gateway.',
    hipaa: ['164.312(a)(1)'],
    kinds: NETPOL_KINDS,
    limitations: [
      'The rule does nothing until the option namespaces lists the isolated namespaces ("*" isolates every namespace); allowFrom lists the namespaces every isolated namespace accepts.',
      'Only the rules of NetworkPolicies are checked; a workload that no ingress policy selects accepts every namespace, which require-default-deny-ingress reports.',
      'Peers with an ipBlock are treated as external addresses, although a range that contains pod IPs admits those pods too.',
    ],
  },
  create(context) {
    const options = readOptions(context.ruleId, context.options, OPTION_KEYS);
    const isolated = readStringList(context.ruleId, options, 'namespaces') ?? [];
    const allowFrom = readStringList(context.ruleId, options, 'allowFrom') ?? [];
    const complete = context.settings.completeManifests;

    return {
      end() {
        if (isolated.length === 0) return;
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        const cluster = run.analysis.cluster;

        for (const policy of cluster.policies) {
          if (!isolated.includes(EVERY_NAMESPACE) && !isolated.includes(policy.namespace)) continue;
          const object = objectOf(run, policy.ref);
          if (object === undefined) continue;
          const allowed = new Set([policy.namespace, ...allowFrom]);

          for (const rule of policy.ingress) {
            if (rule.peers === 'all') {
              const { path, target, listed } = peerListLocation(object, rule);
              context.report({
                object,
                path,
                target,
                message: `Ingress rule has ${listed ? 'an empty from list' : 'no from list'}, so it admits pods of every namespace into isolated namespace "${policy.namespace}"; only ${listNames([...allowed])} may connect.`,
              });
              continue;
            }

            for (const peer of rule.peers) {
              if (peer.kind !== 'pods' || peer.namespaceSelector === null) continue;
              const message = outsiderMessage(cluster, policy, peer, complete, allowed);
              if (message === undefined) continue;
              context.report({
                object,
                path: [...peer.path, 'namespaceSelector'],
                target: 'key',
                message,
              });
            }
          }
        }
      },
    };
  },
});

/** Describes why a peer admits namespaces outside the allowed ones, or returns `undefined`. */
function outsiderMessage(
  cluster: ClusterModel,
  policy: NetworkPolicyModel,
  peer: PodPeer,
  complete: boolean,
  allowed: ReadonlySet<string>,
): string | undefined {
  if (peer.namespaceSelector === null) return undefined;
  const scope = peerScope(cluster, policy, peer, complete);
  const matched = new Set(scope.namespaces.map((model) => model.name));
  const names = pinnedNames(peer.namespaceSelector);
  const allowedText = listNames([...allowed]);

  // A name the selector pins but the manifests lack may still exist in the cluster.
  const outsiders =
    names === undefined
      ? [...matched].filter((name) => !allowed.has(name))
      : names.filter(
          (name) => !allowed.has(name) && (!cluster.namespaces.has(name) || matched.has(name)),
        );
  if (outsiders.length > 0) {
    const noun = outsiders.length === 1 ? 'namespace' : 'namespaces';
    return `Peer admits pods of ${noun} ${listNames(outsiders.sort())} into isolated namespace "${policy.namespace}"; only ${allowedText} may connect.`;
  }
  if (names === undefined && scope.open) {
    return `Peer selects namespaces by labels, so pods of any namespace given those labels can connect to isolated namespace "${policy.namespace}"; select ${allowedText} by kubernetes.io/metadata.name.`;
  }
  return undefined;
}
