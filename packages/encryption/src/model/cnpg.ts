import type { K8sObject, ObjectIndex } from '@kubeharden/core';

import { groupOf, listOf, recordOf, stringOf } from './values.js';

export const CNPG_GROUP = 'postgresql.cnpg.io';
export const BARMAN_CLOUD_GROUP = 'barmancloud.cnpg.io';
export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';

export function isCnpgCluster(object: K8sObject): boolean {
  return object.kind === 'Cluster' && groupOf(object) === CNPG_GROUP;
}

export function isScheduledBackup(object: K8sObject): boolean {
  return object.kind === 'ScheduledBackup' && groupOf(object) === CNPG_GROUP;
}

export function isObjectStore(object: K8sObject): boolean {
  return object.kind === 'ObjectStore' && groupOf(object) === BARMAN_CLOUD_GROUP;
}

/** Names of the Barman Cloud ObjectStores a Cluster archives to through the plugin. */
export function pluginObjectStoreNames(cluster: K8sObject): string[] {
  const names: string[] = [];
  for (const plugin of listOf(cluster.get(['spec', 'plugins']))) {
    const entry = recordOf(plugin);
    if (entry.name !== BARMAN_CLOUD_PLUGIN || entry.enabled === false) continue;
    const name = stringOf(recordOf(entry.parameters).barmanObjectName);
    if (name) names.push(name);
  }
  return names;
}

/** Finds the CloudNativePG Clusters that archive to an ObjectStore through the plugin. */
export function clustersUsingObjectStore(index: ObjectIndex, store: K8sObject): K8sObject[] {
  return index
    .ofKind('Cluster')
    .filter(
      (cluster) =>
        isCnpgCluster(cluster) &&
        cluster.namespace === store.namespace &&
        pluginObjectStoreNames(cluster).includes(store.name ?? ''),
    );
}

/**
 * True when a barman object store configuration writes to S3 or an S3-compatible service, the only
 * targets whose `encryption` setting barman-cloud honours.
 */
export function isS3Store(configuration: Record<string, unknown>): boolean {
  if (configuration.s3Credentials !== undefined) return true;
  if (configuration.azureCredentials !== undefined || configuration.googleCredentials !== undefined)
    return false;
  return /^s3:\/\//i.test(stringOf(configuration.destinationPath) ?? '');
}
