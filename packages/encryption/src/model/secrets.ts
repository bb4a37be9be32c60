import type { K8sObject, ObjectIndex, Path } from '@kubeharden/core';

import { recordOf } from './values.js';

/** One entry of a Secret, decoded, with the path of the field that contains it. */
export interface SecretEntry {
  readonly key: string;
  /** The plain value; `undefined` when `data` contains text that is not valid base64. */
  readonly value: string | undefined;
  readonly path: Path;
  readonly source: 'data' | 'stringData';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes a `data` value as the API server does, or returns `undefined` when it is not base64. */
export function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/**
 * Reads one key of a Secret. `stringData` wins over `data` for the same key, as the API server
 * merges them on write. Values are returned for checks only and must never appear in messages.
 */
export function secretEntry(secret: K8sObject, key: string): SecretEntry | undefined {
  const stringData = recordOf(secret.get(['stringData']));
  const plain = stringData[key];
  if (plain !== undefined) {
    return { key, value: scalarText(plain), path: ['stringData', key], source: 'stringData' };
  }
  const encoded = recordOf(secret.get(['data']))[key];
  if (encoded === undefined) return undefined;
  const text = scalarText(encoded);
  return {
    key,
    value: text === undefined ? undefined : decodeBase64(text),
    path: ['data', key],
    source: 'data',
  };
}

/** Lists every entry of a Secret, `stringData` first. */
export function secretEntries(secret: K8sObject): SecretEntry[] {
  const keys = new Set([
    ...Object.keys(recordOf(secret.get(['stringData']))),
    ...Object.keys(recordOf(secret.get(['data']))),
  ]);
  return [...keys]
    .map((key) => secretEntry(secret, key))
    .filter((entry): entry is SecretEntry => entry !== undefined);
}

/**
 * Finds the Secret `namespace/name` in the manifests.
 * NOTE: when the manifests define several Secrets with one name, only the first is returned.
 */
export function findSecret(
  index: ObjectIndex,
  namespace: string | undefined,
  name: string,
): K8sObject | undefined {
  return index
    .ofKind('Secret')
    .find(
      (object) =>
        object.apiVersion === 'v1' && object.name === name && object.namespace === namespace,
    );
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
