import {
  formatRange,
  partitionRanges,
  universe,
  type IpFamily,
  type IpRange,
} from '../model/ip.js';
import type { Direction } from '../model/policy.js';
import type { PolicyTables } from './tables.js';

/** Inclusion of IPv6 ranges among the external endpoints. */
export type Ipv6Mode = 'auto' | 'always' | 'never';

/** A range of external addresses that every policy treats alike. */
export interface ExternalRange {
  readonly range: IpRange;
  /** `first-last[External]`, as netpol-analyzer names external endpoints. */
  readonly name: string;
  /** Sorted ids of the rules of the matching direction whose ipBlocks contain the range. */
  readonly selectedBy: Int32Array;
}

/** Returns the address families of the external endpoints: IPv4 always, IPv6 by the mode. */
export function externalFamilies(tables: PolicyTables, mode: Ipv6Mode): IpFamily[] {
  const ipv6 = mode === 'always' || (mode === 'auto' && tables.familiesInUse.has(6));
  return ipv6 ? [4, 6] : [4];
}

/**
 * Splits the external address space into the ranges that the ipBlocks of one direction
 * produce: ingress ipBlocks split the sources, egress ipBlocks split the destinations, as in
 * netpol-analyzer. Each range is entirely inside or outside every ipBlock of that direction.
 */
export function externalRanges(
  tables: PolicyTables,
  direction: Direction,
  families: readonly IpFamily[],
): ExternalRange[] {
  const ipRules = tables.rules.filter(
    (info) => info.rule.direction === direction && !info.addresses.isEmpty,
  );
  const blocks = ipRules.flatMap((info) => info.addresses.ranges);
  const ranges = partitionRanges(families.map(universe), blocks);

  return ranges.map((range) => ({
    range,
    name: `${formatRange(range)}[External]`,
    selectedBy: Int32Array.from(
      ipRules.filter((info) => info.addresses.containsRange(range)).map((info) => info.id),
    ),
  }));
}
