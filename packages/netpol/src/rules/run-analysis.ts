import { POD_BEARING_KINDS, type K8sObject, type ObjectIndex } from '@kubeharden/core';

import { ConnectivityAnalysis } from '../analysis/connectivity.js';
import { loadCluster, type NamespaceModel, type WorkloadModel } from '../model/cluster.js';
import type { NetworkPolicyModel } from '../model/policy.js';
import type { ObjectRef } from '../model/problem.js';

/** Kinds the NetworkPolicy rules read; a PodTemplate runs no pods, so it is left out. */
export const NETPOL_KINDS: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  ...POD_BEARING_KINDS.filter((kind) => kind !== 'PodTemplate'),
];

const KIND_SET = new Set(NETPOL_KINDS);

/** The connectivity analysis of one run, with the way back from its model to the source objects. */
export interface NetworkAnalysis {
  readonly analysis: ConnectivityAnalysis;
  readonly defaultNamespace: string;
  /** The objects the analysis read; `ObjectLocation.index` of the model indexes this list. */
  readonly objects: readonly K8sObject[];
  /** Workloads of each namespace, in input order. */
  readonly workloadsByNamespace: ReadonlyMap<string, readonly WorkloadModel[]>;
}

const cache = new WeakMap<ObjectIndex, NetworkAnalysis>();

/**
 * Returns the analysis of the objects of a run, built on first use and shared by every rule of
 * the run. The engine creates one `ObjectIndex` per run, so the cache never outlives a run.
 */
export function networkAnalysis(index: ObjectIndex, defaultNamespace: string): NetworkAnalysis {
  const cached = cache.get(index);
  if (cached !== undefined && cached.defaultNamespace === defaultNamespace) return cached;

  // `all` keeps file and document order, which decides the first workload of a namespace and
  // which of two policies with the same name is analyzed.
  const objects = index.all.filter((object) => KIND_SET.has(object.kind));
  const cluster = loadCluster(
    objects.map((object) => object.value),
    { defaultNamespace },
  );
  const analysis = new ConnectivityAnalysis(cluster);
  const workloadsByNamespace = new Map<string, WorkloadModel[]>();
  for (const workload of cluster.workloads) {
    const list = workloadsByNamespace.get(workload.namespace);
    if (list === undefined) workloadsByNamespace.set(workload.namespace, [workload]);
    else list.push(workload);
  }

  const result: NetworkAnalysis = { analysis, defaultNamespace, objects, workloadsByNamespace };
  cache.set(index, result);
  return result;
}

/**
 * Returns the source object of a model reference. The analysis reads the value of each object
 * and never a List, so a path of the model is a path inside that object.
 */
export function objectOf(run: NetworkAnalysis, ref: ObjectRef): K8sObject | undefined {
  return run.objects[ref.location.index];
}

/** Returns the object of a workload that comes first in the input, such as its Deployment. */
export function firstObjectOf(
  run: NetworkAnalysis,
  workload: WorkloadModel,
): K8sObject | undefined {
  const indexes = workload.refs.map((ref) => ref.location.index);
  return run.objects[Math.min(...indexes)];
}

/**
 * Returns the object that a finding about a whole namespace points at: its Namespace object when
 * the manifests define one, otherwise the first workload of the namespace in the input.
 */
export function namespaceAnchor(run: NetworkAnalysis, namespace: string): K8sObject | undefined {
  const model = run.analysis.cluster.namespaces.get(namespace);
  if (model?.ref !== undefined) return run.objects[model.ref.location.index];

  const indexes = (run.workloadsByNamespace.get(namespace) ?? []).flatMap((workload) =>
    workload.refs.map((ref) => ref.location.index),
  );
  return indexes.length === 0 ? undefined : run.objects[Math.min(...indexes)];
}

/**
 * True when the manifests describe a namespace completely, so a selector that matches none of its
 * pods matches nothing in the cluster either. That needs the `completeManifests` setting, because
 * operators create pods that no manifest shows, and at least one workload of the namespace.
 */
export function isDescribed(
  run: NetworkAnalysis,
  namespace: NamespaceModel | string,
  completeManifests: boolean,
): boolean {
  const name = typeof namespace === 'string' ? namespace : namespace.name;
  return completeManifests && (run.workloadsByNamespace.get(name) ?? []).length > 0;
}

/** Policies of the analysis with their index, which the analysis tables use as policy id. */
export function indexedPolicies(
  run: NetworkAnalysis,
): { policy: NetworkPolicyModel; index: number }[] {
  return run.analysis.cluster.policies.map((policy, index) => ({ policy, index }));
}

/** `Kind "namespace/name"`, the way findings name a workload. */
export function workloadName(workload: WorkloadModel): string {
  return `${workload.kind} "${workload.namespace}/${workload.name}"`;
}
