import { debug, isPlainObject, SourceFile, stringifyObject, type Rule } from '@kubeharden/core';

import { UsageError } from '../errors.js';
import { ApiClient, ApiError, type ClusterConnectionOptions } from './api-client.js';
import { discoverResources, type ServedResource } from './discovery.js';
import { kindFolder, qualifiedResource, resourceTypesFor } from './resources.js';

const log = debug('scan');

// The page size kubectl uses for `get`; it keeps each response small for the API server and etcd.
export const DEFAULT_PAGE_SIZE = 500;

// Accepting this media type makes the API server send only metadata, so secret values never
// leave it. Servers too old to support it return plain JSON, which the scan trims itself.
const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io, application/json';

// Fields the API server fills in; manifests do not have them and no rule reads them.
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
];
// kubectl apply keeps a copy of the applied object here, secret values of a Secret included.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ClusterReadOptions extends ClusterConnectionOptions {
  /** Namespaces to read; empty or absent means all. Cluster-scoped objects are always read. */
  readonly namespaces?: readonly string[];
  /** The enabled rules; only the kinds they read are listed. */
  readonly rules: readonly Rule[];
  readonly pageSize?: number;
  /** Called for each resource type that could not be read, such as one the credentials may not list. */
  readonly onWarning: (message: string) => void;
}

export interface ClusterSnapshot {
  readonly contextName: string;
  readonly server: string;
  /** One virtual file per object, named `cluster/<context>/<namespace>/<Kind>/<name>.yaml`. */
  readonly files: readonly SourceFile[];
  /** Objects read per resource, as `resource.group`. */
  readonly counts: ReadonlyMap<string, number>;
}

/**
 * Reads the objects that the rules need from a cluster, page by page, and turns each into a
 * YAML file so the engine and reporters run on them unchanged. Status, managed fields and other
 * server-filled metadata are dropped, and Secrets are read as metadata only.
 */
export async function readCluster(options: ClusterReadOptions): Promise<ClusterSnapshot> {
  const client = await ApiClient.connect(options);
  const types = resourceTypesFor(options.rules);
  const served = await discover(client, types);
  log(`context ${client.contextName}: ${served.length} of ${types.length} resource types served`);

  const namespaces = options.namespaces?.length ? [...new Set(options.namespaces)] : undefined;
  const counts = new Map<string, number>();
  const files: SourceFile[] = [];
  for (const resource of served) {
    let items: unknown[];
    try {
      items = await readResource(client, resource, namespaces, options.pageSize ?? DEFAULT_PAGE_SIZE, options.onWarning);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401) throw unauthorized(client, error);
      options.onWarning(readFailure(resource, error));
      continue;
    }

    let count = 0;
    for (const item of items) {
      const manifest = toManifest(item, resource);
      if (!manifest) continue;
      files.push(new SourceFile(virtualPath(client.contextName, resource, manifest), stringifyObject(manifest)));
      count++;
    }
    counts.set(qualifiedResource(resource.type), count);
    log(`read ${count} ${qualifiedResource(resource.type)}`);
  }

  files.sort((a, b) => a.path.localeCompare(b.path));
  return { contextName: client.contextName, server: client.server, files, counts };
}

async function discover(client: ApiClient, types: Parameters<typeof discoverResources>[1]): Promise<ServedResource[]> {
  try {
    return await discoverResources(client, types);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) throw unauthorized(client, error);
    throw new UsageError(
      `Cannot read the API discovery of context "${client.contextName}" (${error.message}); the credentials need access to /api and /apis, which every authenticated user has by default.`,
    );
  }
}

async function readResource(
  client: ApiClient,
  resource: ServedResource,
  namespaces: readonly string[] | undefined,
  pageSize: number,
  onWarning: (message: string) => void,
): Promise<unknown[]> {
  const { type } = resource;
  const base = resource.groupVersion.includes('/') ? `/apis/${resource.groupVersion}` : `/api/${resource.groupVersion}`;
  const accept = type.metadataOnly ? METADATA_ONLY_ACCEPT : 'application/json';

  if (!namespaces) return listAll(client, `${base}/${type.resource}`, accept, pageSize);
  if (type.namespaced) {
    const items: unknown[] = [];
    for (const namespace of namespaces) {
      items.push(...(await listAll(client, `${base}/namespaces/${encodeURIComponent(namespace)}/${type.resource}`, accept, pageSize)));
    }
    return items;
  }
  if (type.kind !== 'Namespace') return listAll(client, `${base}/${type.resource}`, accept, pageSize);

  // With namespaces named, the scan reads those Namespace objects only.
  const selected: unknown[] = [];
  for (const namespace of namespaces) {
    try {
      selected.push(await client.getJson(`${base}/namespaces/${encodeURIComponent(namespace)}`));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      onWarning(`Namespace "${namespace}" does not exist in context "${client.contextName}".`);
    }
  }
  return selected;
}

/** Lists every item of a collection, following `continue` tokens; restarts once if a token expired. */
async function listAll(client: ApiClient, path: string, accept: string, pageSize: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let token: string | undefined;
  let restarted = false;
  for (;;) {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (token !== undefined) query.set('continue', token);
    let page: unknown;
    try {
      page = await client.getJson(`${path}?${query.toString()}`, accept);
    } catch (error) {
      // 410 Gone: the snapshot behind the token was compacted away; a fresh list is consistent.
      if (error instanceof ApiError && error.status === 410 && token !== undefined && !restarted) {
        log(`continue token of ${path} expired; listing again from the start`);
        restarted = true;
        items.length = 0;
        token = undefined;
        continue;
      }
      throw error;
    }
    if (!isPlainObject(page) || !Array.isArray(page.items)) {
      throw new UsageError(`The API server returned something that is not a list for GET ${path}.`);
    }
    items.push(...page.items);
    const next = isPlainObject(page.metadata) ? page.metadata.continue : undefined;
    if (typeof next !== 'string' || next === '') return items;
    if (next === token) throw new UsageError(`The API server repeated the continue token of GET ${path}; the list cannot end.`);
    token = next;
  }
}

/** Converts a list item to a manifest: kind and apiVersion set, server-filled fields dropped. */
function toManifest(item: unknown, resource: ServedResource): Record<string, unknown> | undefined {
  if (!isPlainObject(item) || !isPlainObject(item.metadata)) return undefined;
  const { type } = resource;
  if (type.skipControlled && isControlled(item.metadata)) return undefined;

  const metadata = cleanMetadata(item.metadata);
  const head = { apiVersion: resource.groupVersion, kind: type.kind, metadata };
  if (type.metadataOnly) return head;

  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key !== 'apiVersion' && key !== 'kind' && key !== 'metadata' && key !== 'status') rest[key] = value;
  }
  return { ...head, ...rest };
}

function cleanMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (!SERVER_METADATA.includes(key)) clean[key] = value;
  }
  if (isPlainObject(clean.annotations)) {
    const annotations = { ...clean.annotations };
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length > 0) clean.annotations = annotations;
    else delete clean.annotations;
  }
  return clean;
}

function isControlled(metadata: Record<string, unknown>): boolean {
  const owners = metadata.ownerReferences;
  return Array.isArray(owners) && owners.some((owner) => isPlainObject(owner) && owner.controller === true);
}

function virtualPath(contextName: string, resource: ServedResource, manifest: Record<string, unknown>): string {
  const metadata = manifest.metadata as Record<string, unknown>;
  const name = typeof metadata.name === 'string' ? metadata.name : 'unnamed';
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const segments = ['cluster', contextName.replace(/[/\\]/g, '_')];
  if (resource.type.namespaced && namespace !== undefined) segments.push(namespace);
  segments.push(kindFolder(resource.type), `${name}.yaml`);
  return segments.join('/');
}

function unauthorized(client: ApiClient, error: ApiError): UsageError {
  return new UsageError(
    `The API server ${client.server} rejected the credentials of context "${client.contextName}" (${error.message}); log in again or check the kubeconfig.`,
  );
}

function readFailure(resource: ServedResource, error: ApiError): string {
  const name = qualifiedResource(resource.type);
  if (error.status === 403 && resource.type.metadataOnly) {
    // The generated ClusterRole leaves Secrets out by default, so this is the usual case there.
    return `Skipped ${name}: the credentials may not list them (403 Forbidden). The rules that read ${resource.type.kind} objects ran without them; to include them, grant "get" and "list" on ${name}, for example with "kubeharden generate scanner-rbac --include-secrets".`;
  }
  if (error.status === 403) {
    return `Skipped ${name}: the credentials may not list them (403 Forbidden). Grant "get" and "list" on ${name}, for example with the ClusterRole from "kubeharden generate scanner-rbac"; the rules that read ${resource.type.kind} objects ran without them.`;
  }
  return `Skipped ${name}: ${error.message}. The rules that read ${resource.type.kind} objects ran without them.`;
}
