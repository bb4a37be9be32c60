import { defineRule, type K8sObject, type Path, type RuleContext } from '@kubeharden/core';

import {
  clustersUsingObjectStore,
  isCnpgCluster,
  isObjectStore,
  isS3Store,
  isScheduledBackup,
  pluginObjectStoreNames,
} from '../model/cnpg.js';
import { isHealthData } from '../model/scope.js';
import { compact, recordOf, setField, show } from '../model/values.js';
import { BACKUP_ENCRYPTION, BACKUP_PLAN, BARMAN_PLUGIN, CLOUDNATIVE_PG } from './sections.js';

const IN_TREE_STORE: Path = ['spec', 'backup', 'barmanObjectStore'];
const PLUGIN_STORE: Path = ['spec', 'configuration'];
const ENCRYPTION_VALUES = new Set(['AES256', 'aws:kms']);

export const requirePostgresBackupEncryption = defineRule({
  id: 'require-postgres-backup-encryption',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Backups of CloudNativePG clusters that hold health data ask S3 to encrypt both base backups and WAL files.',
    remediation:
      'Set data.encryption and wal.encryption to "aws:kms" (or "AES256") in spec.backup.barmanObjectStore of the Cluster, or in spec.configuration of the Barman Cloud ObjectStore.',
    rationale:
      'Base backups and archived WAL contain every row of the database. barman-cloud sends S3 server-side encryption headers only when data.encryption and wal.encryption are set; otherwise objects are encrypted only if the bucket policy says so, which the manifests cannot show, and S3-compatible stores often do not encrypt at all. Written against ' +
      CLOUDNATIVE_PG +
      ' and ' +
      BARMAN_PLUGIN +
      ', which share the barmanObjectStore schema; the encryption field applies to S3 only, so Azure and Google Cloud stores are not checked.',
    hipaa: BACKUP_ENCRYPTION,
    fixable: 'suggestion',
    kinds: ['Cluster', 'ObjectStore', 'Namespace'],
    limitations: [
      'Encryption enforced by the bucket policy is not visible in the manifests; such stores still get a finding, which a suppression with a reason can accept.',
    ],
  },
  create(context) {
    return {
      object(object) {
        if (isCnpgCluster(object)) {
          const store = object.get(IN_TREE_STORE);
          if (store === undefined || !isHealthData(context, object)) return;
          checkStore(
            context,
            object,
            IN_TREE_STORE,
            `CloudNativePG Cluster "${object.name ?? ''}"`,
          );
        } else if (isObjectStore(object)) {
          const users = clustersUsingObjectStore(context.objects, object);
          const inScope =
            users.length > 0
              ? users.some((cluster) => isHealthData(context, cluster))
              : isHealthData(context, object);
          if (inScope)
            checkStore(context, object, PLUGIN_STORE, `ObjectStore "${object.name ?? ''}"`);
        }
      },
    };
  },
});

function checkStore(
  context: RuleContext,
  object: K8sObject,
  storePath: Path,
  subject: string,
): void {
  const configuration = recordOf(object.get(storePath));
  if (!isS3Store(configuration)) return;

  for (const part of ['data', 'wal'] as const) {
    const path = [...storePath, part, 'encryption'];
    const value = object.get(path);
    if (typeof value === 'string' && ENCRYPTION_VALUES.has(value)) continue;
    const contents = part === 'data' ? 'base backups' : 'WAL files';
    const problem =
      value === undefined
        ? `does not set ${part}.encryption`
        : `sets ${part}.encryption to ${show(value)}`;
    context.report({
      object,
      path,
      message: `${subject} ${problem}, so its ${contents} are stored unencrypted unless the bucket enforces encryption; set it to "aws:kms" or "AES256".`,
      suggestions: compact([
        setField(object, path, 'aws:kms', `Set ${part}.encryption to "aws:kms"`),
        setField(object, path, 'AES256', `Set ${part}.encryption to "AES256"`),
      ]),
    });
  }
}

export const requirePostgresScheduledBackup = defineRule({
  id: 'require-postgres-scheduled-backup',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Every CloudNativePG cluster that holds health data has a ScheduledBackup that is not suspended.',
    remediation:
      'Add a ScheduledBackup in the cluster namespace with spec.cluster.name set to the cluster and a backup target (barmanObjectStore, the Barman Cloud plugin or volume snapshots) configured on the cluster.',
    rationale:
      'A HIPAA data backup plan needs retrievable exact copies of health data. CloudNativePG takes base backups only when a Backup or ScheduledBackup asks for one; continuous WAL archiving alone cannot restore a cluster without a base backup. Written against ' +
      CLOUDNATIVE_PG +
      ', whose ScheduledBackup uses a six-field cron schedule with seconds.',
    hipaa: BACKUP_PLAN,
    kinds: ['Cluster', 'ScheduledBackup', 'Namespace'],
    limitations: [
      'Replica clusters (spec.replica.enabled: true) are skipped, because their source cluster is the one to back up.',
      'Backups taken by other tools, such as Velero snapshots of the volumes, are not counted.',
    ],
  },
  create(context) {
    return {
      object(object) {
        if (isScheduledBackup(object)) {
          checkScheduledBackup(context, object);
          return;
        }
        if (!isCnpgCluster(object) || object.get(['spec', 'replica', 'enabled']) === true) return;
        if (!isHealthData(context, object)) return;

        const schedules = context.objects
          .ofKind('ScheduledBackup')
          .filter(
            (schedule) =>
              isScheduledBackup(schedule) &&
              schedule.namespace === object.namespace &&
              schedule.get(['spec', 'cluster', 'name']) === object.name,
          );
        if (schedules.some((schedule) => schedule.get(['spec', 'suspend']) !== true)) return;
        context.report({
          object,
          path: ['metadata', 'name'],
          message:
            schedules.length === 0
              ? `CloudNativePG Cluster "${object.name ?? ''}" has no ScheduledBackup, so no base backups are taken; add a ScheduledBackup with spec.cluster.name: ${object.name ?? ''}.`
              : `Every ScheduledBackup of CloudNativePG Cluster "${object.name ?? ''}" is suspended, so no base backups are taken; set spec.suspend to false on one of them.`,
        });
      },
    };
  },
});

/**
 * Reports a ScheduledBackup whose method has no target configured on its cluster. Volume snapshots
 * can fall back to the default VolumeSnapshotClass, so that method is not judged.
 */
function checkScheduledBackup(context: RuleContext, schedule: K8sObject): void {
  const clusterName = schedule.get(['spec', 'cluster', 'name']);
  const cluster = context.objects
    .ofKind('Cluster')
    .find(
      (object) =>
        isCnpgCluster(object) &&
        object.namespace === schedule.namespace &&
        object.name === clusterName,
    );
  if (!cluster) return;

  const method = schedule.get(['spec', 'method']) ?? 'barmanObjectStore';
  const configured =
    method === 'barmanObjectStore'
      ? cluster.get(IN_TREE_STORE) !== undefined
      : method === 'plugin'
        ? pluginObjectStoreNames(cluster).length > 0 ||
          schedule.get(['spec', 'pluginConfiguration']) !== undefined
        : true;
  if (configured) return;
  context.report({
    object: schedule,
    path: ['spec', 'method'],
    message: `ScheduledBackup "${schedule.name ?? ''}" uses method ${show(method)}, but Cluster "${String(clusterName)}" configures no target for it, so every backup fails; configure the target on the cluster or change the method.`,
  });
}
