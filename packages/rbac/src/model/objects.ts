import type { Path } from '@kubeharden/core';

/** A Kubernetes object as parsed from YAML: a mapping with `apiVersion`, `kind` and `metadata`. */
export type KubeObject = Readonly<Record<string, unknown>>;

/** Kind, name and namespace of an object. Cluster-scoped kinds have no `namespace`. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * An object found in the manifests. `object` is the top-level document object and `path` leads
 * from it to this item: empty for a document of its own, `items[3]` for an item of a `List`.
 * Every path stored elsewhere for this item is relative to `object` as well, so it can be
 * mapped to a source range.
 */
export interface Located {
  readonly object: KubeObject;
  readonly path: Path;
  readonly item: Readonly<Record<string, unknown>>;
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the value of `key` when it is a non-empty string. */
export function stringField(record: unknown, key: string): string | undefined {
  if (!isRecord(record)) return undefined;
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Returns the string entries of a list with their indexes in the list. Entries of other types
 * are skipped: the API server rejects them, and keeping the original index lets a finding point
 * at the right entry of the source.
 */
export function stringEntries(value: unknown): [number, string][] {
  if (!Array.isArray(value)) return [];
  const entries: [number, string][] = [];
  value.forEach((entry: unknown, index) => {
    if (typeof entry === 'string') entries.push([index, entry]);
  });
  return entries;
}

export function stringList(value: unknown): string[] {
  return stringEntries(value).map(([, entry]) => entry);
}

/** Returns the API group of an `apiVersion` value: `apps` for `apps/v1`, `` for `v1`. */
export function groupOfApiVersion(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function metadataOf(item: unknown): Record<string, unknown> {
  if (!isRecord(item)) return {};
  const metadata = item.metadata;
  return isRecord(metadata) ? metadata : {};
}

/** Reads string labels. Values of other types are skipped because the API server rejects them. */
export function labelsOf(item: unknown): ReadonlyMap<string, string> {
  const labels = metadataOf(item).labels;
  const result = new Map<string, string>();
  if (!isRecord(labels)) return result;
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value === 'string') result.set(key, value);
  }
  return result;
}

/** Formats a reference as `Role example/app` or `ClusterRole view`. */
export function formatRef(ref: ObjectRef): string {
  return ref.namespace === undefined
    ? `${ref.kind} ${ref.name}`
    : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/** Compares strings by code unit, the same in every locale, for stable report order. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

export function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/**
 * Splits a document into the objects it declares: the document itself, or the items of a
 * `List` or `<Kind>List` document, which `kubectl apply` accepts as well.
 */
export function locateItems(object: unknown): Located[] {
  if (!isRecord(object)) return [];
  const kind = object.kind;
  const items = object.items;
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) {
    const located: Located[] = [];
    items.forEach((item: unknown, index) => {
      if (isRecord(item)) located.push({ object, path: ['items', index], item });
    });
    return located;
  }
  return [{ object, path: [], item: object }];
}

/** Joins items as `a`, `a and b` or `a, b and c`. */
export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** Joins values in single quotes as `'a'`, `'a' and 'b'` or `'a', 'b' and 'c'`. */
export function joinQuoted(values: readonly string[]): string {
  return joinWithAnd(values.map((value) => `'${value}'`));
}
