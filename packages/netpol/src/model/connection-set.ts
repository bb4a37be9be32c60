export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** The protocols a NetworkPolicy port can name, in the order output lists them. */
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Sorted, disjoint, non-adjacent inclusive port ranges, flattened as `[start0, end0, start1, …]`. */
type PortRanges = readonly number[];

const FULL: PortRanges = [MIN_PORT, MAX_PORT];

/**
 * An immutable set of connections: for each protocol, the destination ports it allows.
 * Ports run from 1 to 65535, the range netpol-analyzer reports.
 */
export class ConnectionSet {
  static readonly NONE = new ConnectionSet({ SCTP: [], TCP: [], UDP: [] });
  static readonly ALL = new ConnectionSet({ SCTP: FULL, TCP: FULL, UDP: FULL });

  private cachedKey: string | undefined;

  private constructor(private readonly ports: Readonly<Record<Protocol, PortRanges>>) {}

  /** All ports of one protocol. */
  static protocol(protocol: Protocol): ConnectionSet {
    return ConnectionSet.range(protocol, MIN_PORT, MAX_PORT);
  }

  /** One inclusive port range of one protocol; clipped to 1-65535. */
  static range(protocol: Protocol, start: number, end: number): ConnectionSet {
    const low = Math.max(start, MIN_PORT);
    const high = Math.min(end, MAX_PORT);
    if (low > high) return ConnectionSet.NONE;
    return new ConnectionSet({ ...ConnectionSet.NONE.ports, [protocol]: [low, high] });
  }

  get isEmpty(): boolean {
    return PROTOCOLS.every((protocol) => this.ports[protocol].length === 0);
  }

  get isAll(): boolean {
    return PROTOCOLS.every((protocol) => isFull(this.ports[protocol]));
  }

  /** Returns the port ranges of one protocol as `[start, end]` pairs. */
  rangesOf(protocol: Protocol): [number, number][] {
    const flat = this.ports[protocol];
    const pairs: [number, number][] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number]);
    return pairs;
  }

  contains(protocol: Protocol, port: number): boolean {
    const flat = this.ports[protocol];
    for (let i = 0; i < flat.length; i += 2) {
      if ((flat[i] as number) <= port && port <= (flat[i + 1] as number)) return true;
    }
    return false;
  }

  union(other: ConnectionSet): ConnectionSet {
    if (other.isEmpty || this.isAll) return this;
    if (this.isEmpty || other.isAll) return other;
    return this.combine(other, unionRanges);
  }

  intersect(other: ConnectionSet): ConnectionSet {
    if (this.isEmpty || other.isAll) return this;
    if (other.isEmpty || this.isAll) return other;
    return this.combine(other, intersectRanges);
  }

  equals(other: ConnectionSet): boolean {
    return this.key === other.key;
  }

  /** Canonical text of the set, used to intern equal sets. */
  get key(): string {
    this.cachedKey ??= PROTOCOLS.map((protocol) => this.ports[protocol].join(',')).join('|');
    return this.cachedKey;
  }

  /**
   * Formats the set as netpol-analyzer does: `All Connections`, `No Connections`, or
   * protocols in alphabetical order with their ports, such as `TCP 80,8080-8090,UDP 53`.
   */
  toString(): string {
    if (this.isAll) return 'All Connections';
    if (this.isEmpty) return 'No Connections';
    const parts: string[] = [];
    for (const protocol of PROTOCOLS) {
      const pairs = this.rangesOf(protocol);
      if (pairs.length === 0) continue;
      const ports = pairs.map(([start, end]) => (start === end ? `${start}` : `${start}-${end}`));
      parts.push(`${protocol} ${ports.join(',')}`);
    }
    return parts.join(',');
  }

  private combine(
    other: ConnectionSet,
    operation: (a: PortRanges, b: PortRanges) => PortRanges,
  ): ConnectionSet {
    return new ConnectionSet({
      SCTP: operation(this.ports.SCTP, other.ports.SCTP),
      TCP: operation(this.ports.TCP, other.ports.TCP),
      UDP: operation(this.ports.UDP, other.ports.UDP),
    });
  }
}

function isFull(ranges: PortRanges): boolean {
  return ranges.length === 2 && ranges[0] === MIN_PORT && ranges[1] === MAX_PORT;
}

function unionRanges(a: PortRanges, b: PortRanges): PortRanges {
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) pairs.push([a[i] as number, a[i + 1] as number]);
  for (let i = 0; i < b.length; i += 2) pairs.push([b[i] as number, b[i + 1] as number]);
  pairs.sort((x, y) => x[0] - y[0]);

  const result: number[] = [];
  for (const [start, end] of pairs) {
    const lastEnd = result[result.length - 1];
    if (lastEnd !== undefined && start <= lastEnd + 1) {
      result[result.length - 1] = Math.max(lastEnd, end);
    } else {
      result.push(start, end);
    }
  }
  return result;
}

function intersectRanges(a: PortRanges, b: PortRanges): PortRanges {
  const result: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i] as number, b[j] as number);
    const end = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (start <= end) result.push(start, end);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return result;
}
