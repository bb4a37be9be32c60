import { POD_BEARING_KINDS, podTemplateLocation, type Path } from '@kubeharden/core';

import type { Protocol } from './connection-set.js';
import { parseNetworkPolicy, type NetworkPolicyModel } from './policy.js';
import { ProblemSink, quote, type ObjectRef, type Problem } from './problem.js';
import { compareText } from './order.js';
import { isRecord, type Labels } from './selector.js';

/** The label the API server puts on every namespace, with the namespace name as value. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export const DEFAULT_NAMESPACE = 'default';

export interface NamespaceModel {
  readonly name: string;
  readonly labels: Labels;
  /** The Namespace object, or `undefined` for a namespace only referenced by other objects. */
  readonly ref?: ObjectRef;
}

export interface ContainerPortModel {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** The labels and container ports of pods that a workload runs. */
export interface PodVariant {
  readonly labels: Labels;
  readonly ports: readonly ContainerPortModel[];
  /** The object the variant was read from: the workload, or one of its Pods. */
  readonly ref: ObjectRef;
}

/**
 * A connectivity endpoint inside the cluster: a workload, or a Pod without a controller.
 * Pods with a controller owner reference are merged into their owner, so a workload has one
 * variant per distinct pod template it was seen with, and usually exactly one.
 */
export interface WorkloadModel {
  /** `namespace/name[Kind]`, as netpol-analyzer names endpoints. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly variants: readonly PodVariant[];
  readonly refs: readonly ObjectRef[];
}

export interface ClusterModel {
  readonly defaultNamespace: string;
  readonly namespaces: ReadonlyMap<string, NamespaceModel>;
  readonly workloads: readonly WorkloadModel[];
  readonly policies: readonly NetworkPolicyModel[];
  readonly problems: readonly Problem[];
}

export interface LoadOptions {
  /** Namespace of objects that name none; `default` unless set. */
  readonly defaultNamespace?: string;
}

/** Kinds whose pods are connectivity endpoints; a PodTemplate creates no pods by itself. */
const ENDPOINT_KINDS = new Set(POD_BEARING_KINDS.filter((kind) => kind !== 'PodTemplate'));

/** API groups of the kinds read here, for objects that omit apiVersion, as List items may. */
const BUILT_IN_GROUPS: Readonly<Record<string, string>> = {
  Namespace: '',
  Pod: '',
  ReplicationController: '',
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  NetworkPolicy: 'networking.k8s.io',
};

/** Kinds that the retired `extensions` group served before moving to their current group. */
const EXTENSIONS_MOVED: Readonly<Record<string, string>> = {
  Deployment: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  NetworkPolicy: 'networking.k8s.io',
};

interface InputObject {
  readonly value: Record<string, unknown>;
  readonly kind: string;
  readonly group: string;
  readonly location: { index: number; path: Path };
}

/**
 * Reads Namespaces, NetworkPolicies and workloads from plain Kubernetes objects; Lists
 * (`List`, `PodList`, …) are expanded into their items. Other kinds are ignored.
 */
export function loadCluster(objects: readonly unknown[], options: LoadOptions = {}): ClusterModel {
  const defaultNamespace = options.defaultNamespace ?? DEFAULT_NAMESPACE;
  const problems: Problem[] = [];
  const namespaces = new Map<string, NamespaceModel>();
  const workloads = new Map<string, MutableWorkload>();
  const policies = new Map<string, NetworkPolicyModel>();

  for (const object of expandLists(objects)) {
    const isNamespace = object.kind === 'Namespace' && object.group === '';
    const isPolicy = object.kind === 'NetworkPolicy' && object.group === 'networking.k8s.io';
    if (!isNamespace && !isPolicy && !ENDPOINT_KINDS.has(object.kind)) continue;

    const metadata = isRecord(object.value.metadata) ? object.value.metadata : {};
    const name = stringOrUndefined(metadata.name) ?? stringOrUndefined(metadata.generateName);
    const namespace =
      object.kind === 'Namespace'
        ? undefined
        : (stringOrUndefined(metadata.namespace) ?? defaultNamespace);
    const ref: ObjectRef = {
      kind: object.kind,
      ...(namespace === undefined ? {} : { namespace }),
      name: name ?? '',
      location: object.location,
    };
    const sink = new ProblemSink(ref);

    if (name === undefined) {
      const path = isRecord(object.value.metadata) ? ['metadata'] : [];
      sink.error('missing-name', path, `${object.kind} has no metadata.name.`);
    }
    if (isNamespace) {
      if (name !== undefined)
        namespaces.set(name, { name, labels: namespaceLabels(name, metadata.labels), ref });
    } else if (isPolicy) {
      const policy = parseNetworkPolicy(object.value, ref, sink);
      // A policy without a name cannot be created, so it is read only for its problems.
      if (name !== undefined) addPolicy(policies, policy, sink);
    } else if (name !== undefined && namespace !== undefined) {
      addWorkload(workloads, object, ref, name, namespace, sink);
    }
    problems.push(...sink.problems);
  }

  const workloadList = [...workloads.values()].map(freezeWorkload);
  const policyList = [...policies.values()];
  for (const namespace of [
    ...workloadList.map((w) => w.namespace),
    ...policyList.map((p) => p.namespace),
  ]) {
    if (!namespaces.has(namespace)) {
      namespaces.set(namespace, { name: namespace, labels: { [NAMESPACE_NAME_LABEL]: namespace } });
    }
  }
  return { defaultNamespace, namespaces, workloads: workloadList, policies: policyList, problems };
}

function addPolicy(
  policies: Map<string, NetworkPolicyModel>,
  policy: NetworkPolicyModel,
  sink: ProblemSink,
): void {
  const key = `${policy.namespace}/${policy.name}`;
  if (policies.has(key)) {
    sink.warning(
      'duplicate-policy',
      ['metadata', 'name'],
      `NetworkPolicy ${key} is defined more than once; only the last definition is analyzed.`,
    );
  }
  policies.set(key, policy);
}

function* expandLists(objects: readonly unknown[]): Generator<InputObject> {
  for (const [index, value] of objects.entries()) {
    if (!isRecord(value)) continue;
    const kind = stringOrUndefined(value.kind) ?? '';
    const items = value.items;
    if (!kind.endsWith('List') || !Array.isArray(items)) {
      yield { value, kind, group: groupOf(value.apiVersion, kind), location: { index, path: [] } };
      continue;
    }

    const itemKind = kind === 'List' ? '' : kind.slice(0, -'List'.length);
    for (const [position, item] of items.entries()) {
      if (!isRecord(item)) continue;
      const ownKind = stringOrUndefined(item.kind) ?? itemKind;
      const apiVersion = item.apiVersion ?? (ownKind === itemKind ? value.apiVersion : undefined);
      yield {
        value: item,
        kind: ownKind,
        group: groupOf(apiVersion, ownKind),
        location: { index, path: ['items', position] },
      };
    }
  }
}

function groupOf(apiVersion: unknown, kind: string): string {
  if (typeof apiVersion !== 'string' || apiVersion === '') return BUILT_IN_GROUPS[kind] ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group === 'extensions' ? (EXTENSIONS_MOVED[kind] ?? group) : group;
}

/** Labels of a namespace as the API server stores them: the name label always equals the name. */
function namespaceLabels(name: string, labels: unknown): Labels {
  return { ...stringMap(labels), [NAMESPACE_NAME_LABEL]: name };
}

interface MutableWorkload {
  key: string;
  namespace: string;
  name: string;
  kind: string;
  variants: PodVariant[];
  variantKeys: Set<string>;
  refs: ObjectRef[];
}

function addWorkload(
  workloads: Map<string, MutableWorkload>,
  object: InputObject,
  ref: ObjectRef,
  name: string,
  namespace: string,
  sink: ProblemSink,
): void {
  const template = podTemplateLocation(
    object.group === '' ? 'v1' : `${object.group}/v1`,
    object.kind,
  );
  if (template === undefined) return;
  const metadata = getRecord(object.value, template.metadata);
  const spec = getRecord(object.value, template.spec);
  const owner = object.kind === 'Pod' ? controllerOwner(object.value) : undefined;
  const endpointName = owner?.name ?? name;
  const endpointKind = owner?.kind ?? object.kind;
  const key = `${namespace}/${endpointName}[${endpointKind}]`;

  let workload = workloads.get(key);
  if (workload === undefined) {
    workload = {
      key,
      namespace,
      name: endpointName,
      kind: endpointKind,
      variants: [],
      variantKeys: new Set(),
      refs: [],
    };
    workloads.set(key, workload);
  }
  workload.refs.push(ref);

  const variant: PodVariant = {
    labels: stringMap(metadata?.labels),
    ports: containerPorts(spec),
    ref,
  };
  const variantKey = JSON.stringify([sortedEntries(variant.labels), variant.ports]);
  if (workload.variantKeys.has(variantKey)) return;
  const first = workload.variants[0];
  if (
    first !== undefined &&
    JSON.stringify(sortedEntries(first.labels)) !== JSON.stringify(sortedEntries(variant.labels))
  ) {
    const labelsPath = [...template.metadata, 'labels'];
    sink.warning(
      'inconsistent-owner-labels',
      getRecord(object.value, labelsPath) === undefined ? template.metadata : labelsPath,
      `Pods owned by ${endpointKind} ${quote(endpointName)} have different labels, so its connections are the union of what each label set allows.`,
    );
  }
  workload.variantKeys.add(variantKey);
  workload.variants.push(variant);
}

function freezeWorkload(workload: MutableWorkload): WorkloadModel {
  const { key, namespace, name, kind, variants, refs } = workload;
  return { key, namespace, name, kind, variants, refs };
}

/**
 * Finds the controller owner of a Pod, which netpol-analyzer shows in place of the Pod. An
 * owner of kind Node marks a static pod, which stays a Pod. An owner reference without a kind
 * shows as Pod.
 */
function controllerOwner(pod: Record<string, unknown>): { name: string; kind: string } | undefined {
  const metadata = isRecord(pod.metadata) ? pod.metadata : {};
  const references = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : [];
  for (const reference of references) {
    if (!isRecord(reference) || reference.controller !== true) continue;
    const name = stringOrUndefined(reference.name);
    const kind = stringOrUndefined(reference.kind) || 'Pod';
    if (kind === 'Node' || name === undefined || name === '') return undefined;
    return { name, kind };
  }
  return undefined;
}

/**
 * Container ports that named ports resolve against: those of regular containers and of
 * sidecar init containers (`restartPolicy: Always`), which keep running beside them.
 */
function containerPorts(spec: Record<string, unknown> | undefined): ContainerPortModel[] {
  if (spec === undefined) return [];
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []).filter(
      (container: unknown) => isRecord(container) && container.restartPolicy === 'Always',
    ),
  ];

  const ports: ContainerPortModel[] = [];
  for (const container of containers) {
    if (!isRecord(container) || !Array.isArray(container.ports)) continue;
    for (const entry of container.ports) {
      if (!isRecord(entry) || typeof entry.containerPort !== 'number') continue;
      const protocol =
        entry.protocol === 'UDP' || entry.protocol === 'SCTP' ? entry.protocol : 'TCP';
      const name = stringOrUndefined(entry.name);
      ports.push({ ...(name === undefined ? {} : { name }), port: entry.containerPort, protocol });
    }
  }
  return ports;
}

function getRecord(value: unknown, path: Path): Record<string, unknown> | undefined {
  let current: unknown = value;
  for (const segment of path) {
    if (!isRecord(current)) return undefined;
    current = current[segment];
  }
  return isRecord(current) ? current : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Label maps as written; numbers and booleans, which YAML produces for unquoted values, become text. */
function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') result[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') result[key] = String(entry);
  }
  return result;
}

function sortedEntries(labels: Labels): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => compareText(a, b));
}
