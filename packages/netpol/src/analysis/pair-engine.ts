import { ConnectionSet } from '../model/connection-set.js';
import type { ClassIndex, EndpointClass } from './classes.js';
import type { ExternalRange } from './external.js';
import { resolvePorts, type NamedPorts } from './ports.js';
import type { PolicyTables, RuleInfo } from './tables.js';

export const NONE_ID = 0;
export const ALL_ID = 1;

/** A class of pods or of external ranges, as rule peers are tested against it. */
interface Target {
  readonly external: boolean;
  readonly selectedBy: Int32Array;
}

/** The named ports that rule ports resolve against; `undefined` for an external destination. */
interface PortContext {
  readonly namedPorts: NamedPorts | undefined;
  readonly namedPortKey: string;
}

/** A set of matched rules, reached by walking their ids in order; caches the union of their ports. */
interface RuleSetNode {
  readonly children: Map<number, RuleSetNode>;
  readonly ruleIds: readonly number[];
  unionId: number;
  unionByNamedPorts: Map<string, number> | undefined;
}

const EXTERNAL_PORTS: PortContext = { namedPorts: undefined, namedPortKey: '-' };
// Rows of class pairs kept for reuse. Each row has one number per destination class, so the
// cache stays a few megabytes however many endpoints there are.
const MAX_CACHED_ROWS = 256;
// Interned connection-set ids stay below this bound in the intersection cache key.
const ID_FACTOR = 0x100000;

/**
 * Computes allowed connections between classes of endpoints and interns the results as small
 * integers. Destinations are columns: one per pod class, then one per class of destination
 * ranges. Rows are filled lazily and only a bounded number is kept, so memory does not grow with
 * the number of endpoint pairs.
 */
export class PairEngine {
  readonly classCount: number;
  /** Class of each source range; ranges that the same ingress rules contain share a class. */
  readonly sourceRangeClass: Int32Array;
  /** Class of each destination range. */
  readonly destinationRangeClass: Int32Array;

  private readonly classes: readonly EndpointClass[];
  private readonly rules: readonly RuleInfo[];
  private readonly classTargets: readonly Target[];
  private readonly sourceRangeTargets: readonly Target[];
  private readonly destinationRangeTargets: readonly Target[];

  private readonly sets: ConnectionSet[] = [ConnectionSet.NONE, ConnectionSet.ALL];
  private readonly setIds = new Map<string, number>([
    [ConnectionSet.NONE.key, NONE_ID],
    [ConnectionSet.ALL.key, ALL_ID],
  ]);
  private readonly ruleSets: RuleSetNode = newNode([]);
  private readonly intersections = new Map<number, number>();
  private readonly classRows = new Map<number, Int32Array>();
  private readonly rangeRows = new Map<number, Int32Array>();

  constructor(
    tables: PolicyTables,
    classIndex: ClassIndex,
    sourceRanges: readonly ExternalRange[],
    destinationRanges: readonly ExternalRange[],
  ) {
    this.classes = classIndex.classes;
    this.classCount = classIndex.classes.length;
    this.rules = tables.rules;
    this.classTargets = classIndex.classes.map((cls) => ({
      external: false,
      selectedBy: cls.selectedBy,
    }));
    const sources = groupRanges(sourceRanges);
    const destinations = groupRanges(destinationRanges);
    this.sourceRangeClass = sources.classOf;
    this.sourceRangeTargets = sources.targets;
    this.destinationRangeClass = destinations.classOf;
    this.destinationRangeTargets = destinations.targets;
  }

  /** Returns the connection set of an interned id. */
  set(id: number): ConnectionSet {
    return this.sets[id] as ConnectionSet;
  }

  /** Column of a destination range. */
  rangeColumn(destinationRangeIndex: number): number {
    return this.classCount + (this.destinationRangeClass[destinationRangeIndex] as number);
  }

  /** Returns the row of a source pod class: an id per column, `-1` where not computed yet. */
  classRow(sourceClass: number): Int32Array {
    return cachedRow(
      this.classRows,
      sourceClass,
      this.classCount + this.destinationRangeTargets.length,
    );
  }

  /** Returns the row of a source range class: an id per pod class. */
  rangeRow(sourceRangeClass: number): Int32Array {
    return cachedRow(this.rangeRows, sourceRangeClass, this.classCount);
  }

  /** Connections from a pod class to a column, computed once per row. */
  classCell(row: Int32Array, sourceClass: number, column: number): number {
    const cached = row[column] as number;
    if (cached >= 0) return cached;

    const source = this.classes[sourceClass] as EndpointClass;
    let id: number;
    if (column < this.classCount) {
      const destination = this.classes[column] as EndpointClass;
      const egress = this.egressId(source, this.classTargets[column] as Target, destination);
      id =
        egress === NONE_ID
          ? NONE_ID
          : this.intersect(
              egress,
              this.ingressId(this.classTargets[sourceClass] as Target, destination),
            );
    } else {
      const target = this.destinationRangeTargets[column - this.classCount] as Target;
      id = this.egressId(source, target, EXTERNAL_PORTS);
    }
    row[column] = id;
    return id;
  }

  /** Connections from a source range class to a pod class: the destination's ingress decides. */
  rangeCell(row: Int32Array, sourceRangeClass: number, destinationClass: number): number {
    const cached = row[destinationClass] as number;
    if (cached >= 0) return cached;

    const target = this.sourceRangeTargets[sourceRangeClass] as Target;
    const id = this.ingressId(target, this.classes[destinationClass] as EndpointClass);
    row[destinationClass] = id;
    return id;
  }

  union(a: number, b: number): number {
    if (a === b || b === NONE_ID || a === ALL_ID) return a;
    if (a === NONE_ID || b === ALL_ID) return b;
    return this.intern(this.set(a).union(this.set(b)));
  }

  private intersect(a: number, b: number): number {
    if (a === NONE_ID || b === NONE_ID) return NONE_ID;
    if (a === ALL_ID) return b;
    if (b === ALL_ID || a === b) return a;
    const key = a * ID_FACTOR + b;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.intern(this.set(a).intersect(this.set(b)));
      this.intersections.set(key, id);
    }
    return id;
  }

  /** Computes what the source's egress allows towards a target; named ports resolve against `ports`. */
  private egressId(source: EndpointClass, target: Target, ports: PortContext): number {
    if (source.egressRules === null) return ALL_ID;
    return this.allowedByRules(source.egressRules, target, ports);
  }

  /** Computes what the destination's ingress allows from a source target. */
  private ingressId(source: Target, destination: EndpointClass): number {
    if (destination.ingressRules === null) return ALL_ID;
    return this.allowedByRules(destination.ingressRules, source, destination);
  }

  /** Union of the ports of the rules that select the target, interned and cached per rule set. */
  private allowedByRules(ruleIds: Int32Array, target: Target, ports: PortContext): number {
    let node = this.ruleSets;
    let usesNamedPorts = false;
    for (const ruleId of ruleIds) {
      const info = this.rules[ruleId] as RuleInfo;
      const selected =
        info.matchesAll ||
        (!target.external && info.matchesAllPods) ||
        containsSorted(target.selectedBy, ruleId);
      if (!selected) continue;
      let child = node.children.get(ruleId);
      if (child === undefined) {
        child = newNode([...node.ruleIds, ruleId]);
        node.children.set(ruleId, child);
      }
      node = child;
      usesNamedPorts ||= info.usesNamedPorts;
    }
    if (node === this.ruleSets) return NONE_ID;

    if (!usesNamedPorts) {
      if (node.unionId < 0) node.unionId = this.unionOfRules(node.ruleIds, undefined);
      return node.unionId;
    }
    node.unionByNamedPorts ??= new Map();
    let id = node.unionByNamedPorts.get(ports.namedPortKey);
    if (id === undefined) {
      id = this.unionOfRules(node.ruleIds, ports.namedPorts);
      node.unionByNamedPorts.set(ports.namedPortKey, id);
    }
    return id;
  }

  private unionOfRules(ruleIds: readonly number[], namedPorts: NamedPorts | undefined): number {
    let set = ConnectionSet.NONE;
    for (const ruleId of ruleIds) {
      set = set.union(resolvePorts((this.rules[ruleId] as RuleInfo).rule.ports, namedPorts));
    }
    return this.intern(set);
  }

  private intern(set: ConnectionSet): number {
    let id = this.setIds.get(set.key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.setIds.set(set.key, id);
    }
    return id;
  }
}

function newNode(ruleIds: readonly number[]): RuleSetNode {
  return { children: new Map(), ruleIds, unionId: -1, unionByNamedPorts: undefined };
}

/** Groups ranges that the same rules contain; such ranges are indistinguishable to every policy. */
function groupRanges(ranges: readonly ExternalRange[]): { classOf: Int32Array; targets: Target[] } {
  const classOf = new Int32Array(ranges.length);
  const targets: Target[] = [];
  const bySignature = new Map<string, number>();
  ranges.forEach((range, index) => {
    const signature = range.selectedBy.join(',');
    let id = bySignature.get(signature);
    if (id === undefined) {
      id = targets.length;
      bySignature.set(signature, id);
      targets.push({ external: true, selectedBy: range.selectedBy });
    }
    classOf[index] = id;
  });
  return { classOf, targets };
}

function cachedRow(rows: Map<number, Int32Array>, key: number, length: number): Int32Array {
  let row = rows.get(key);
  if (row !== undefined) {
    rows.delete(key);
    rows.set(key, row);
    return row;
  }
  row = new Int32Array(length).fill(-1);
  rows.set(key, row);
  if (rows.size > MAX_CACHED_ROWS) rows.delete(rows.keys().next().value as number);
  return row;
}

function containsSorted(values: Int32Array, value: number): boolean {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const current = values[middle] as number;
    if (current === value) return true;
    if (current < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
