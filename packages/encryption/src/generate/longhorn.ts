import { secretParameterNames, type CsiSecretOperation } from '../model/longhorn.js';
import { LONGHORN_PROVISIONER } from '../model/storage.js';
import {
  KEY_PLACEHOLDER,
  validateName,
  validateNamespace,
  validateOneOf,
  validatePositiveInteger,
} from './validate.js';

export interface LonghornEncryptedStorageClassOptions {
  readonly name: string;
  /** Name of the key Secret shared by all volumes of the class; ignored with `perVolumeKeys`. */
  readonly secretName?: string;
  /** Namespace of the key Secret; defaults to longhorn-system. */
  readonly secretNamespace?: string;
  /**
   * One key Secret per volume, named after the PVC in the PVC's namespace (`${pvc.name}`). The
   * generator then returns no Secret, because each volume needs its own.
   */
  readonly perVolumeKeys?: boolean;
  readonly numberOfReplicas?: number;
  /** `argon2id` by default; `pbkdf2` where FIPS 140 mode forbids Argon2. */
  readonly pbkdf?: 'argon2id' | 'pbkdf2';
  /** Marks the class as the cluster default. */
  readonly isDefault?: boolean;
}

export interface LonghornEncryption {
  readonly storageClass: Record<string, unknown>;
  /** Template of the key Secret; replace the placeholder of CRYPTO_KEY_VALUE before applying. */
  readonly keySecret?: Record<string, unknown>;
}

// The kubelet reads the node-stage and node-publish Secrets to open and mount the volume, and the
// node-expand Secret for online expansion. Longhorn 1.13 no longer needs the provisioner Secret.
const OPERATIONS: readonly CsiSecretOperation[] = ['node-stage', 'node-publish', 'node-expand'];

/**
 * Builds a Longhorn StorageClass that encrypts its volumes with dm-crypt, and the template of its
 * key Secret. The key is a placeholder: generate it with `openssl rand -base64 32` and keep it out
 * of version control.
 */
export function longhornEncryptedStorageClass(
  options: LonghornEncryptedStorageClassOptions,
): LonghornEncryption {
  const name = validateName('StorageClass name', options.name);
  const perVolume = options.perVolumeKeys ?? false;
  const secretName = perVolume
    ? '${pvc.name}'
    : validateName('secret name', options.secretName ?? `${name}-key`);
  const secretNamespace = perVolume
    ? '${pvc.namespace}'
    : validateNamespace('secret namespace', options.secretNamespace ?? 'longhorn-system');
  const replicas = validatePositiveInteger('numberOfReplicas', options.numberOfReplicas ?? 3);
  const pbkdf = validateOneOf('pbkdf', options.pbkdf ?? 'argon2id', ['argon2id', 'pbkdf2']);

  const parameters: Record<string, string> = {
    numberOfReplicas: String(replicas),
    staleReplicaTimeout: '2880',
    encrypted: 'true',
  };
  for (const operation of OPERATIONS) {
    const names = secretParameterNames(operation);
    parameters[names.name] = secretName;
    parameters[names.namespace] = secretNamespace;
  }

  const storageClass: Record<string, unknown> = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      ...(options.isDefault
        ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }
        : {}),
    },
    provisioner: LONGHORN_PROVISIONER,
    allowVolumeExpansion: true,
    // Retain keeps the volume when its claim is deleted, so health data is not lost by accident.
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    parameters,
  };
  if (perVolume) return { storageClass };

  const stringData: Record<string, string> = {
    CRYPTO_KEY_VALUE: KEY_PLACEHOLDER,
    CRYPTO_KEY_PROVIDER: 'secret',
    CRYPTO_KEY_CIPHER: 'aes-xts-plain64',
    CRYPTO_KEY_HASH: 'sha256',
    // XTS splits the key in two, so 512 bits give AES-256.
    CRYPTO_KEY_SIZE: '512',
    CRYPTO_PBKDF: pbkdf,
  };
  if (pbkdf === 'pbkdf2') stringData.CRYPTO_PBKDF_FORCE_ITERATIONS = '600000';

  const keySecret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace: secretNamespace },
    type: 'Opaque',
    stringData,
  };
  return { storageClass, keySecret };
}
