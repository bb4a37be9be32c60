import { defineRule, type K8sObject, type RuleContext } from '@kubeharden/core';

import { parseCidr } from '../model/ip.js';
import type { PeerSpec, PolicyRule } from '../model/policy.js';
import { describePorts, peerListLocation } from './peers.js';
import { NETPOL_KINDS, networkAnalysis, objectOf } from './run-analysis.js';

const PEER_FIELD = { ingress: 'from', egress: 'to' } as const;

/** One rule of a policy, with the object it was read from. */
interface RuleSite {
  readonly object: K8sObject;
  readonly rule: PolicyRule;
}

export const noAllowAllPeers = defineRule({
  id: 'no-allow-all-peers',
  meta: {
    area: 'network',
    severity: 'warning',
    description:
      'No NetworkPolicy rule allows every source or every destination, or every pod of the cluster.',
    remediation:
      'List the peers the workload needs in from or to: pods by podSelector, namespaces by kubernetes.io/metadata.name, and external ranges by ipBlock.',
    rationale:
      'A rule without from or to, or with an empty list, matches every pod in every namespace and every address, and a peer with namespaceSelector: {} matches every pod of the cluster. Such a rule undoes the isolation of the pods it selects, so one compromised workload anywhere can reach a workload with health data.',
    hipaa: ['164.312(a)(1)', '164.312(e)(1)'],
    kinds: NETPOL_KINDS,
    limitations: [
      'An egress ipBlock of 0.0.0.0/0 or ::/0 is reported by no-egress-to-any-address, not by this rule.',
      'Rules are reported whatever their ports, so a gateway that must accept every source on one port needs a suppression with a reason.',
    ],
  },
  create(context) {
    return {
      end() {
        for (const site of ruleSites(context)) reportOpenRule(context, site);
      },
    };
  },
});

export const noEgressToAnyAddress = defineRule({
  id: 'no-egress-to-any-address',
  meta: {
    area: 'network',
    severity: 'warning',
    description: 'No egress rule allows connections to 0.0.0.0/0 or ::/0, whatever its ports.',
    remediation:
      'Replace the ipBlock with the address ranges of the services the workload calls, for example with the egressAllowList generator.',
    rationale:
      'An egress ipBlock with prefix length 0 lets the selected pods connect to every host on the internet. A compromised workload can then send health data to any server, and the exceptions of such a block usually remove only private ranges.',
    hipaa: ['164.312(e)(1)'],
    kinds: NETPOL_KINDS,
    limitations: [
      'Only a single ipBlock with prefix length 0 is reported; blocks that cover every address together, such as 0.0.0.0/1 and 128.0.0.0/1, are not.',
      'An egress rule without to also reaches every address; no-allow-all-peers reports it.',
    ],
  },
  create(context) {
    return {
      end() {
        for (const site of ruleSites(context)) {
          if (site.rule.direction !== 'egress' || site.rule.peers === 'all') continue;
          for (const peer of site.rule.peers) {
            const cidr = wholeSpaceCidr(site.object, peer);
            if (cidr === undefined) continue;
            context.report({
              object: site.object,
              path: [...peer.path, 'ipBlock', 'cidr'],
              message: `Egress to ipBlock "${cidr}" allows connections to every address ${describePorts(site.rule.ports)}; list the address ranges the workload needs.`,
            });
          }
        }
      },
    };
  },
});

/** Yields every rule that takes effect, with its source object. */
function* ruleSites(context: RuleContext): Generator<RuleSite> {
  const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
  for (const policy of run.analysis.cluster.policies) {
    const object = objectOf(run, policy.ref);
    if (object === undefined) continue;
    for (const rule of [...policy.ingress, ...policy.egress]) yield { object, rule };
  }
}

function reportOpenRule(context: RuleContext, site: RuleSite): void {
  const { object, rule } = site;
  const field = PEER_FIELD[rule.direction];
  const ports = describePorts(rule.ports);
  const side = rule.direction === 'ingress' ? 'source' : 'destination';
  const title = rule.direction === 'ingress' ? 'Ingress' : 'Egress';

  if (rule.peers === 'all') {
    const { path, target, listed } = peerListLocation(object, rule);
    context.report({
      object,
      path,
      target,
      message: `${title} rule has ${listed ? `an empty ${field} list` : `no ${field} list`}, so it allows every ${side}, every pod and every address, ${ports}.`,
    });
    return;
  }

  for (const peer of rule.peers) {
    if (peer.kind === 'pods' && selectsEveryPod(peer)) {
      context.report({
        object,
        path: [...peer.path, 'namespaceSelector'],
        target: 'key',
        message: `Peer with namespaceSelector: {} and no pod restriction matches every pod of every namespace, so the ${rule.direction} rule allows all of them ${ports}.`,
      });
    }
    if (rule.direction === 'ingress') {
      const cidr = wholeSpaceCidr(object, peer);
      if (cidr === undefined) continue;
      context.report({
        object,
        path: [...peer.path, 'ipBlock', 'cidr'],
        message: `Ingress from ipBlock "${cidr}" allows every external address as a source ${ports}; list the address ranges that need access, such as a load balancer's.`,
      });
    }
  }
}

function selectsEveryPod(peer: Extract<PeerSpec, { kind: 'pods' }>): boolean {
  const everyNamespace = peer.namespaceSelector?.valid === true && peer.namespaceSelector.empty;
  const everyPod = peer.podSelector === null || (peer.podSelector.valid && peer.podSelector.empty);
  return everyNamespace && everyPod;
}

/** Returns the cidr text of an ipBlock peer whose prefix length is 0, such as `0.0.0.0/0`. */
function wholeSpaceCidr(object: K8sObject, peer: PeerSpec): string | undefined {
  if (peer.kind !== 'ipBlock') return undefined;
  const cidr = object.get([...peer.path, 'ipBlock', 'cidr']);
  if (typeof cidr !== 'string') return undefined;
  const parsed = parseCidr(cidr);
  return typeof parsed !== 'string' && parsed.prefixLength === 0 ? cidr : undefined;
}
