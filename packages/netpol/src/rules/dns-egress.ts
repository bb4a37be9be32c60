import { defineRule } from '@kubeharden/core';

import { indexNamedPorts, namedPortKey, resolvePorts, type NamedPorts } from '../analysis/ports.js';
import { NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import { IpSet, parseCidr, parseIpAddress, type IpRange } from '../model/ip.js';
import type { NetworkPolicyModel, PolicyRule } from '../model/policy.js';
import type { Labels } from '../model/selector.js';
import { readLabels, readOptions, readStringList } from './options.js';
import { describeLabels, listNames, peerSelectsPod, type PodDescription } from './peers.js';
import { firstObjectOf, NETPOL_KINDS, networkAnalysis, workloadName } from './run-analysis.js';

const OPTION_KEYS = ['dnsNamespace', 'dnsPodLabels', 'dnsAddresses', 'exempt'];

const DEFAULT_DNS_NAMESPACE = 'kube-system';
// CoreDNS keeps the kube-dns label of the service it replaced.
const DEFAULT_DNS_POD_LABELS: Labels = { 'k8s-app': 'kube-dns' };
// The container ports of the CoreDNS Deployment that kubeadm installs, for named ports in egress
// rules when the manifests do not contain the DNS pods themselves.
const COREDNS_NAMED_PORTS: NamedPorts = new Map([
  [namedPortKey('UDP', 'dns'), 53],
  [namedPortKey('TCP', 'dns-tcp'), 53],
]);
const DNS_PORT = 53;

/** The cluster DNS as the options describe it: its pods and the addresses that also answer queries. */
interface DnsTarget {
  readonly pod: PodDescription;
  readonly namedPorts: NamedPorts;
  /** Addresses that also answer DNS, such as a node-local cache. */
  readonly addresses: IpSet;
}

export const requireDnsEgress = defineRule({
  id: 'require-dns-egress',
  meta: {
    area: 'network',
    severity: 'error',
    description:
      'Every workload whose egress is isolated may still reach the cluster DNS on UDP port 53.',
    remediation:
      'Add an egress rule to the pods of the cluster DNS on UDP and TCP port 53, for example with the allowDnsEgress generator.',
    rationale:
      'A default-deny egress policy also blocks DNS, so every name lookup of the isolated pods fails and the workload breaks in ways that lead teams to remove the policy again. Allowing exactly the cluster DNS keeps egress closed everywhere else.',
    hipaa: ['164.312(e)(1)'],
    kinds: NETPOL_KINDS,
    limitations: [
      'The cluster DNS is the pods labelled k8s-app=kube-dns in namespace kube-system unless the options dnsNamespace and dnsPodLabels say otherwise; a node-local cache is recognized only when its address is listed in dnsAddresses.',
      'Only UDP port 53 is required; TCP port 53, which large answers need, is not checked.',
      'Only workloads in the manifests are checked, so a default-deny egress policy in a namespace without workloads is not reported; the option exempt lists namespaces to skip.',
    ],
  },
  create(context) {
    const options = readOptions(context.ruleId, context.options, OPTION_KEYS);
    const exempt = new Set(readStringList(context.ruleId, options, 'exempt') ?? []);
    const dnsNamespace = options.dnsNamespace ?? DEFAULT_DNS_NAMESPACE;
    if (typeof dnsNamespace !== 'string') {
      throw new Error(
        `Option "dnsNamespace" of rule "${context.ruleId}" must be a namespace name, not ${JSON.stringify(dnsNamespace)}`,
      );
    }
    const dnsPodLabels =
      readLabels(context.ruleId, options, 'dnsPodLabels') ?? DEFAULT_DNS_POD_LABELS;
    const addresses = readAddresses(
      context.ruleId,
      readStringList(context.ruleId, options, 'dnsAddresses') ?? [],
    );

    return {
      end() {
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        const { cluster, tables } = run.analysis;
        const namespace = cluster.namespaces.get(dnsNamespace) ?? {
          name: dnsNamespace,
          labels: { [NAMESPACE_NAME_LABEL]: dnsNamespace },
        };
        const dnsVariants = tables.variants.filter(
          (variant) =>
            variant.namespace.name === dnsNamespace &&
            hasLabels(variant.variant.labels, dnsPodLabels),
        );
        const target: DnsTarget = {
          pod: { namespace, labels: dnsPodLabels },
          namedPorts:
            dnsVariants.length > 0
              ? indexNamedPorts(dnsVariants.flatMap((variant) => variant.variant.ports))
              : COREDNS_NAMED_PORTS,
          addresses,
        };

        const blocked = new Map<number, Set<NetworkPolicyModel>>();
        for (const variant of tables.variants) {
          if (dnsVariants.includes(variant) || exempt.has(variant.namespace.name)) continue;
          const policies = (tables.egressPolicies[variant.id] ?? []).map(
            (id) => cluster.policies[id] as NetworkPolicyModel,
          );
          if (policies.length === 0) continue;
          if (
            policies.some((policy) => policy.egress.some((rule) => allowsDns(policy, rule, target)))
          )
            continue;
          const set = blocked.get(variant.workloadIndex) ?? new Set();
          for (const policy of policies) set.add(policy);
          blocked.set(variant.workloadIndex, set);
        }

        for (const [workloadIndex, policies] of blocked) {
          const workload = cluster.workloads[workloadIndex];
          const object = workload === undefined ? undefined : firstObjectOf(run, workload);
          if (workload === undefined || object === undefined) continue;
          // Sorted, so that the message does not depend on the order of the files.
          const names = [...policies].map((policy) => policy.name).sort();
          context.report({
            object,
            path: ['metadata', 'name'],
            message: `${workloadName(workload)} is isolated for egress by ${names.length === 1 ? 'NetworkPolicy' : 'NetworkPolicies'} ${listNames(names)}, but no egress rule allows UDP port ${DNS_PORT} to the cluster DNS (pods ${describeLabels(dnsPodLabels)} in namespace "${dnsNamespace}"), so every DNS lookup fails.`,
          });
        }
      },
    };
  },
});

function allowsDns(policy: NetworkPolicyModel, rule: PolicyRule, target: DnsTarget): boolean {
  // Named ports resolve against the DNS pods; an address, such as a node-local cache, has none.
  const toPods = resolvePorts(rule.ports, target.namedPorts).contains('UDP', DNS_PORT);
  const toAddresses = resolvePorts(rule.ports, undefined).contains('UDP', DNS_PORT);
  if (rule.peers === 'all') return toPods;

  return rule.peers.some((peer) => {
    if (peer.kind === 'pods') return toPods && peerSelectsPod(policy, peer, target.pod);
    if (peer.kind === 'ipBlock') {
      return (
        toAddresses && target.addresses.ranges.some((range) => peer.addresses.containsRange(range))
      );
    }
    return false;
  });
}

function hasLabels(labels: Labels, required: Labels): boolean {
  return Object.entries(required).every(([key, value]) => labels[key] === value);
}

/** Reads `dnsAddresses`: IP addresses or CIDRs. */
function readAddresses(ruleId: string, entries: readonly string[]): IpSet {
  const ranges: IpRange[] = [];
  for (const entry of entries) {
    const address = parseIpAddress(entry);
    if (address !== undefined) {
      ranges.push({ family: address.family, start: address.value, end: address.value });
      continue;
    }
    const cidr = parseCidr(entry);
    if (typeof cidr === 'string') {
      throw new Error(
        `Option "dnsAddresses" of rule "${ruleId}" lists "${entry}", which is neither an IP address nor a CIDR: ${cidr}`,
      );
    }
    ranges.push(cidr.range);
  }
  return IpSet.of(ranges);
}
