import type { K8sObject } from '@kubeharden/core';

import { groupOf, listOf, recordOf } from './values.js';

export const VELERO_GROUP = 'velero.io';

/** Provider names that load velero-plugin-for-aws, which also serves S3-compatible stores. */
export const AWS_PROVIDERS = new Set(['aws', 'velero.io/aws']);

/** Keys of spec.config that velero-plugin-for-aws reads for a BackupStorageLocation. */
export const AWS_CONFIG_KEYS = new Set([
  'region',
  's3ForcePathStyle',
  's3Url',
  'publicUrl',
  'serverSideEncryption',
  'kmsKeyId',
  'customerKeyEncryptionFile',
  'signatureVersion',
  'profile',
  'insecureSkipTLSVerify',
  'enableSharedConfig',
  'checksumAlgorithm',
  'tagging',
]);

/** Fields of spec.objectStorage in the BackupStorageLocation CRD. */
export const OBJECT_STORAGE_FIELDS = new Set(['bucket', 'prefix', 'caCert', 'caCertRef']);

export function isVeleroKind(object: K8sObject, kind: string): boolean {
  return object.kind === kind && groupOf(object) === VELERO_GROUP;
}

export function usesAwsPlugin(location: K8sObject): boolean {
  const provider = location.get(['spec', 'provider']);
  return typeof provider === 'string' && AWS_PROVIDERS.has(provider);
}

/** Translates a Velero namespace pattern with * and ? wildcards into a test. */
function namespacePattern(pattern: string): (namespace: string) => boolean {
  if (!/[*?]/.test(pattern)) return (namespace) => namespace === pattern;
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`);
  return (namespace) => regex.test(namespace);
}

/** True when a Velero Schedule that is not paused backs up the namespace. */
export function scheduleCovers(schedule: K8sObject, namespace: string): boolean {
  if (schedule.get(['spec', 'paused']) === true) return false;
  const template = recordOf(schedule.get(['spec', 'template']));
  const included = listOf(template.includedNamespaces).filter(
    (entry): entry is string => typeof entry === 'string',
  );
  const excluded = listOf(template.excludedNamespaces).filter(
    (entry): entry is string => typeof entry === 'string',
  );
  const isIncluded =
    included.length === 0 || included.some((pattern) => namespacePattern(pattern)(namespace));
  return isIncluded && !excluded.some((pattern) => namespacePattern(pattern)(namespace));
}
