import { compareBigInts } from './order.js';

export type IpFamily = 4 | 6;

/** An inclusive range of addresses of one family; addresses are unsigned integers. */
export interface IpRange {
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
}

export interface ParsedCidr {
  readonly family: IpFamily;
  readonly prefixLength: number;
  /** The network the CIDR denotes, with host bits cleared. */
  readonly range: IpRange;
  /** True when the text is not in canonical form: host bits set, or IPv4 octets with leading zeros. */
  readonly nonCanonical: boolean;
  /** The canonical spelling, such as `10.0.0.0/8`. */
  readonly canonical: string;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** Returns the whole address space of a family: `0.0.0.0/0` or `::/0`. */
export function universe(family: IpFamily): IpRange {
  return { family, start: 0n, end: (1n << BigInt(BITS[family])) - 1n };
}

/** Parses an IPv4 or IPv6 address; returns `undefined` for anything else. */
export function parseIpAddress(
  text: string,
): { family: IpFamily; value: bigint; leadingZeros: boolean } | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value, leadingZeros: false };
  }
  const ipv4 = parseIpv4(text);
  return ipv4 === undefined ? undefined : { family: 4, ...ipv4 };
}

/**
 * Parses CIDR notation. Returns a reason string when the text is not a CIDR. Host bits and
 * leading zeros are accepted, as the API server's sloppy parser accepts them, and flagged.
 */
export function parseCidr(text: string): ParsedCidr | string {
  const slash = text.indexOf('/');
  if (slash < 0) return 'it has no prefix length (such as /24)';

  const address = parseIpAddress(text.slice(0, slash));
  if (address === undefined) return 'its address part is not an IPv4 or IPv6 address';
  const prefixText = text.slice(slash + 1);
  const bits = BITS[address.family];
  if (!/^(0|[1-9][0-9]*)$/.test(prefixText) || Number(prefixText) > bits) {
    return `its prefix length must be a number from 0 to ${bits}`;
  }

  const prefixLength = Number(prefixText);
  const hostBits = BigInt(bits - prefixLength);
  const hostMask = (1n << hostBits) - 1n;
  const start = address.value & ~hostMask & ((1n << BigInt(bits)) - 1n);
  const range: IpRange = { family: address.family, start, end: start | hostMask };
  const canonical = `${formatAddress(address.family, start)}/${prefixLength}`;
  return {
    family: address.family,
    prefixLength,
    range,
    nonCanonical: start !== address.value || address.leadingZeros,
    canonical,
  };
}

function parseIpv4(text: string): { value: bigint; leadingZeros: boolean } | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;

  let value = 0n;
  let leadingZeros = false;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    if (part.length > 1 && part.startsWith('0')) leadingZeros = true;
    value = (value << 8n) | BigInt(octet);
  }
  return { value, leadingZeros };
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;

  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;

  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/** Parses colon-separated hex groups; a trailing dotted IPv4 address counts as two groups. */
function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];

  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const ipv4 = parseIpv4(part);
      if (ipv4 === undefined || ipv4.leadingZeros) return undefined;
      groups.push(Number(ipv4.value >> 16n), Number(ipv4.value & 0xffffn));
      continue;
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(part)) return undefined;
    groups.push(parseInt(part, 16));
  }
  return groups;
}

/** Formats an address: dotted quad for IPv4, RFC 5952 compressed text for IPv6. */
export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }

  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** Formats a range as `first-last`, the notation of netpol-analyzer's output. */
export function formatRange(range: IpRange): string {
  return `${formatAddress(range.family, range.start)}-${formatAddress(range.family, range.end)}`;
}

export function compareRanges(a: IpRange, b: IpRange): number {
  if (a.family !== b.family) return a.family - b.family;
  return compareBigInts(a.start, b.start) || compareBigInts(a.end, b.end);
}

/** A set of addresses of both families, kept as sorted, disjoint, non-adjacent ranges. */
export class IpSet {
  static readonly EMPTY = new IpSet([]);

  private constructor(readonly ranges: readonly IpRange[]) {}

  static of(ranges: readonly IpRange[]): IpSet {
    const sorted = [...ranges].sort(compareRanges);
    const merged: IpRange[] = [];
    for (const range of sorted) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last.family === range.family && range.start <= last.end + 1n) {
        if (range.end > last.end) merged[merged.length - 1] = { ...last, end: range.end };
      } else {
        merged.push(range);
      }
    }
    return new IpSet(merged);
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  union(other: IpSet): IpSet {
    return IpSet.of([...this.ranges, ...other.ranges]);
  }

  subtract(other: IpSet): IpSet {
    let remaining = [...this.ranges];
    for (const hole of other.ranges) {
      const next: IpRange[] = [];
      for (const range of remaining) {
        if (range.family !== hole.family || hole.end < range.start || hole.start > range.end) {
          next.push(range);
          continue;
        }
        if (hole.start > range.start) next.push({ ...range, end: hole.start - 1n });
        if (hole.end < range.end) next.push({ ...range, start: hole.end + 1n });
      }
      remaining = next;
    }
    return new IpSet(remaining);
  }

  /** True when every address of `range` is in the set. */
  containsRange(range: IpRange): boolean {
    return this.ranges.some(
      (own) => own.family === range.family && own.start <= range.start && range.end <= own.end,
    );
  }

  containsAddress(family: IpFamily, value: bigint): boolean {
    return this.containsRange({ family, start: value, end: value });
  }
}

/**
 * Splits the given address spaces into the coarsest list of disjoint ranges such that every
 * range of `blocks` is a union of result ranges. Blocks outside the spaces are ignored.
 */
export function partitionRanges(spaces: readonly IpRange[], blocks: readonly IpRange[]): IpRange[] {
  const result: IpRange[] = [];
  for (const space of spaces) {
    const cuts = new Set<bigint>([space.start]);
    for (const block of blocks) {
      if (block.family !== space.family) continue;
      if (block.start > space.start && block.start <= space.end) cuts.add(block.start);
      if (block.end >= space.start && block.end < space.end) cuts.add(block.end + 1n);
    }
    const starts = [...cuts].sort(compareBigInts);
    starts.forEach((start, index) => {
      const next = starts[index + 1];
      result.push({ family: space.family, start, end: next === undefined ? space.end : next - 1n });
    });
  }
  return result;
}
