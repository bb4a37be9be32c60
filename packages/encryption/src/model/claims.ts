import type { ObjectIndex } from '@kubeharden/core';

import {
  classVerdict,
  defaultStorageClasses,
  storageClassVerdict,
  type EncryptionAllowances,
} from './storage.js';

/**
 * Describes what is wrong with the StorageClass a volume claim requests, as a clause that follows the
 * claim's name in a message, or returns `undefined` when the volume is encrypted or its class is
 * not in the manifests. An empty class name binds the claim to a pre-created PersistentVolume,
 * which the PersistentVolume itself answers for.
 */
export function claimClassProblem(
  index: ObjectIndex,
  className: unknown,
  allowances: EncryptionAllowances,
): string | undefined {
  if (typeof className === 'string' && className !== '') {
    const verdict = classVerdict(index, className, allowances);
    return verdict.state === 'unencrypted'
      ? `uses StorageClass "${className}", which is not encrypted because ${verdict.reason}`
      : undefined;
  }
  if (className === '') return undefined;

  const defaults = defaultStorageClasses(index);
  if (defaults.length === 0) {
    return 'names no StorageClass and no StorageClass in the manifests is marked as the default, so the encryption of its volume is unknown';
  }
  for (const storageClass of defaults) {
    const verdict = storageClassVerdict(storageClass, allowances);
    if (verdict.state === 'unencrypted') {
      return `names no StorageClass, so it gets the default class "${storageClass.name ?? ''}", which is not encrypted because ${verdict.reason}`;
    }
  }
  return undefined;
}
