import { ConnectionSet, type Protocol } from '../model/connection-set.js';
import type { ContainerPortModel } from '../model/cluster.js';
import type { PortSpec } from '../model/policy.js';

/** Container ports of a pod by `PROTOCOL/name`, the pair a named port must match. */
export type NamedPorts = ReadonlyMap<string, number>;

export function namedPortKey(protocol: Protocol, name: string): string {
  return `${protocol}/${name}`;
}

/** Indexes the named container ports of a pod; the first port of a name wins, as names are unique. */
export function indexNamedPorts(ports: readonly ContainerPortModel[]): NamedPorts {
  const result = new Map<string, number>();
  for (const port of ports) {
    if (port.name === undefined) continue;
    const key = namedPortKey(port.protocol, port.name);
    if (!result.has(key)) result.set(key, port.port);
  }
  return result;
}

/**
 * Computes the connections a `ports` list allows towards one destination. Named ports resolve against
 * the destination's container ports by name and protocol together; `namedPorts` is
 * `undefined` for an external destination, which has no named ports.
 */
export function resolvePorts(
  ports: readonly PortSpec[] | 'all',
  namedPorts: NamedPorts | undefined,
): ConnectionSet {
  if (ports === 'all') return ConnectionSet.ALL;

  let result = ConnectionSet.NONE;
  for (const spec of ports) result = result.union(resolvePort(spec, namedPorts));
  return result;
}

export function resolvePort(spec: PortSpec, namedPorts: NamedPorts | undefined): ConnectionSet {
  switch (spec.kind) {
    case 'protocol':
      return ConnectionSet.protocol(spec.protocol);
    case 'range':
      return ConnectionSet.range(spec.protocol, spec.start, spec.end);
    case 'named': {
      const port = namedPorts?.get(namedPortKey(spec.protocol, spec.name));
      return port === undefined
        ? ConnectionSet.NONE
        : ConnectionSet.range(spec.protocol, port, port);
    }
    case 'invalid':
      return ConnectionSet.NONE;
  }
}

/** True when a `ports` entry allows one protocol and port towards the destination. */
export function portMatches(
  spec: PortSpec,
  protocol: Protocol,
  port: number,
  namedPorts: NamedPorts | undefined,
): boolean {
  return resolvePort(spec, namedPorts).contains(protocol, port);
}
