import { BARMAN_CLOUD_PLUGIN } from '../model/cnpg.js';
import {
  validateCron,
  validateHttpsUrl,
  validateName,
  validateNamespace,
  validateOneOf,
} from './validate.js';

export type S3Encryption = 'aws:kms' | 'AES256';

export interface BarmanObjectStoreOptions {
  /** `s3://bucket/path` where base backups and WAL go. */
  readonly destinationPath: string;
  /** Endpoint of an S3-compatible store; must be https. Leave out for AWS S3. */
  readonly endpointURL?: string;
  /** Secret with ACCESS_KEY_ID and ACCESS_SECRET_KEY; leave out to use the pod's IAM role. */
  readonly credentialsSecret?: string;
  readonly encryption?: S3Encryption;
}

/**
 * Builds the barman object store configuration shared by Cluster.spec.backup.barmanObjectStore and
 * the Barman Cloud plugin's ObjectStore.spec.configuration, with S3 server-side encryption for
 * both base backups and WAL files.
 */
export function barmanObjectStoreConfiguration(
  options: BarmanObjectStoreOptions,
): Record<string, unknown> {
  if (
    typeof options.destinationPath !== 'string' ||
    !/^s3:\/\/[^/\s]+/.test(options.destinationPath)
  ) {
    throw new Error(
      `Invalid destinationPath ${JSON.stringify(options.destinationPath)}: use an S3 URL such as "s3://backups/postgres".`,
    );
  }
  const encryption = validateOneOf('encryption', options.encryption ?? 'aws:kms', [
    'aws:kms',
    'AES256',
  ]);
  const credentials =
    options.credentialsSecret === undefined
      ? { inheritFromIAMRole: true }
      : {
          accessKeyId: {
            name: validateName('credentialsSecret', options.credentialsSecret),
            key: 'ACCESS_KEY_ID',
          },
          secretAccessKey: { name: options.credentialsSecret, key: 'ACCESS_SECRET_KEY' },
        };
  return {
    destinationPath: options.destinationPath,
    ...(options.endpointURL === undefined
      ? {}
      : { endpointURL: validateHttpsUrl('endpointURL', options.endpointURL) }),
    s3Credentials: credentials,
    data: { compression: 'gzip', encryption },
    wal: { compression: 'gzip', encryption },
  };
}

export interface CnpgObjectStoreOptions extends BarmanObjectStoreOptions {
  readonly name: string;
  readonly namespace: string;
  /** Days of backups to keep, as barman's recovery window. */
  readonly retentionDays?: number;
}

/** Builds a Barman Cloud plugin ObjectStore with encrypted base backups and WAL. */
export function cnpgObjectStore(options: CnpgObjectStoreOptions): Record<string, unknown> {
  const retention = options.retentionDays ?? 30;
  if (!Number.isInteger(retention) || retention < 1) {
    throw new Error(
      `Invalid retentionDays ${JSON.stringify(retention)}: use a whole number of days of at least 1.`,
    );
  }
  return {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: {
      name: validateName('ObjectStore name', options.name),
      namespace: validateNamespace('namespace', options.namespace),
    },
    spec: {
      retentionPolicy: `${retention}d`,
      configuration: barmanObjectStoreConfiguration(options),
    },
  };
}

/** Builds the Cluster spec.plugins entry that archives WAL and takes backups through an ObjectStore. */
export function cnpgBackupPlugin(objectStoreName: string): Record<string, unknown> {
  return {
    name: BARMAN_CLOUD_PLUGIN,
    isWALArchiver: true,
    parameters: { barmanObjectName: validateName('ObjectStore name', objectStoreName) },
  };
}

export interface CnpgTlsOptions {
  /** Secret of type kubernetes.io/tls with the server certificate, for example from cert-manager. */
  readonly serverTLSSecret?: string;
  /** Secret with the CA that signed the server certificate (key ca.crt), or with ca.key to let CloudNativePG issue one. */
  readonly serverCASecret?: string;
  /** Lowest TLS version accepted; CloudNativePG defaults to TLSv1.3. */
  readonly minimumVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Authentication for hostssl connections: passwords over TLS or client certificates. */
  readonly authentication?: 'scram-sha-256' | 'cert';
}

/**
 * Builds the Cluster spec fields that enforce TLS: the minimum protocol version, a pg_hba that
 * rejects plain-text TCP before CloudNativePG's default `host` record, and optional certificates.
 */
export function cnpgTlsSettings(options: CnpgTlsOptions = {}): Record<string, unknown> {
  const minimumVersion = validateOneOf('minimumVersion', options.minimumVersion ?? 'TLSv1.3', [
    'TLSv1.2',
    'TLSv1.3',
  ]);
  const authentication = validateOneOf(
    'authentication',
    options.authentication ?? 'scram-sha-256',
    ['scram-sha-256', 'cert'],
  );
  const certificates: Record<string, string> = {};
  if (options.serverTLSSecret !== undefined)
    certificates.serverTLSSecret = validateName('serverTLSSecret', options.serverTLSSecret);
  if (options.serverCASecret !== undefined)
    certificates.serverCASecret = validateName('serverCASecret', options.serverCASecret);
  if (certificates.serverTLSSecret !== undefined && certificates.serverCASecret === undefined) {
    throw new Error(
      `Invalid certificates: serverTLSSecret ${JSON.stringify(certificates.serverTLSSecret)} needs serverCASecret too, because clients verify the server certificate against that CA.`,
    );
  }
  return {
    postgresql: {
      parameters: { ssl_min_protocol_version: minimumVersion },
      pg_hba: ['hostnossl all all all reject', `hostssl all all all ${authentication}`],
    },
    ...(Object.keys(certificates).length > 0 ? { certificates } : {}),
  };
}

export interface CnpgScheduledBackupOptions {
  readonly name: string;
  readonly namespace: string;
  readonly clusterName: string;
  /** Six-field cron with seconds first; defaults to 02:00:00 every day. */
  readonly schedule?: string;
  /** `plugin` for the Barman Cloud plugin (default), `barmanObjectStore` for in-tree backups. */
  readonly method?: 'plugin' | 'barmanObjectStore' | 'volumeSnapshot';
}

/** Builds a ScheduledBackup that takes a daily base backup of a cluster. */
export function cnpgScheduledBackup(options: CnpgScheduledBackupOptions): Record<string, unknown> {
  const method = validateOneOf('method', options.method ?? 'plugin', [
    'plugin',
    'barmanObjectStore',
    'volumeSnapshot',
  ]);
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: {
      name: validateName('ScheduledBackup name', options.name),
      namespace: validateNamespace('namespace', options.namespace),
    },
    spec: {
      schedule: validateCron('schedule', options.schedule ?? '0 0 2 * * *', 6),
      backupOwnerReference: 'self',
      cluster: { name: validateName('cluster name', options.clusterName) },
      method,
      ...(method === 'plugin' ? { pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN } } : {}),
    },
  };
}
