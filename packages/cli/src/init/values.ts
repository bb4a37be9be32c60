import type { InitOptions, Inference } from './model.js';

/**
 * Values of the layer that differ between environments. With `--templates` they are sentinels
 * that pass the generators' validation and become `${NAME}` placeholders in the written text.
 */
export interface LayerValues {
  readonly namespace: string;
  readonly gatewayNamespace?: string;
  readonly storageClass: string;
  readonly backupBucket?: string;
  readonly backupRegion?: string;
  readonly kmsEndpoint: string;
}

export interface Placeholder {
  /** Name in `${NAME}` form, without the braces. */
  readonly name: string;
  /** A value no manifest contains that is valid wherever the placeholder goes. */
  readonly sentinel: string;
  readonly description: string;
}

const NAMESPACE: Placeholder = {
  name: 'NAMESPACE',
  sentinel: 'kubeharden-placeholder-namespace',
  description: 'namespace of the application',
};
const GATEWAY_NAMESPACE: Placeholder = {
  name: 'GATEWAY_NAMESPACE',
  sentinel: 'kubeharden-placeholder-gateway-namespace',
  description: 'namespace of the gateway',
};
const STORAGE_CLASS: Placeholder = {
  name: 'STORAGE_CLASS',
  sentinel: 'kubeharden-placeholder-storage-class',
  description: 'name of the encrypted StorageClass',
};
const BACKUP_BUCKET: Placeholder = {
  name: 'BACKUP_BUCKET',
  sentinel: 'kubeharden-placeholder-backup-bucket',
  description: 'S3 bucket of the backups',
};
// The region must look like an AWS region to pass validation: two letters, words, a number.
const BACKUP_REGION: Placeholder = {
  name: 'BACKUP_REGION',
  sentinel: 'kh-placeholder-region-0',
  description: 'AWS region of the backup bucket',
};
const KMS_ENDPOINT: Placeholder = {
  name: 'KMS_ENDPOINT',
  sentinel: 'unix:///kubeharden-placeholder-kms-endpoint',
  description: 'unix socket of the KMS v2 plugin',
};

/** The key of the Longhorn key Secret, which is always a placeholder. */
export const CRYPTO_KEY_PLACEHOLDER: Placeholder = {
  name: 'CRYPTO_KEY_VALUE',
  sentinel: 'kubeharden-placeholder-crypto-key',
  description: 'passphrase of the encrypted volumes, such as the output of openssl rand -base64 32',
};

export const PLACEHOLDERS: readonly Placeholder[] = [
  NAMESPACE,
  GATEWAY_NAMESPACE,
  STORAGE_CLASS,
  BACKUP_BUCKET,
  BACKUP_REGION,
  KMS_ENDPOINT,
  CRYPTO_KEY_PLACEHOLDER,
];

/** Returns the values the layer is built from: the real ones, or sentinels with `--templates`. */
export function layerValues(inference: Inference, options: InitOptions): LayerValues {
  const gatewayNamespace = inference.gateway?.namespace;
  if (!options.templates) {
    return {
      namespace: options.namespace,
      ...(gatewayNamespace === undefined ? {} : { gatewayNamespace }),
      storageClass: options.storageClass,
      ...(options.backupBucket === undefined ? {} : { backupBucket: options.backupBucket }),
      ...(options.backupRegion === undefined ? {} : { backupRegion: options.backupRegion }),
      kmsEndpoint: options.kmsEndpoint,
    };
  }

  // A gateway in the application's namespace shares its placeholder.
  const gatewaySentinel =
    gatewayNamespace === options.namespace ? NAMESPACE.sentinel : GATEWAY_NAMESPACE.sentinel;
  return {
    namespace: NAMESPACE.sentinel,
    ...(gatewayNamespace === undefined ? {} : { gatewayNamespace: gatewaySentinel }),
    storageClass: STORAGE_CLASS.sentinel,
    backupBucket: BACKUP_BUCKET.sentinel,
    backupRegion: BACKUP_REGION.sentinel,
    kmsEndpoint: KMS_ENDPOINT.sentinel,
  };
}

/** Replaces the sentinels in a text with `${NAME}` and returns the placeholders it used. */
export function fillPlaceholders(text: string): { text: string; used: Placeholder[] } {
  let result = text;
  const used: Placeholder[] = [];
  for (const placeholder of PLACEHOLDERS) {
    if (!result.includes(placeholder.sentinel)) continue;
    result = result.split(placeholder.sentinel).join(`\${${placeholder.name}}`);
    used.push(placeholder);
  }
  return { text: result, used };
}

/** Maps a namespace of the manifests to its value in the layer. */
export function namespaceValue(
  namespace: string,
  inference: Inference,
  values: LayerValues,
): string {
  if (namespace === inference.namespace) return values.namespace;
  if (namespace === inference.gateway?.namespace && values.gatewayNamespace !== undefined)
    return values.gatewayNamespace;
  return namespace;
}
