import {
  validateCron,
  validateDuration,
  validateHttpsUrl,
  validateList,
  validateName,
  validateNamespace,
} from './validate.js';

export interface BackupStorageLocationOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly bucket: string;
  readonly prefix?: string;
  readonly region: string;
  /** KMS key id, ARN or alias/<name>; without it objects use SSE-S3 (AES256). */
  readonly kmsKeyId?: string;
  /** Endpoint of an S3-compatible store; must be https. */
  readonly s3Url?: string;
  /** Secret and key holding the credentials file of the plugin. */
  readonly credential?: { readonly name: string; readonly key: string };
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Builds a BackupStorageLocation for velero-plugin-for-aws that requests S3 encryption of every object:
 * with the KMS key when given (which implies aws:kms), otherwise with S3-managed keys.
 */
export function veleroBackupStorageLocation(
  options: BackupStorageLocationOptions,
): Record<string, unknown> {
  if (typeof options.bucket !== 'string' || !BUCKET.test(options.bucket)) {
    throw new Error(
      `Invalid bucket ${JSON.stringify(options.bucket)}: use an S3 bucket name of 3 to 63 lower-case letters, digits, "." and "-".`,
    );
  }
  if (typeof options.region !== 'string' || !REGION.test(options.region)) {
    throw new Error(
      `Invalid region ${JSON.stringify(options.region)}: use an AWS region such as "us-east-1".`,
    );
  }
  if (
    options.kmsKeyId !== undefined &&
    (typeof options.kmsKeyId !== 'string' || options.kmsKeyId.trim() === '')
  ) {
    throw new Error(
      `Invalid kmsKeyId ${JSON.stringify(options.kmsKeyId)}: use a key id, a key ARN or "alias/<name>".`,
    );
  }

  const config: Record<string, string> = { region: options.region };
  if (options.kmsKeyId !== undefined) config.kmsKeyId = options.kmsKeyId;
  else config.serverSideEncryption = 'AES256';
  if (options.s3Url !== undefined) {
    config.s3Url = validateHttpsUrl('s3Url', options.s3Url);
    config.s3ForcePathStyle = 'true';
  }

  return {
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: {
      name: validateName('BackupStorageLocation name', options.name ?? 'default'),
      namespace: validateNamespace('namespace', options.namespace ?? 'velero'),
    },
    spec: {
      provider: 'velero.io/aws',
      objectStorage: {
        bucket: options.bucket,
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      },
      ...(options.credential === undefined
        ? {}
        : {
            credential: {
              name: validateName('credential name', options.credential.name),
              key: options.credential.key,
            },
          }),
      config,
    },
  };
}

export interface ScheduleOptions {
  readonly name: string;
  readonly namespace?: string;
  /** Namespaces to back up; each may use * wildcards. */
  readonly includedNamespaces: readonly string[];
  /** Five-field cron; defaults to 01:00 every day. */
  readonly schedule?: string;
  /** How long backups are kept, as a Go duration; defaults to 30 days. */
  readonly ttl?: string;
  readonly storageLocation?: string;
}

/** Builds a Velero Schedule that backs up the given namespaces, with volume data, every day. */
export function veleroSchedule(options: ScheduleOptions): Record<string, unknown> {
  const ttl = options.ttl ?? '720h0m0s';
  validateDuration('ttl', ttl, 3600);
  const namespaces = validateList('includedNamespaces', options.includedNamespaces, (namespace) => {
    if (namespace !== '*' && !/^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$/.test(namespace)) {
      throw new Error(
        `Invalid namespace ${JSON.stringify(namespace)}: use a namespace name, optionally with * wildcards.`,
      );
    }
  });

  return {
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: {
      name: validateName('Schedule name', options.name),
      namespace: validateNamespace('namespace', options.namespace ?? 'velero'),
    },
    spec: {
      schedule: validateCron('schedule', options.schedule ?? '0 1 * * *', 5),
      useOwnerReferencesInBackup: false,
      template: {
        includedNamespaces: [...namespaces],
        ttl,
        // Copies CSI snapshot data into the backup store, so volume data leaves the cluster too.
        snapshotMoveData: true,
        ...(options.storageLocation === undefined
          ? {}
          : { storageLocation: validateName('storageLocation', options.storageLocation) }),
      },
    },
  };
}
