import type { K8sObject, ObjectIndex } from '@kubeharden/core';

import { groupOf, isGoTrue, recordOf, stringListOption, stringOf } from './values.js';

export const LONGHORN_PROVISIONER = 'driver.longhorn.io';

// Cloud disks that the provider always encrypts at rest with its own keys, whatever the class sets.
const ALWAYS_ENCRYPTED_PROVISIONERS = new Set([
  'pd.csi.storage.gke.io',
  'kubernetes.io/gce-pd',
  'disk.csi.azure.com',
  'kubernetes.io/azure-disk',
  'file.csi.azure.com',
  'kubernetes.io/azure-file',
]);

// Provisioners whose classes encrypt only when `parameters.encrypted` is the string "true".
const ENCRYPTED_PARAMETER_PROVISIONERS = new Set([
  LONGHORN_PROVISIONER,
  'ebs.csi.aws.com',
  'kubernetes.io/aws-ebs',
]);

const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

/** Classes and provisioners that a user declares encrypted, for encryption kubeharden cannot see. */
export interface EncryptionAllowances {
  readonly classes: readonly string[];
  readonly provisioners: readonly string[];
}

/** Reads the `encryptedStorageClasses` and `encryptedProvisioners` options shared by the storage rules. */
export function readAllowances(options: unknown): EncryptionAllowances {
  return {
    classes: stringListOption(options, 'encryptedStorageClasses', []),
    provisioners: stringListOption(options, 'encryptedProvisioners', []),
  };
}

/** Verdict on the encryption of a StorageClass, from what the manifests show. */
export type ClassVerdict =
  | { readonly state: 'encrypted'; readonly storageClass?: K8sObject }
  | { readonly state: 'unencrypted'; readonly storageClass: K8sObject; readonly reason: string }
  | { readonly state: 'unknown' };

export function isStorageClass(object: K8sObject): boolean {
  return object.kind === 'StorageClass' && groupOf(object) === 'storage.k8s.io';
}

/** Finds the StorageClass named `name` in the manifests. */
export function findStorageClass(index: ObjectIndex, name: string): K8sObject | undefined {
  return index
    .ofKind('StorageClass')
    .find((object) => isStorageClass(object) && object.name === name);
}

/** StorageClasses marked as the cluster default. */
export function defaultStorageClasses(index: ObjectIndex): K8sObject[] {
  return index
    .ofKind('StorageClass')
    .filter(
      (object) =>
        isStorageClass(object) &&
        DEFAULT_CLASS_ANNOTATIONS.some((key) => object.annotations[key] === 'true'),
    );
}

/**
 * Judges whether volumes of a class are encrypted. A class the user declares encrypted counts as
 * encrypted, and a class missing from the manifests is unknown. A class in the manifests is
 * encrypted only when its parameters or provisioner show it.
 */
export function classVerdict(
  index: ObjectIndex,
  name: string,
  allowances: EncryptionAllowances,
): ClassVerdict {
  if (allowances.classes.includes(name)) return { state: 'encrypted' };
  const storageClass = findStorageClass(index, name);
  if (!storageClass) return { state: 'unknown' };
  return storageClassVerdict(storageClass, allowances);
}

/** Judges a StorageClass object, as `classVerdict` does. */
export function storageClassVerdict(
  storageClass: K8sObject,
  allowances: EncryptionAllowances,
): ClassVerdict {
  const name = storageClass.name ?? '';
  const provisioner = stringOf(storageClass.get(['provisioner'])) ?? '';
  if (allowances.classes.includes(name) || allowances.provisioners.includes(provisioner)) {
    return { state: 'encrypted', storageClass };
  }
  if (ALWAYS_ENCRYPTED_PROVISIONERS.has(provisioner)) return { state: 'encrypted', storageClass };

  if (ENCRYPTED_PARAMETER_PROVISIONERS.has(provisioner)) {
    const encrypted = recordOf(storageClass.get(['parameters'])).encrypted;
    // An unquoted `true` is rejected by the API server; the StorageClass rule reports the quoting,
    // so volumes are judged by what the author meant.
    if (isGoTrue(encrypted) || encrypted === true) return { state: 'encrypted', storageClass };
    const reason =
      encrypted === undefined
        ? `provisioner "${provisioner}" encrypts only with parameters.encrypted: "true", which the class does not set`
        : `its parameters.encrypted is ${JSON.stringify(encrypted)}`;
    return { state: 'unencrypted', storageClass, reason };
  }

  return {
    state: 'unencrypted',
    storageClass,
    reason: `kubeharden sees no encryption setting for provisioner "${provisioner}"`,
  };
}
