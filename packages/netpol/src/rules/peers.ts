import type { K8sObject, Path, RangeTarget } from '@kubeharden/core';

import { NAMESPACE_NAME_LABEL, type ClusterModel, type NamespaceModel } from '../model/cluster.js';
import type { NetworkPolicyModel, PeerSpec, PolicyRule, PortSpec } from '../model/policy.js';
import { selectorMatches, type LabelSelector } from '../model/selector.js';

/** Namespaces that every cluster has, though manifests rarely define them. */
export const BUILT_IN_NAMESPACES: readonly string[] = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

export type PodPeer = Extract<PeerSpec, { kind: 'pods' }>;

/** The namespaces whose pods a peer can select. */
export interface PeerScope {
  /** Namespaces of the manifests that the peer selects. */
  readonly namespaces: readonly NamespaceModel[];
  /** True when the peer can also select namespaces that the manifests do not contain. */
  readonly open: boolean;
}

/**
 * Finds the namespaces a pod peer can select. A peer without a namespace selector stays in the
 * policy's namespace. A namespace selector can also match namespaces outside the manifests,
 * unless `completeManifests` is set or it names its namespaces with `kubernetes.io/metadata.name`
 * and the manifests contain all of them.
 */
export function peerScope(
  cluster: ClusterModel,
  policy: NetworkPolicyModel,
  peer: PodPeer,
  completeManifests: boolean,
): PeerScope {
  if (peer.namespaceSelector === null) {
    const own = cluster.namespaces.get(policy.namespace);
    return { namespaces: own === undefined ? [] : [own], open: false };
  }

  const selector = peer.namespaceSelector;
  const namespaces = [...cluster.namespaces.values()].filter((namespace) =>
    selectorMatches(selector, namespace.labels),
  );
  if (completeManifests || !selector.valid) return { namespaces, open: false };
  const names = pinnedNames(selector);
  const open = names === undefined || names.some((name) => !cluster.namespaces.has(name));
  return { namespaces, open };
}

/**
 * Returns the namespace names a selector is limited to by `kubernetes.io/metadata.name` with the
 * operator In, or `undefined` when it selects namespaces by other labels only.
 */
export function pinnedNames(selector: LabelSelector): readonly string[] | undefined {
  let names: string[] | undefined;
  for (const requirement of selector.requirements) {
    if (requirement.key !== NAMESPACE_NAME_LABEL || requirement.operator !== 'In') continue;
    names =
      names === undefined
        ? [...requirement.values]
        : names.filter((name) => requirement.values.includes(name));
  }
  return names;
}

/** Renders a `ports` list for a message: `on every port`, or `on TCP 443, UDP 53`. */
export function describePorts(ports: readonly PortSpec[] | 'all'): string {
  if (ports === 'all') return 'on every port';
  const parts: string[] = [];
  for (const port of ports) {
    switch (port.kind) {
      case 'protocol':
        parts.push(`every ${port.protocol} port`);
        break;
      case 'range':
        parts.push(
          port.start === port.end
            ? `${port.protocol} ${port.start}`
            : `${port.protocol} ${port.start}-${port.end}`,
        );
        break;
      case 'named':
        parts.push(`${port.protocol} port "${port.name}"`);
        break;
      case 'invalid':
        break;
    }
  }
  return parts.length === 0 ? 'on no valid port' : `on ${parts.join(', ')}`;
}

/** Renders labels as `key=value` pairs joined by commas, such as `k8s-app=kube-dns`. */
export function describeLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** Renders names as a list for a message: `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** A pod described by its namespace and labels, which need not be in the manifests. */
export interface PodDescription {
  readonly namespace: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly labels: Readonly<Record<string, string>>;
}

/** True when a pod peer of a policy selects the described pod. */
export function peerSelectsPod(
  policy: NetworkPolicyModel,
  peer: PodPeer,
  pod: PodDescription,
): boolean {
  const namespaceMatches =
    peer.namespaceSelector === null
      ? pod.namespace.name === policy.namespace
      : selectorMatches(peer.namespaceSelector, pod.namespace.labels);
  const podMatches = peer.podSelector === null || selectorMatches(peer.podSelector, pod.labels);
  return namespaceMatches && podMatches;
}

/**
 * Renders a label selector in kubectl's selector syntax, such as `app=api,tier notin (db)`;
 * `{}` renders as `{}`.
 */
export function describeSelector(selector: LabelSelector): string {
  if (selector.empty) return '{}';
  return selector.requirements
    .map(({ key, operator, values }) => {
      switch (operator) {
        case 'In':
          return values.length === 1 ? `${key}=${values[0]}` : `${key} in (${values.join(',')})`;
        case 'NotIn':
          return `${key} notin (${values.join(',')})`;
        case 'Exists':
          return key;
        case 'DoesNotExist':
          return `!${key}`;
      }
    })
    .join(',');
}

/**
 * Returns where a finding about a rule's missing or empty `from`/`to` points: the key of an empty
 * list, or else the first key of the rule, or the rule itself when it is `{}`.
 */
export function peerListLocation(
  object: K8sObject,
  rule: PolicyRule,
): { path: Path; target: RangeTarget; listed: boolean } {
  const field = rule.direction === 'ingress' ? 'from' : 'to';
  if (Array.isArray(object.get([...rule.path, field]))) {
    return { path: [...rule.path, field], target: 'key', listed: true };
  }
  const value = object.get(rule.path);
  const firstKey = value !== null && typeof value === 'object' ? Object.keys(value)[0] : undefined;
  return firstKey === undefined
    ? { path: rule.path, target: 'value', listed: false }
    : { path: [...rule.path, firstKey], target: 'key', listed: false };
}
