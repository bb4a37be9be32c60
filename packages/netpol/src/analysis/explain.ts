import type { Path } from '@kubeharden/core';

import { MAX_PORT, MIN_PORT, PROTOCOLS, type Protocol } from '../model/connection-set.js';
import { parseIpAddress, type IpFamily } from '../model/ip.js';
import type { Direction, NetworkPolicyModel, PeerSpec, PolicyRule } from '../model/policy.js';
import type { ObjectRef } from '../model/problem.js';
import { selectorMatches } from '../model/selector.js';
import type { ConnectivityAnalysis, Endpoint } from './connectivity.js';
import { portMatches } from './ports.js';
import type { VariantInfo } from './tables.js';

/** The match of one rule against the connection. Paths are relative to the policy object. */
export interface RuleExplanation {
  /** Path of the rule, such as `['spec', 'ingress', 1]`. */
  readonly path: Path;
  /** `all` when `from`/`to` is omitted; the path of the first matching peer; `null` when none matches. */
  readonly peer: 'all' | Path | null;
  /** `all` when `ports` is omitted; the path of the first matching port entry; `null` when none matches. */
  readonly port: 'all' | Path | null;
  readonly allows: boolean;
}

export interface PolicyExplanation {
  readonly policy: ObjectRef;
  /** Path of the pod selector that selected the pod of this side, or of its nearest parent. */
  readonly selectorPath: Path;
  readonly allows: boolean;
  /** Every rule of the policy for this direction; none when the section is empty (deny all). */
  readonly rules: readonly RuleExplanation[];
}

/**
 * The decision of one side: the source's egress or the destination's ingress. The status is
 * `external` for an external address, which no policy governs, and `not-isolated` when no
 * policy selects the pod for this direction. Otherwise the selecting policies decide.
 */
export interface DirectionExplanation {
  readonly direction: Direction;
  readonly status: 'external' | 'not-isolated' | 'allowed' | 'denied';
  readonly allowed: boolean;
  readonly policies: readonly PolicyExplanation[];
}

export interface Explanation {
  readonly source: string;
  readonly destination: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly allowed: boolean;
  readonly egress: DirectionExplanation;
  readonly ingress: DirectionExplanation;
}

/** One side of the connection as explain evaluates it: a pod variant or an address. */
type Side =
  | { readonly kind: 'pod'; readonly variant: VariantInfo }
  | { readonly kind: 'address'; readonly family: IpFamily; readonly value: bigint };

/**
 * Explains whether `source` may open a `protocol` connection to `port` of `destination`:
 * which policies isolate each side and which of their rules, peers and ports match.
 * Endpoints are names as `ConnectivityAnalysis.endpoint` accepts them; an IP address is
 * evaluated as that single address.
 *
 * NOTE: When a workload runs pods with different labels, the first pair of pod variants that
 * allows the connection is explained, or the first pair when none does.
 */
export function explainConnection(
  analysis: ConnectivityAnalysis,
  source: string | Endpoint,
  destination: string | Endpoint,
  protocol: Protocol,
  port: number,
): Explanation {
  if (!PROTOCOLS.includes(protocol)) {
    throw new Error(
      `explain: protocol ${JSON.stringify(protocol)} is invalid; use TCP, UDP or SCTP.`,
    );
  }
  if (!Number.isInteger(port) || port < MIN_PORT || port > MAX_PORT) {
    throw new Error(
      `explain: port ${port} is invalid; use a number from ${MIN_PORT} to ${MAX_PORT}.`,
    );
  }
  const sources = sidesOf(analysis, source, 'source');
  const destinations = sidesOf(analysis, destination, 'destination');
  if (sources.sides.every(isAddress) && destinations.sides.every(isAddress)) {
    throw new Error(
      `Both ${sources.name} and ${destinations.name} are external addresses; name a workload as source or destination.`,
    );
  }

  let first: Explanation | undefined;
  for (const from of sources.sides) {
    for (const to of destinations.sides) {
      const egress = explainEgress(analysis, from, to, protocol, port);
      const ingress = explainIngress(analysis, from, to, protocol, port);
      const explanation: Explanation = {
        source: sources.name,
        destination: destinations.name,
        protocol,
        port,
        allowed: egress.allowed && ingress.allowed,
        egress,
        ingress,
      };
      if (explanation.allowed) return explanation;
      first ??= explanation;
    }
  }
  if (first === undefined) {
    throw new Error(`explain: ${sources.name} or ${destinations.name} has no pods to explain.`);
  }
  return first;
}

function isAddress(side: Side): boolean {
  return side.kind === 'address';
}

function sidesOf(
  analysis: ConnectivityAnalysis,
  reference: string | Endpoint,
  role: 'source' | 'destination',
): { name: string; sides: Side[] } {
  if (typeof reference === 'string') {
    const address = parseIpAddress(reference);
    if (address !== undefined) {
      return {
        name: reference,
        sides: [{ kind: 'address', family: address.family, value: address.value }],
      };
    }
  }

  const endpoint = typeof reference === 'string' ? analysis.endpoint(reference, role) : reference;
  if (endpoint.type === 'external') {
    const { family, start } = endpoint.range;
    return { name: endpoint.name, sides: [{ kind: 'address', family, value: start }] };
  }
  const sides = analysis.tables.variants
    .filter((variant) => analysis.cluster.workloads[variant.workloadIndex] === endpoint.workload)
    .map((variant): Side => ({ kind: 'pod', variant }));
  return { name: endpoint.name, sides };
}

function explainEgress(
  analysis: ConnectivityAnalysis,
  from: Side,
  to: Side,
  protocol: Protocol,
  port: number,
): DirectionExplanation {
  if (from.kind !== 'pod')
    return { direction: 'egress', status: 'external', allowed: true, policies: [] };
  const policyIds = analysis.tables.egressPolicies[from.variant.id] ?? [];
  return decide(analysis, 'egress', policyIds, to, to, protocol, port);
}

function explainIngress(
  analysis: ConnectivityAnalysis,
  from: Side,
  to: Side,
  protocol: Protocol,
  port: number,
): DirectionExplanation {
  if (to.kind !== 'pod')
    return { direction: 'ingress', status: 'external', allowed: true, policies: [] };
  const policyIds = analysis.tables.ingressPolicies[to.variant.id] ?? [];
  return decide(analysis, 'ingress', policyIds, from, to, protocol, port);
}

/** Evaluates the policies of one side; `peer` is the other end, `destination` owns the named ports. */
function decide(
  analysis: ConnectivityAnalysis,
  direction: Direction,
  policyIds: readonly number[],
  peer: Side,
  destination: Side,
  protocol: Protocol,
  port: number,
): DirectionExplanation {
  if (policyIds.length === 0)
    return { direction, status: 'not-isolated', allowed: true, policies: [] };

  const policies = policyIds.map((id) => {
    const policy = analysis.cluster.policies[id] as NetworkPolicyModel;
    const rules = (direction === 'ingress' ? policy.ingress : policy.egress).map((rule) =>
      explainRule(policy, rule, peer, destination, protocol, port),
    );
    return {
      policy: policy.ref,
      selectorPath: policy.podSelectorPath,
      allows: rules.some((rule) => rule.allows),
      rules,
    };
  });
  const allowed = policies.some((policy) => policy.allows);
  return { direction, status: allowed ? 'allowed' : 'denied', allowed, policies };
}

function explainRule(
  policy: NetworkPolicyModel,
  rule: PolicyRule,
  peer: Side,
  destination: Side,
  protocol: Protocol,
  port: number,
): RuleExplanation {
  const matchedPeer =
    rule.peers === 'all'
      ? 'all'
      : (rule.peers.find((spec) => peerMatches(policy, spec, peer))?.path ?? null);
  const namedPorts = destination.kind === 'pod' ? destination.variant.namedPorts : undefined;
  const matchedPort =
    rule.ports === 'all'
      ? 'all'
      : (rule.ports.find((spec) => portMatches(spec, protocol, port, namedPorts))?.path ?? null);
  return {
    path: rule.path,
    peer: matchedPeer,
    port: matchedPort,
    allows: matchedPeer !== null && matchedPort !== null,
  };
}

function peerMatches(policy: NetworkPolicyModel, spec: PeerSpec, side: Side): boolean {
  switch (spec.kind) {
    case 'invalid':
      return false;
    case 'ipBlock':
      return side.kind === 'address' && spec.addresses.containsAddress(side.family, side.value);
    case 'pods': {
      if (side.kind !== 'pod') return false;
      const namespace = side.variant.namespace;
      const namespaceMatches =
        spec.namespaceSelector === null
          ? namespace.name === policy.namespace
          : selectorMatches(spec.namespaceSelector, namespace.labels);
      const podMatches =
        spec.podSelector === null || selectorMatches(spec.podSelector, side.variant.variant.labels);
      return namespaceMatches && podMatches;
    }
  }
}
