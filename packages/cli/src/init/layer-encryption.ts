import type { ObjectIndex } from '@kubeharden/core';
import {
  cnpgBackupPlugin,
  cnpgObjectStore,
  cnpgScheduledBackup,
  encryptionConfiguration,
  longhornEncryptedStorageClass,
  veleroBackupStorageLocation,
  veleroSchedule,
} from '@kubeharden/encryption';

import type { LayerFile, ObjectEdit } from './layer.js';
import { listOf, recordOf, type InitOptions, type Inference } from './model.js';
import { CRYPTO_KEY_PLACEHOLDER, namespaceValue, type LayerValues } from './values.js';

/** True when a workload or claim of the covered namespaces stores data on a volume. */
function usesVolumes(objects: ObjectIndex, inference: Inference): boolean {
  const covered = new Set(inference.coveredNamespaces);
  const claims = objects
    .ofKind('PersistentVolumeClaim')
    .some((claim) => claim.namespace !== undefined && covered.has(claim.namespace));
  const templates = inference.workloads.some(
    (workload) =>
      !workload.hasPodTemplate ||
      listOf(workload.object.get(['spec', 'volumeClaimTemplates'])).length > 0 ||
      listOf(workload.object.get([...(workload.object.podTemplate?.spec ?? []), 'volumes'])).some(
        (volume) => recordOf(volume).ephemeral !== undefined,
      ),
  );
  return claims || templates;
}

/**
 * Builds the encryption files: the API server's EncryptionConfiguration, an encrypted
 * StorageClass when the application stores data on volumes, and encrypted backups when asked.
 */
export function encryptionFiles(
  objects: ObjectIndex,
  inference: Inference,
  options: InitOptions,
  values: LayerValues,
  edits: ObjectEdit[],
  notes: string[],
): LayerFile[] {
  const files: LayerFile[] = [
    {
      path: 'encryption/encryption-configuration.yaml',
      objects: [
        encryptionConfiguration({
          provider: 'kms',
          kms: { name: 'kms-provider', endpoint: values.kmsEndpoint },
        }),
      ],
      comment: [
        'Encrypts Secrets in etcd with a KMS v2 plugin, whose socket the API server reaches at the endpoint below.',
      ],
      resource: false,
      usage: 'pass it to kube-apiserver with --encryption-provider-config',
    },
  ];

  if (usesVolumes(objects, inference) && !options.existingStorageClass) {
    const longhorn = longhornEncryptedStorageClass({ name: values.storageClass });
    files.push({
      path: 'encryption/storageclass.yaml',
      objects: [longhorn.storageClass],
      comment: [
        'A Longhorn StorageClass that encrypts its volumes; its key Secret is in longhorn-key-secret.yaml.template.',
      ],
      resource: true,
    });
    if (longhorn.keySecret !== undefined) {
      const secret = longhorn.keySecret as { stringData: Record<string, string> };
      files.push({
        path: 'encryption/longhorn-key-secret.yaml',
        objects: [
          {
            ...longhorn.keySecret,
            stringData: { ...secret.stringData, CRYPTO_KEY_VALUE: CRYPTO_KEY_PLACEHOLDER.sentinel },
          },
        ],
        comment: [
          'Key Secret of the encrypted StorageClass. Fill ${CRYPTO_KEY_VALUE} with a new random passphrase and apply it',
          'before the first volume is created, for example:',
          '  CRYPTO_KEY_VALUE="$(openssl rand -base64 32)" envsubst < longhorn-key-secret.yaml.template | kubectl apply -f -',
          'Keep the filled file and the key out of version control; without the key the volumes cannot be read.',
        ],
        resource: false,
        usage: 'fill in the key as its comment describes and apply it yourself',
        templateOnly: true,
      });
    }
  } else if (options.existingStorageClass) {
    notes.push(
      `storage: volumes use the existing StorageClass ${options.storageClass}, which must encrypt them; none is generated`,
    );
  }

  const backups = backupFiles(inference, options, values, edits);
  if (backups.length > 0) files.push(...backups);
  else
    notes.push(
      'backups: none generated; give --backup-bucket and --backup-region for encrypted Velero (and CloudNativePG) backups',
    );
  return files;
}

function backupFiles(
  inference: Inference,
  options: InitOptions,
  values: LayerValues,
  edits: ObjectEdit[],
): LayerFile[] {
  const bucket = values.backupBucket;
  const region = values.backupRegion;
  if (bucket === undefined) return [];
  const files: LayerFile[] = [];

  if (region !== undefined) {
    const location = `${values.namespace}-backups`;
    files.push({
      path: 'encryption/backup.yaml',
      objects: [
        veleroBackupStorageLocation({
          name: location,
          bucket,
          region,
          prefix: values.namespace,
          ...(options.backupKmsKeyId === undefined ? {} : { kmsKeyId: options.backupKmsKeyId }),
        }),
        veleroSchedule({
          name: `${values.namespace}-daily`,
          includedNamespaces: inference.coveredNamespaces.map((namespace) =>
            namespaceValue(namespace, inference, values),
          ),
          storageLocation: location,
        }),
      ],
      comment: [
        'Daily Velero backups of the covered namespaces, with their volume data, encrypted by S3 server-side encryption.',
      ],
      resource: true,
    });
  }

  const clusters = inference.databases.filter((database) => database.cloudNativePg);
  if (clusters.length > 0) {
    files.push({
      path: 'encryption/postgres-backup.yaml',
      objects: clusters.flatMap((database) => {
        const name = database.workload.name;
        return [
          cnpgObjectStore({
            name: `${name}-backups`,
            namespace: values.namespace,
            destinationPath: `s3://${bucket}/${name}`,
            encryption: 'aws:kms',
          }),
          cnpgScheduledBackup({
            name: `${name}-daily`,
            namespace: values.namespace,
            clusterName: name,
            method: 'plugin',
          }),
        ];
      }),
      comment: [
        'Base backups and WAL of the CloudNativePG clusters, encrypted by S3 server-side encryption with KMS.',
      ],
      resource: true,
    });
    for (const database of clusters) {
      const plugin = cnpgBackupPlugin(`${database.workload.name}-backups`);
      const plugins = listOf(database.workload.object.get(['spec', 'plugins']));
      if (plugins.some((entry) => recordOf(entry).name === plugin.name)) continue;
      edits.push({
        object: database.workload.object,
        path: ['spec', 'plugins', plugins.length],
        value: plugin,
        reason: 'backups',
      });
    }
  }
  return files;
}
