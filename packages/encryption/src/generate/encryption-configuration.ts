import {
  KEY_PLACEHOLDER,
  validateDuration,
  validateList,
  validateName,
  validateOneOf,
} from './validate.js';

export interface KmsProviderOptions {
  /** Name of the KMS plugin; unique across the configuration. */
  readonly name: string;
  /** gRPC endpoint of the plugin, such as unix:///var/run/kmsplugin/socket.sock. */
  readonly endpoint: string;
  /** Timeout of calls to the plugin, as a Go duration; defaults to 3s. */
  readonly timeout?: string;
}

export interface EncryptionConfigurationOptions {
  /** `kms` (KMS v2, recommended) or `aescbc` with a key kept in the file. */
  readonly provider: 'kms' | 'aescbc';
  readonly kms?: KmsProviderOptions;
  /** Resources to encrypt; defaults to secrets. */
  readonly resources?: readonly string[];
  /**
   * Keeps identity as the last provider so Secrets written before encryption was turned on stay
   * readable until they are rewritten; defaults to true.
   */
  readonly readUnencrypted?: boolean;
}

const RESOURCE = /^(\*\.\*|\*\.[a-z0-9.-]*|[a-z0-9-]+(\.[a-z0-9.-]+)?)$/;

/**
 * Builds an EncryptionConfiguration for kube-apiserver --encryption-provider-config. With aescbc
 * the key is a placeholder: generate it with `head -c 32 /dev/urandom | base64`.
 */
export function encryptionConfiguration(
  options: EncryptionConfigurationOptions,
): Record<string, unknown> {
  const provider = validateOneOf('provider', options.provider, ['kms', 'aescbc']);
  const resources = validateList('resources', options.resources ?? ['secrets'], (resource) => {
    if (typeof resource !== 'string' || !RESOURCE.test(resource)) {
      throw new Error(
        `Invalid resource ${JSON.stringify(resource)}: use a plural resource such as "secrets", "*.apps" or "*.*".`,
      );
    }
  });

  if (
    !resources.some((resource) => resource === 'secrets' || resource === '*.' || resource === '*.*')
  ) {
    throw new Error(
      `Invalid resources ${JSON.stringify(resources)}: include "secrets" (or "*." or "*.*"), the resource this configuration exists for.`,
    );
  }

  let first: Record<string, unknown>;
  if (provider === 'kms') {
    const kms = options.kms;
    if (!kms)
      throw new Error('Missing kms options: give the plugin name and endpoint for provider "kms".');
    if (typeof kms.endpoint !== 'string' || !/^unix:\/\/\/\S+$/.test(kms.endpoint)) {
      throw new Error(
        `Invalid kms endpoint ${JSON.stringify(kms.endpoint)}: use a unix socket such as "unix:///var/run/kmsplugin/socket.sock".`,
      );
    }
    const timeout = kms.timeout ?? '3s';
    validateDuration('kms timeout', timeout, 1);
    first = {
      kms: {
        apiVersion: 'v2',
        name: validateName('kms name', kms.name),
        endpoint: kms.endpoint,
        timeout,
      },
    };
  } else {
    first = { aescbc: { keys: [{ name: 'key1', secret: KEY_PLACEHOLDER }] } };
  }

  const providers = [first, ...((options.readUnencrypted ?? true) ? [{ identity: {} }] : [])];
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [{ resources: [...resources], providers }],
  };
}
