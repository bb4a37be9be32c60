import type { Path } from '@kubeharden/core';

import { MAX_PORT, MIN_PORT, type Protocol } from './connection-set.js';
import { IpSet, parseCidr } from './ip.js';
import { portNameError } from './names.js';
import { quote, type ObjectRef, type ProblemSink } from './problem.js';
import { EVERYTHING, isRecord, parseLabelSelector, type LabelSelector } from './selector.js';

export type Direction = 'ingress' | 'egress';

/**
 * One entry of a rule's `ports` list. A `protocol` entry allows every port of the protocol,
 * because `port` is omitted. A `named` entry is resolved against the destination pod's
 * container ports. An `invalid` entry failed validation and matches nothing.
 */
export type PortSpec =
  | { readonly kind: 'protocol'; readonly protocol: Protocol; readonly path: Path }
  | {
      readonly kind: 'range';
      readonly protocol: Protocol;
      readonly start: number;
      readonly end: number;
      readonly path: Path;
    }
  | {
      readonly kind: 'named';
      readonly protocol: Protocol;
      readonly name: string;
      readonly path: Path;
    }
  | { readonly kind: 'invalid'; readonly path: Path };

/**
 * One entry of a rule's `from` or `to` list. For `pods`, a `null` namespace selector means the
 * policy's own namespace and a `null` pod selector means every pod of the selected namespaces.
 */
export type PeerSpec =
  | {
      readonly kind: 'pods';
      readonly namespaceSelector: LabelSelector | null;
      readonly podSelector: LabelSelector | null;
      readonly path: Path;
    }
  | { readonly kind: 'ipBlock'; readonly addresses: IpSet; readonly path: Path }
  | { readonly kind: 'invalid'; readonly path: Path };

/** One ingress or egress rule. `all` stands for an omitted or empty `from`/`to` or `ports`. */
export interface PolicyRule {
  readonly direction: Direction;
  readonly index: number;
  /** Path of the rule in its policy, such as `['spec', 'ingress', 1]`. */
  readonly path: Path;
  readonly peers: readonly PeerSpec[] | 'all';
  readonly ports: readonly PortSpec[] | 'all';
}

/** A NetworkPolicy reduced to what decides connectivity. */
export interface NetworkPolicyModel {
  readonly ref: ObjectRef;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** Path of `spec.podSelector`, or of its nearest existing parent when it is omitted. */
  readonly podSelectorPath: Path;
  readonly appliesToIngress: boolean;
  readonly appliesToEgress: boolean;
  /** The ingress rules; empty when the policy does not apply to ingress. */
  readonly ingress: readonly PolicyRule[];
  /** The egress rules; empty when the policy does not apply to egress. */
  readonly egress: readonly PolicyRule[];
}

const PROTOCOL_NAMES: readonly string[] = ['TCP', 'UDP', 'SCTP'];
const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'];
const EMPTY_PEER_MESSAGE = 'A peer must set podSelector, namespaceSelector or ipBlock.';

/** Reads a NetworkPolicy object into its model, reporting every invalid field to `sink`. */
export function parseNetworkPolicy(
  value: Record<string, unknown>,
  ref: ObjectRef,
  sink: ProblemSink,
): NetworkPolicyModel {
  const spec = value.spec;
  if (spec !== undefined && spec !== null && !isRecord(spec)) {
    sink.error('invalid-field', ['spec'], `spec must be a mapping, not ${quote(spec)}.`);
  }
  const body = isRecord(spec) ? spec : {};

  const podSelector =
    body.podSelector === undefined || body.podSelector === null
      ? EVERYTHING
      : parseLabelSelector(body.podSelector, ['spec', 'podSelector'], sink);
  const ingressRules = readRules(body.ingress, 'ingress', sink);
  const egressRules = readRules(body.egress, 'egress', sink);
  const types = readPolicyTypes(body.policyTypes, egressRules.length > 0, sink);

  reportIgnoredRules(types.ingress, ingressRules.length, 'ingress', sink);
  reportIgnoredRules(types.egress, egressRules.length, 'egress', sink);
  return {
    ref,
    namespace: ref.namespace ?? '',
    name: ref.name,
    podSelector,
    podSelectorPath: podSelectorPath(value),
    appliesToIngress: types.ingress,
    appliesToEgress: types.egress,
    ingress: types.ingress ? ingressRules : [],
    egress: types.egress ? egressRules : [],
  };
}

function podSelectorPath(value: Record<string, unknown>): Path {
  if (!isRecord(value.spec)) return [];
  return value.spec.podSelector === undefined ? ['spec'] : ['spec', 'podSelector'];
}

/**
 * Applies the defaulting of `spec.policyTypes`: without it, Ingress always applies and Egress
 * applies when the policy has at least one egress rule.
 */
function readPolicyTypes(
  value: unknown,
  hasEgressRules: boolean,
  sink: ProblemSink,
): { ingress: boolean; egress: boolean } {
  const path = ['spec', 'policyTypes'];
  if (value === undefined || value === null) return { ingress: true, egress: hasEgressRules };
  if (!Array.isArray(value)) {
    sink.error('invalid-field', path, `policyTypes must be a list, not ${quote(value)}.`);
    return { ingress: true, egress: hasEgressRules };
  }
  if (value.length === 0) return { ingress: true, egress: hasEgressRules };

  const types = { ingress: false, egress: false };
  value.forEach((entry: unknown, index) => {
    if (entry === 'Ingress') types.ingress = true;
    else if (entry === 'Egress') types.egress = true;
    else {
      sink.error(
        'invalid-policy-type',
        [...path, index],
        `Policy type ${quote(entry)} is invalid; use Ingress or Egress.`,
      );
    }
  });
  return types;
}

function reportIgnoredRules(
  applies: boolean,
  ruleCount: number,
  direction: Direction,
  sink: ProblemSink,
): void {
  if (applies || ruleCount === 0) return;
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  sink.warning(
    'ignored-rules',
    ['spec', direction],
    `The ${direction} rules have no effect because spec.policyTypes does not list ${type}; add ${type} to policyTypes or remove the rules.`,
    'key',
  );
}

function readRules(value: unknown, direction: Direction, sink: ProblemSink): PolicyRule[] {
  const path = ['spec', direction];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    sink.error('invalid-field', path, `${direction} must be a list of rules, not ${quote(value)}.`);
    return [];
  }
  return value.map((rule: unknown, index) => readRule(rule, direction, index, sink));
}

function readRule(
  value: unknown,
  direction: Direction,
  index: number,
  sink: ProblemSink,
): PolicyRule {
  const path = ['spec', direction, index];
  const peerField = direction === 'ingress' ? 'from' : 'to';
  if (value !== null && value !== undefined && !isRecord(value)) {
    sink.error(
      'invalid-field',
      path,
      `A ${direction} rule must be a mapping, not ${quote(value)}.`,
    );
    return { direction, index, path, peers: [], ports: [] };
  }

  const rule = isRecord(value) ? value : {};
  const peers = readPeers(rule[peerField], [...path, peerField], direction, sink);
  const ports = readPorts(rule.ports, [...path, 'ports'], sink);
  if (peers !== 'all' && ports !== 'all') warnNamedPortsToIpBlocks(peers, ports, direction, sink);
  return { direction, index, path, peers, ports };
}

function readPeers(
  value: unknown,
  path: Path,
  direction: Direction,
  sink: ProblemSink,
): readonly PeerSpec[] | 'all' {
  if (value === undefined || value === null) return 'all';
  if (!Array.isArray(value)) {
    sink.error(
      'invalid-field',
      path,
      `${path[path.length - 1]} must be a list of peers, not ${quote(value)}.`,
    );
    return [];
  }
  if (value.length === 0) return 'all';
  return value.map((peer: unknown, index) => readPeer(peer, [...path, index], direction, sink));
}

function readPeer(value: unknown, path: Path, direction: Direction, sink: ProblemSink): PeerSpec {
  if (value === null || value === undefined) {
    sink.error('empty-peer', path, EMPTY_PEER_MESSAGE);
    return { kind: 'invalid', path };
  }
  if (!isRecord(value)) {
    sink.error('invalid-field', path, `A peer must be a mapping, not ${quote(value)}.`);
    return { kind: 'invalid', path };
  }

  for (const key of Object.keys(value)) {
    if (!PEER_FIELDS.includes(key)) {
      sink.warning(
        'invalid-field',
        [...path, key],
        `Peer field ${quote(key)} is unknown; the API server drops it, so it does not restrict the peer.`,
        'key',
      );
    }
  }
  const present = (key: string): boolean => value[key] !== undefined && value[key] !== null;
  const hasPods = present('podSelector');
  const hasNamespaces = present('namespaceSelector');

  if (present('ipBlock')) {
    const addresses = readIpBlock(value.ipBlock, [...path, 'ipBlock'], sink);
    if (!hasPods && !hasNamespaces) {
      return addresses === undefined
        ? { kind: 'invalid', path }
        : { kind: 'ipBlock', addresses, path };
    }
    for (const key of ['podSelector', 'namespaceSelector'].filter(present)) {
      sink.error(
        'ip-block-with-selector',
        [...path, key],
        `A peer with ipBlock must not also set ${key}; put the ${key} in a separate peer of the same ${direction === 'ingress' ? 'from' : 'to'} list.`,
        'key',
      );
    }
    return { kind: 'invalid', path };
  }

  if (!hasPods && !hasNamespaces) {
    sink.error('empty-peer', path, EMPTY_PEER_MESSAGE);
    return { kind: 'invalid', path };
  }
  const podSelector = hasPods
    ? parseLabelSelector(value.podSelector, [...path, 'podSelector'], sink)
    : null;
  const namespaceSelector = hasNamespaces
    ? parseLabelSelector(value.namespaceSelector, [...path, 'namespaceSelector'], sink)
    : null;
  return { kind: 'pods', namespaceSelector, podSelector, path };
}

/** Reads an ipBlock into the set of addresses it matches: `cidr` minus every valid `except`. */
function readIpBlock(value: unknown, path: Path, sink: ProblemSink): IpSet | undefined {
  if (!isRecord(value)) {
    sink.error('invalid-field', path, `ipBlock must be a mapping, not ${quote(value)}.`);
    return undefined;
  }
  if (value.cidr === undefined || value.cidr === null) {
    sink.error('invalid-cidr', path, 'ipBlock needs a cidr, such as 10.0.0.0/8.');
    return undefined;
  }
  if (typeof value.cidr !== 'string') {
    sink.error('invalid-cidr', [...path, 'cidr'], `CIDR ${quote(value.cidr)} must be a string.`);
    return undefined;
  }

  const cidr = parseCidr(value.cidr);
  if (typeof cidr === 'string') {
    sink.error('invalid-cidr', [...path, 'cidr'], `CIDR ${quote(value.cidr)} is invalid: ${cidr}.`);
    return undefined;
  }
  if (cidr.nonCanonical) {
    sink.warning(
      'non-canonical-cidr',
      [...path, 'cidr'],
      `CIDR ${quote(value.cidr)} is not canonical and means ${cidr.canonical}; write ${cidr.canonical}, because strict API server validation rejects this form.`,
    );
  }

  let addresses = IpSet.of([cidr.range]);
  const except = value.except;
  if (except === undefined || except === null) return addresses;
  if (!Array.isArray(except)) {
    sink.error(
      'invalid-field',
      [...path, 'except'],
      `except must be a list of CIDRs, not ${quote(except)}.`,
    );
    return addresses;
  }
  except.forEach((entry: unknown, index) => {
    const entryPath = [...path, 'except', index];
    const hole = typeof entry === 'string' ? parseCidr(entry) : 'it is not a string';
    if (typeof hole === 'string') {
      sink.error('invalid-cidr', entryPath, `CIDR ${quote(entry)} in except is invalid: ${hole}.`);
      return;
    }
    const inside =
      hole.family === cidr.family &&
      hole.prefixLength > cidr.prefixLength &&
      hole.range.start >= cidr.range.start &&
      hole.range.end <= cidr.range.end;
    if (!inside) {
      sink.error(
        'except-outside-cidr',
        entryPath,
        `Except entry ${quote(entry)} must be a strict subset of cidr ${quote(value.cidr)}.`,
      );
      return;
    }
    if (hole.nonCanonical) {
      sink.warning(
        'non-canonical-cidr',
        entryPath,
        `CIDR ${quote(entry)} is not canonical and means ${hole.canonical}; write ${hole.canonical}, because strict API server validation rejects this form.`,
      );
    }
    addresses = addresses.subtract(IpSet.of([hole.range]));
  });
  return addresses;
}

function readPorts(value: unknown, path: Path, sink: ProblemSink): readonly PortSpec[] | 'all' {
  if (value === undefined || value === null) return 'all';
  if (!Array.isArray(value)) {
    sink.error('invalid-field', path, `ports must be a list, not ${quote(value)}.`);
    return [];
  }
  if (value.length === 0) return 'all';
  return value.map((entry: unknown, index) => readPort(entry, [...path, index], sink));
}

function readPort(value: unknown, path: Path, sink: ProblemSink): PortSpec {
  if (!isRecord(value)) {
    sink.error('invalid-field', path, `A port entry must be a mapping, not ${quote(value)}.`);
    return { kind: 'invalid', path };
  }

  let valid = true;
  let protocol: Protocol = 'TCP';
  if (value.protocol !== undefined && value.protocol !== null) {
    if (typeof value.protocol === 'string' && PROTOCOL_NAMES.includes(value.protocol)) {
      protocol = value.protocol as Protocol;
    } else {
      sink.error(
        'invalid-protocol',
        [...path, 'protocol'],
        `Protocol ${quote(value.protocol)} is invalid; use TCP, UDP or SCTP (upper case).`,
      );
      valid = false;
    }
  }

  const port = value.port;
  const endPort = value.endPort;
  const hasEndPort = endPort !== undefined && endPort !== null;
  if (port === undefined || port === null) {
    if (hasEndPort) {
      sink.error(
        'invalid-end-port',
        [...path, 'endPort'],
        'endPort needs a numeric port as the start of the range.',
        'key',
      );
      return { kind: 'invalid', path };
    }
    return valid ? { kind: 'protocol', protocol, path } : { kind: 'invalid', path };
  }

  if (typeof port === 'string') {
    const nameError = portNameError(port);
    if (nameError !== undefined) {
      const hint = /^[0-9]+$/.test(port) ? ' Write the number without quotes.' : '';
      sink.error(
        'invalid-port',
        [...path, 'port'],
        `Port name ${quote(port)} is invalid: it ${nameError}.${hint}`,
      );
      valid = false;
    }
    if (hasEndPort) {
      sink.error(
        'invalid-end-port',
        [...path, 'endPort'],
        'endPort must not be set when port is a named port.',
        'key',
      );
      valid = false;
    }
    return valid ? { kind: 'named', protocol, name: port, path } : { kind: 'invalid', path };
  }

  if (!isPortNumber(port)) {
    sink.error(
      'invalid-port',
      [...path, 'port'],
      `Port ${quote(port)} must be a number from ${MIN_PORT} to ${MAX_PORT} or a port name.`,
    );
    return { kind: 'invalid', path };
  }
  if (!hasEndPort)
    return valid
      ? { kind: 'range', protocol, start: port, end: port, path }
      : { kind: 'invalid', path };

  if (!isPortNumber(endPort)) {
    sink.error(
      'invalid-end-port',
      [...path, 'endPort'],
      `endPort ${quote(endPort)} must be a number from ${MIN_PORT} to ${MAX_PORT}.`,
    );
    return { kind: 'invalid', path };
  }
  if (endPort < port) {
    sink.error(
      'invalid-end-port',
      [...path, 'endPort'],
      `endPort ${endPort} must not be less than port ${port}.`,
    );
    return { kind: 'invalid', path };
  }
  return valid
    ? { kind: 'range', protocol, start: port, end: endPort, path }
    : { kind: 'invalid', path };
}

function isPortNumber(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT
  );
}

/** Warns about named ports in a rule whose peers are all ipBlocks: they can never match. */
function warnNamedPortsToIpBlocks(
  peers: readonly PeerSpec[],
  ports: readonly PortSpec[],
  direction: Direction,
  sink: ProblemSink,
): void {
  if (direction !== 'egress' || !peers.every((peer) => peer.kind === 'ipBlock')) return;
  for (const port of ports) {
    if (port.kind !== 'named') continue;
    sink.warning(
      'named-port-to-ip-block',
      [...port.path, 'port'],
      `Named port ${quote(port.name)} never matches an ipBlock destination, because only pods have named ports; use a port number.`,
    );
  }
}
