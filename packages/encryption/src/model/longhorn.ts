import type { K8sObject, ObjectIndex } from '@kubeharden/core';

import { findSecret } from './secrets.js';
import { isStorageClass, LONGHORN_PROVISIONER } from './storage.js';
import { isGoTrue, recordOf } from './values.js';

/** The CSI operations whose Secret a StorageClass can name, as parameter-name prefixes. */
export const CSI_SECRET_OPERATIONS = [
  'provisioner',
  'node-stage',
  'node-publish',
  'node-expand',
  'controller-publish',
  'controller-expand',
] as const;
export type CsiSecretOperation = (typeof CSI_SECRET_OPERATIONS)[number];

/** Parameter names of the Secret reference for one CSI operation. */
export function secretParameterNames(operation: CsiSecretOperation): {
  name: string;
  namespace: string;
} {
  return {
    name: `csi.storage.k8s.io/${operation}-secret-name`,
    namespace: `csi.storage.k8s.io/${operation}-secret-namespace`,
  };
}

export function isLonghornClass(object: K8sObject): boolean {
  return isStorageClass(object) && object.get(['provisioner']) === LONGHORN_PROVISIONER;
}

/** True for a Longhorn class that requests encryption, with or without the required quoting. */
export function isEncryptedLonghornClass(object: K8sObject): boolean {
  const encrypted = recordOf(object.get(['parameters'])).encrypted;
  return isLonghornClass(object) && (isGoTrue(encrypted) || encrypted === true);
}

/** A Secret reference of a StorageClass with fixed name and namespace, so it can be looked up. */
export interface KeySecretReference {
  readonly name: string;
  readonly namespace: string;
  /** The parameter that names the Secret, for locating findings. */
  readonly parameter: string;
}

// `${pvc.name}` and similar templates are resolved by the external provisioner per volume.
const TEMPLATE = /\$\{[^}]*\}/;

/**
 * Lists the key Secrets of an encrypted Longhorn class that the manifests can contain: references
 * whose name and namespace are both fixed strings, once per Secret, node-stage first because that
 * is the Secret that opens the encrypted device.
 */
export function keySecretReferences(storageClass: K8sObject): KeySecretReference[] {
  const parameters = recordOf(storageClass.get(['parameters']));
  const order: CsiSecretOperation[] = ['node-stage', 'node-publish', 'node-expand', 'provisioner'];
  const references: KeySecretReference[] = [];
  for (const operation of order) {
    const names = secretParameterNames(operation);
    const name = parameters[names.name];
    const namespace = parameters[names.namespace];
    if (
      typeof name !== 'string' ||
      typeof namespace !== 'string' ||
      name === '' ||
      namespace === ''
    )
      continue;
    if (TEMPLATE.test(name) || TEMPLATE.test(namespace)) continue;
    if (
      references.some((reference) => reference.name === name && reference.namespace === namespace)
    )
      continue;
    references.push({ name, namespace, parameter: names.name });
  }
  return references;
}

/** A key Secret in the manifests with the encrypted Longhorn classes that use it. */
export interface KeySecretUse {
  readonly secret: K8sObject;
  readonly storageClasses: readonly K8sObject[];
}

/** Finds, in the manifests, the Secrets that encrypted Longhorn classes use as keys. */
export function keySecretUses(index: ObjectIndex): KeySecretUse[] {
  const uses = new Map<K8sObject, K8sObject[]>();
  for (const storageClass of index.ofKind('StorageClass')) {
    if (!isEncryptedLonghornClass(storageClass)) continue;
    for (const reference of keySecretReferences(storageClass)) {
      const secret = findSecret(index, reference.namespace, reference.name);
      if (!secret) continue;
      const classes = uses.get(secret) ?? [];
      if (!classes.includes(storageClass)) classes.push(storageClass);
      uses.set(secret, classes);
    }
  }
  return [...uses].map(([secret, storageClasses]) => ({ secret, storageClasses }));
}

/** `"name"` or `"name" and 2 other classes`, for messages about a Secret shared by classes. */
export function describeClasses(storageClasses: readonly K8sObject[]): string {
  const first = `StorageClass "${storageClasses[0]?.name ?? ''}"`;
  const others = storageClasses.length - 1;
  if (others <= 0) return first;
  return `${first} and ${others} other ${others === 1 ? 'class' : 'classes'}`;
}
