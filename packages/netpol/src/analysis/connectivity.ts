import { ConnectionSet, type Protocol } from '../model/connection-set.js';
import {
  loadCluster,
  type ClusterModel,
  type LoadOptions,
  type WorkloadModel,
} from '../model/cluster.js';
import { parseIpAddress, type IpRange } from '../model/ip.js';
import type { NetworkPolicyModel } from '../model/policy.js';
import { compareText } from '../model/order.js';
import type { Problem } from '../model/problem.js';
import { buildClasses, type ClassIndex } from './classes.js';
import { explainConnection, type Explanation } from './explain.js';
import { externalFamilies, externalRanges, type ExternalRange, type Ipv6Mode } from './external.js';
import { NONE_ID, PairEngine } from './pair-engine.js';
import { buildTables, type PolicyTables } from './tables.js';

export interface AnalysisOptions extends LoadOptions {
  /**
   * Whether IPv6 ranges are external endpoints: `auto` (the default) adds them when some
   * ipBlock names an IPv6 CIDR, `always` adds them for dual-stack clusters, `never` omits them.
   */
  readonly ipv6?: Ipv6Mode;
}

export type Endpoint = WorkloadEndpoint | ExternalEndpoint;

export interface WorkloadEndpoint {
  readonly type: 'workload';
  /** `namespace/name[Kind]`. */
  readonly name: string;
  readonly workload: WorkloadModel;
}

export interface ExternalEndpoint {
  readonly type: 'external';
  /** `first-last[External]`. */
  readonly name: string;
  readonly range: IpRange;
}

/** An allowed connection: never empty, never from an endpoint to itself or between two ranges. */
export interface Connection {
  readonly source: Endpoint;
  readonly destination: Endpoint;
  readonly connections: ConnectionSet;
}

export interface ConnectionFilter {
  /**
   * Keeps only connections from or to these workloads, each given as `name` or
   * `namespace/name`, like netpol-analyzer's `--focusworkload`.
   */
  readonly focusWorkloads?: readonly string[];
}

/** Analyzes plain Kubernetes objects; see `ConnectivityAnalysis`. */
export function analyzeConnectivity(
  objects: readonly unknown[],
  options: AnalysisOptions = {},
): ConnectivityAnalysis {
  return new ConnectivityAnalysis(loadCluster(objects, options), options);
}

/**
 * Connectivity of a set of workloads under their NetworkPolicies, with exact
 * networking.k8s.io/v1 semantics. A connection is allowed when the source's egress and the
 * destination's ingress both allow it. A pod that no policy selects for a direction is not
 * isolated in that direction. External ranges are judged by the pod side only.
 *
 * NOTE: Pod IPs are unknown in manifests, so ipBlock peers match external addresses only,
 * never pods; a cluster whose pod CIDR overlaps an ipBlock may allow more than reported.
 */
export class ConnectivityAnalysis {
  readonly cluster: ClusterModel;
  readonly tables: PolicyTables;
  /** Workload endpoints sorted by name. */
  readonly workloadEndpoints: readonly WorkloadEndpoint[];

  private readonly ipv6: Ipv6Mode;
  private readonly workloadIndex: ReadonlyMap<WorkloadModel, number>;
  // Built on first use, because the rules of `kubeharden check` need only the tables.
  private pairs: PairState | undefined;

  constructor(cluster: ClusterModel, options: AnalysisOptions = {}) {
    this.cluster = cluster;
    this.tables = buildTables(cluster);
    this.ipv6 = options.ipv6 ?? 'auto';
    this.workloadEndpoints = cluster.workloads
      .map((workload): WorkloadEndpoint => ({ type: 'workload', name: workload.key, workload }))
      .sort(byName);
    this.workloadIndex = new Map(cluster.workloads.map((workload, index) => [workload, index]));
  }

  get classIndex(): ClassIndex {
    return this.pairState().classIndex;
  }

  /** External sources: the address space split by the ingress ipBlocks. */
  get sourceRanges(): readonly ExternalRange[] {
    return this.pairState().sourceRanges;
  }

  /** External destinations: the address space split by the egress ipBlocks. */
  get destinationRanges(): readonly ExternalRange[] {
    return this.pairState().destinationRanges;
  }

  /** Computes the classes, external ranges and pair engine once. */
  private pairState(): PairState {
    if (this.pairs !== undefined) return this.pairs;

    const classIndex = buildClasses(this.tables);
    const families = externalFamilies(this.tables, this.ipv6);
    const sourceRanges = externalRanges(this.tables, 'ingress', families);
    const destinationRanges = externalRanges(this.tables, 'egress', families);
    const engine = new PairEngine(this.tables, classIndex, sourceRanges, destinationRanges);
    const sourceEndpoints = [...this.workloadEndpoints, ...sourceRanges.map(externalEndpoint)].sort(
      byName,
    );
    const destinationEndpoints = [
      ...this.workloadEndpoints,
      ...destinationRanges.map(externalEndpoint),
    ].sort(byName);

    const classesOfWorkload: number[][] = this.cluster.workloads.map(() => []);
    for (const variant of this.tables.variants) {
      const list = classesOfWorkload[variant.workloadIndex] as number[];
      const classId = classIndex.classOfVariant[variant.id] as number;
      if (!list.includes(classId)) list.push(classId);
    }

    this.pairs = {
      classIndex,
      sourceRanges,
      destinationRanges,
      engine,
      sourceEndpoints,
      destinationEndpoints,
      classesOfWorkload,
      sourceRangeIndex: new Map(sourceRanges.map((range, index) => [range.name, index])),
      destinationRangeIndex: new Map(destinationRanges.map((range, index) => [range.name, index])),
    };
    return this.pairs;
  }

  get problems(): readonly Problem[] {
    return this.cluster.problems;
  }

  /**
   * Finds an endpoint by its full name (`namespace/name[Kind]`), by `namespace/name` or
   * `name` when that is unique, or by an IP address, which selects the external range that
   * contains it on the given side. Throws when nothing or more than one workload matches.
   */
  endpoint(reference: string, side: 'source' | 'destination' = 'source'): Endpoint {
    const address = parseIpAddress(reference);
    if (address !== undefined) {
      const ranges = side === 'source' ? this.sourceRanges : this.destinationRanges;
      const range = ranges.find(
        (candidate) =>
          candidate.range.family === address.family &&
          candidate.range.start <= address.value &&
          address.value <= candidate.range.end,
      );
      if (range === undefined) {
        throw new Error(
          `Address ${reference} is outside the analyzed address families; analyze with ipv6: 'always' to include IPv6.`,
        );
      }
      return externalEndpoint(range);
    }

    const exact = this.workloadEndpoints.find((endpoint) => endpoint.name === reference);
    if (exact !== undefined) return exact;
    const matches = this.workloadEndpoints.filter((endpoint) =>
      isFocused(endpoint.workload, [reference]),
    );
    if (matches.length === 1) return matches[0] as WorkloadEndpoint;
    if (matches.length === 0) {
      throw new Error(
        `No workload is named ${JSON.stringify(reference)}; use namespace/name[Kind], namespace/name, name or an IP address.`,
      );
    }
    throw new Error(
      `Workload name ${JSON.stringify(reference)} is ambiguous; use one of ${matches.map((m) => m.name).join(', ')}.`,
    );
  }

  /** Returns the connections allowed from one endpoint to another; none between two external ranges. */
  connectionBetween(source: Endpoint | string, destination: Endpoint | string): ConnectionSet {
    const from = typeof source === 'string' ? this.endpoint(source, 'source') : source;
    const to =
      typeof destination === 'string' ? this.endpoint(destination, 'destination') : destination;
    if (from.type === 'external' && to.type === 'external') return ConnectionSet.NONE;
    return this.pairState().engine.set(this.pairId(this.sourceRows(from), this.columns(to)));
  }

  /**
   * Yields every allowed connection between different endpoints, sorted by source name and
   * then destination name as netpol-analyzer sorts its output. Connections are computed per
   * equivalence class and expanded here, so nothing grows with the number of pairs.
   */
  *connections(filter: ConnectionFilter = {}): Generator<Connection> {
    const focus = filter.focusWorkloads ?? [];
    const focused = (endpoint: Endpoint): boolean =>
      focus.length === 0 || (endpoint.type === 'workload' && isFocused(endpoint.workload, focus));
    const { engine, sourceEndpoints, destinationEndpoints } = this.pairState();
    const destinations = destinationEndpoints.map((endpoint) => ({
      endpoint,
      columns: this.columns(endpoint),
      focused: focused(endpoint),
    }));

    for (const source of sourceEndpoints) {
      const sourceFocused = focused(source);
      const rows = this.sourceRows(source);
      for (const destination of destinations) {
        if (source.type === 'external' && destination.endpoint.type === 'external') continue;
        if (source === destination.endpoint) continue;
        if (!sourceFocused && !destination.focused) continue;

        const id = this.pairId(rows, destination.columns);
        if (id === NONE_ID) continue;
        yield { source, destination: destination.endpoint, connections: engine.set(id) };
      }
    }
  }

  /** Explains one connection; see `explainConnection`. */
  explain(
    source: Endpoint | string,
    destination: Endpoint | string,
    protocol: Protocol,
    port: number,
  ): Explanation {
    return explainConnection(this, source, destination, protocol, port);
  }

  /** Returns the policies that isolate the pods of a workload, per direction. */
  isolation(workload: WorkloadModel): {
    ingress: NetworkPolicyModel[];
    egress: NetworkPolicyModel[];
  } {
    const index = this.workloadIndex.get(workload);
    const ingress = new Set<number>();
    const egress = new Set<number>();
    for (const variant of this.tables.variants) {
      if (variant.workloadIndex !== index) continue;
      for (const id of this.tables.ingressPolicies[variant.id] ?? []) ingress.add(id);
      for (const id of this.tables.egressPolicies[variant.id] ?? []) egress.add(id);
    }
    const policies = this.cluster.policies;
    return {
      ingress: [...ingress].sort((a, b) => a - b).map((id) => policies[id] as NetworkPolicyModel),
      egress: [...egress].sort((a, b) => a - b).map((id) => policies[id] as NetworkPolicyModel),
    };
  }

  /** Returns the workloads whose pods a policy's pod selector selects. */
  selectedWorkloads(policy: NetworkPolicyModel): WorkloadModel[] {
    const index = this.cluster.policies.indexOf(policy);
    const workloads = new Set<number>();
    for (const variantId of this.tables.policySelections[index] ?? []) {
      const variant = this.tables.variants[variantId];
      if (variant !== undefined) workloads.add(variant.workloadIndex);
    }
    return [...workloads]
      .sort((a, b) => a - b)
      .map((i) => this.cluster.workloads[i] as WorkloadModel);
  }

  /** Source rows of an endpoint: one per pod class of a workload, or the row of a range class. */
  private sourceRows(endpoint: Endpoint): readonly SourceRow[] {
    const { engine } = this.pairState();
    if (endpoint.type === 'external') {
      const rangeClass = engine.sourceRangeClass[this.rangeIndex(endpoint, 'source')] as number;
      return [{ external: true, sourceClass: rangeClass, row: engine.rangeRow(rangeClass) }];
    }
    return this.workloadClasses(endpoint.workload).map((sourceClass) => ({
      external: false,
      sourceClass,
      row: engine.classRow(sourceClass),
    }));
  }

  /** Destination columns of an endpoint: its pod classes, or the column of its range class. */
  private columns(endpoint: Endpoint): readonly number[] {
    if (endpoint.type === 'external') {
      return [this.pairState().engine.rangeColumn(this.rangeIndex(endpoint, 'destination'))];
    }
    return this.workloadClasses(endpoint.workload);
  }

  /** Interned id of the union of connections over every source row and destination column. */
  private pairId(rows: readonly SourceRow[], columns: readonly number[]): number {
    const { engine } = this.pairState();
    let result = NONE_ID;
    for (const { external, sourceClass, row } of rows) {
      for (const column of columns) {
        const id = external
          ? engine.rangeCell(row, sourceClass, column)
          : engine.classCell(row, sourceClass, column);
        result = engine.union(result, id);
      }
    }
    return result;
  }

  private workloadClasses(workload: WorkloadModel): readonly number[] {
    const index = this.workloadIndex.get(workload);
    return index === undefined ? [] : (this.pairState().classesOfWorkload[index] ?? []);
  }

  private rangeIndex(endpoint: ExternalEndpoint, side: 'source' | 'destination'): number {
    const state = this.pairState();
    const indexes = side === 'source' ? state.sourceRangeIndex : state.destinationRangeIndex;
    const index = indexes.get(endpoint.name);
    if (index === undefined)
      throw new Error(`${endpoint.name} is not a ${side} range of this analysis.`);
    return index;
  }
}

/** The classes, ranges and pair engine that listing and explaining connections need beyond the tables. */
interface PairState {
  readonly classIndex: ClassIndex;
  readonly sourceRanges: readonly ExternalRange[];
  readonly destinationRanges: readonly ExternalRange[];
  readonly engine: PairEngine;
  readonly sourceEndpoints: readonly Endpoint[];
  readonly destinationEndpoints: readonly Endpoint[];
  /** Per workload index, the distinct classes of its pod variants. */
  readonly classesOfWorkload: readonly (readonly number[])[];
  readonly sourceRangeIndex: ReadonlyMap<string, number>;
  readonly destinationRangeIndex: ReadonlyMap<string, number>;
}

/** A row of the pair engine and the class it belongs to. */
interface SourceRow {
  readonly external: boolean;
  readonly sourceClass: number;
  readonly row: Int32Array;
}

function externalEndpoint(range: ExternalRange): ExternalEndpoint {
  return { type: 'external', name: range.name, range: range.range };
}

function byName(a: Endpoint, b: Endpoint): number {
  return compareText(a.name, b.name);
}

/** netpol-analyzer's focus match: a reference is the workload's name or `namespace/name`. */
export function isFocused(workload: WorkloadModel, references: readonly string[]): boolean {
  const qualified = `${workload.namespace}/${workload.name}`;
  return references.some((reference) => reference === workload.name || reference === qualified);
}
