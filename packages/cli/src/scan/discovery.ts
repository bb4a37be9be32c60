import { isPlainObject } from '@kubeharden/core';

import type { ApiClient } from './api-client.js';
import type { ResourceType } from './resources.js';

/** A resource type with the version the cluster serves it at. */
export interface ServedResource {
  readonly type: ResourceType;
  readonly version: string;
  /** `v1` or `group/version`. */
  readonly groupVersion: string;
}

/**
 * Finds which of `types` the cluster serves, through the discovery endpoints: `/api` and `/apis`
 * for the group versions, then `/api/v1` or `/apis/<group>/<version>` for their resources. A type
 * is taken at the first of its known versions that serves it.
 */
export async function discoverResources(client: ApiClient, types: readonly ResourceType[]): Promise<ServedResource[]> {
  const servedVersions = await servedGroupVersions(client);
  const resourcesByGroupVersion = new Map<string, Set<string>>();
  const resourcesOf = async (groupVersion: string): Promise<Set<string>> => {
    let names = resourcesByGroupVersion.get(groupVersion);
    if (!names) {
      const path = groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
      names = resourceNames(await client.getJson(path));
      resourcesByGroupVersion.set(groupVersion, names);
    }
    return names;
  };

  const served: ServedResource[] = [];
  for (const type of types) {
    for (const version of type.versions) {
      const groupVersion = type.group === '' ? version : `${type.group}/${version}`;
      if (!servedVersions.has(groupVersion)) continue;
      if (!(await resourcesOf(groupVersion)).has(type.resource)) continue;
      served.push({ type, version, groupVersion });
      break;
    }
  }
  return served;
}

async function servedGroupVersions(client: ApiClient): Promise<Set<string>> {
  const versions = new Set<string>();
  const core = await client.getJson('/api');
  if (isPlainObject(core) && Array.isArray(core.versions)) {
    for (const version of core.versions) if (typeof version === 'string') versions.add(version);
  }
  const groups = await client.getJson('/apis');
  if (isPlainObject(groups) && Array.isArray(groups.groups)) {
    for (const group of groups.groups) {
      if (!isPlainObject(group) || !Array.isArray(group.versions)) continue;
      for (const entry of group.versions) {
        if (isPlainObject(entry) && typeof entry.groupVersion === 'string') versions.add(entry.groupVersion);
      }
    }
  }
  return versions;
}

/** Names of the top-level resources of an `APIResourceList` (subresources such as `pods/log` left out). */
function resourceNames(list: unknown): Set<string> {
  const names = new Set<string>();
  if (!isPlainObject(list) || !Array.isArray(list.resources)) return names;
  for (const resource of list.resources) {
    if (isPlainObject(resource) && typeof resource.name === 'string' && !resource.name.includes('/')) {
      names.add(resource.name);
    }
  }
  return names;
}
