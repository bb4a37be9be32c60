import type { ClusterModel, NamespaceModel, PodVariant } from '../model/cluster.js';
import { IpSet, type IpFamily } from '../model/ip.js';
import type { NetworkPolicyModel, PolicyRule } from '../model/policy.js';
import { selectorMatches, type LabelSelector } from '../model/selector.js';
import { indexNamedPorts, namedPortKey, type NamedPorts } from './ports.js';

/** A pod variant of a workload, the unit that policies select. */
export interface VariantInfo {
  readonly id: number;
  readonly workloadIndex: number;
  readonly namespace: NamespaceModel;
  readonly variant: PodVariant;
  readonly namedPorts: NamedPorts;
}

/** A rule with what its peers match, computed once. */
export interface RuleInfo {
  readonly id: number;
  readonly policyIndex: number;
  readonly rule: PolicyRule;
  /** `from`/`to` omitted: every pod and every external address. */
  readonly matchesAll: boolean;
  /** A peer selects every pod of every namespace, such as `namespaceSelector: {}`. */
  readonly matchesAllPods: boolean;
  /** Union of the rule's ipBlock peers. */
  readonly addresses: IpSet;
  readonly usesNamedPorts: boolean;
}

/**
 * The policy facts of a cluster, indexed so that memory grows with the number of
 * (pod variant, policy) and (pod variant, rule) matches rather than with pairs of endpoints.
 */
export interface PolicyTables {
  readonly variants: readonly VariantInfo[];
  readonly rules: readonly RuleInfo[];
  /** Rule ids of each policy, ingress then egress. */
  readonly policyRules: readonly (readonly number[])[];
  /** Variant ids each policy selects with its pod selector, whatever directions it applies to. */
  readonly policySelections: readonly (readonly number[])[];
  /** Per variant, the ids of the policies that isolate it for ingress, in policy order. */
  readonly ingressPolicies: readonly (readonly number[])[];
  readonly egressPolicies: readonly (readonly number[])[];
  /**
   * Per variant, the sorted ids of the rules whose pod peers select it. Rules that match
   * every pod are left out and recognized by `matchesAll` and `matchesAllPods`.
   */
  readonly selectedBy: readonly Int32Array[];
  /** `PROTOCOL/name` of every named port that some rule uses, sorted. */
  readonly namedPortsInUse: readonly string[];
  /** Address families that some ipBlock names. */
  readonly familiesInUse: ReadonlySet<IpFamily>;
}

/** Indexes which pods each policy selects and which rule peers select each pod. */
export function buildTables(cluster: ClusterModel): PolicyTables {
  const variants = collectVariants(cluster);
  const variantsByNamespace = groupByNamespace(variants);
  const namespaces = [...cluster.namespaces.values()];
  const policies = cluster.policies;

  const policySelections = policies.map((policy) =>
    (variantsByNamespace.get(policy.namespace) ?? [])
      .filter((variant) => selectorMatches(policy.podSelector, variant.variant.labels))
      .map((variant) => variant.id),
  );
  const ingressPolicies: number[][] = variants.map(() => []);
  const egressPolicies: number[][] = variants.map(() => []);
  policies.forEach((policy, index) => {
    for (const variantId of policySelections[index] ?? []) {
      if (policy.appliesToIngress) ingressPolicies[variantId]?.push(index);
      if (policy.appliesToEgress) egressPolicies[variantId]?.push(index);
    }
  });

  const { rules, policyRules } = collectRules(policies);
  const selectedBy = computeSelectedBy(rules, policies, variants, variantsByNamespace, namespaces);
  return {
    variants,
    rules,
    policyRules,
    policySelections,
    ingressPolicies,
    egressPolicies,
    selectedBy,
    namedPortsInUse: collectNamedPorts(rules),
    familiesInUse: collectFamilies(rules),
  };
}

function collectVariants(cluster: ClusterModel): VariantInfo[] {
  const variants: VariantInfo[] = [];
  cluster.workloads.forEach((workload, workloadIndex) => {
    const namespace = cluster.namespaces.get(workload.namespace);
    if (namespace === undefined) return;
    for (const variant of workload.variants) {
      variants.push({
        id: variants.length,
        workloadIndex,
        namespace,
        variant,
        namedPorts: indexNamedPorts(variant.ports),
      });
    }
  });
  return variants;
}

function groupByNamespace(variants: readonly VariantInfo[]): Map<string, VariantInfo[]> {
  const result = new Map<string, VariantInfo[]>();
  for (const variant of variants) {
    const list = result.get(variant.namespace.name);
    if (list === undefined) result.set(variant.namespace.name, [variant]);
    else list.push(variant);
  }
  return result;
}

function collectRules(policies: readonly NetworkPolicyModel[]): {
  rules: RuleInfo[];
  policyRules: number[][];
} {
  const rules: RuleInfo[] = [];
  const policyRules = policies.map((policy, policyIndex) =>
    [...policy.ingress, ...policy.egress].map((rule) => {
      const id = rules.length;
      rules.push(describeRule(id, policyIndex, rule));
      return id;
    }),
  );
  return { rules, policyRules };
}

function describeRule(id: number, policyIndex: number, rule: PolicyRule): RuleInfo {
  const peers = rule.peers === 'all' ? [] : rule.peers;
  let addresses = IpSet.EMPTY;
  for (const peer of peers)
    if (peer.kind === 'ipBlock') addresses = addresses.union(peer.addresses);
  const matchesAllPods = peers.some(
    (peer) =>
      peer.kind === 'pods' &&
      peer.namespaceSelector?.empty === true &&
      (peer.podSelector === null || peer.podSelector.empty),
  );
  return {
    id,
    policyIndex,
    rule,
    matchesAll: rule.peers === 'all',
    matchesAllPods,
    addresses,
    usesNamedPorts: rule.ports !== 'all' && rule.ports.some((port) => port.kind === 'named'),
  };
}

/**
 * Finds, for every variant, the rules whose pod peers select it. Namespace selectors are
 * evaluated once per distinct selector, and pod selectors once per distinct selector and
 * namespace, because large clusters repeat the same selectors in many policies.
 */
function computeSelectedBy(
  rules: readonly RuleInfo[],
  policies: readonly NetworkPolicyModel[],
  variants: readonly VariantInfo[],
  variantsByNamespace: ReadonlyMap<string, readonly VariantInfo[]>,
  namespaces: readonly NamespaceModel[],
): Int32Array[] {
  const lists: number[][] = variants.map(() => []);
  const namespaceCache = new Map<string, readonly string[]>();
  const podCache = new Map<string, readonly number[]>();

  const namespacesMatching = (selector: LabelSelector): readonly string[] => {
    let names = namespaceCache.get(selector.key);
    if (names === undefined) {
      names = namespaces.filter((ns) => selectorMatches(selector, ns.labels)).map((ns) => ns.name);
      namespaceCache.set(selector.key, names);
    }
    return names;
  };
  const podsMatching = (selector: LabelSelector | null, namespace: string): readonly number[] => {
    const key = `${selector?.key ?? ''}\u0000${namespace}`;
    let ids = podCache.get(key);
    if (ids === undefined) {
      const candidates = variantsByNamespace.get(namespace) ?? [];
      ids = candidates
        .filter((variant) => selector === null || selectorMatches(selector, variant.variant.labels))
        .map((variant) => variant.id);
      podCache.set(key, ids);
    }
    return ids;
  };

  for (const info of rules) {
    if (info.matchesAll || info.matchesAllPods || info.rule.peers === 'all') continue;
    const policy = policies[info.policyIndex] as NetworkPolicyModel;
    const selected = new Set<number>();
    for (const peer of info.rule.peers) {
      if (peer.kind !== 'pods') continue;
      const names =
        peer.namespaceSelector === null
          ? [policy.namespace]
          : namespacesMatching(peer.namespaceSelector);
      for (const name of names)
        for (const id of podsMatching(peer.podSelector, name)) selected.add(id);
    }
    for (const id of selected) lists[id]?.push(info.id);
  }
  return lists.map((list) => Int32Array.from(list));
}

function collectNamedPorts(rules: readonly RuleInfo[]): string[] {
  const keys = new Set<string>();
  for (const info of rules) {
    if (info.rule.ports === 'all') continue;
    for (const port of info.rule.ports) {
      if (port.kind === 'named') keys.add(namedPortKey(port.protocol, port.name));
    }
  }
  return [...keys].sort();
}

function collectFamilies(rules: readonly RuleInfo[]): Set<IpFamily> {
  const families = new Set<IpFamily>();
  for (const info of rules) {
    if (info.rule.peers === 'all') continue;
    for (const peer of info.rule.peers) {
      if (peer.kind !== 'ipBlock') continue;
      for (const range of peer.addresses.ranges) families.add(range.family);
    }
  }
  return families;
}
