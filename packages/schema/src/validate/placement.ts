import { formatPath, type Path } from '@kubeharden/core';

import type { PlacementHint } from './issues.js';

/**
 * Fields that belong to a sibling definition, by the definition that lacks them: container
 * security settings written in the pod's securityContext and the reverse, and container fields
 * written in the pod spec. Each entry names the definition whose fields are looked up.
 */
export const SIBLING_DEFINITIONS: ReadonlyMap<
  string,
  { readonly sibling: string; readonly hint: PlacementHint }
> = new Map([
  [
    'core/v1/PodSecurityContext',
    {
      sibling: 'core/v1/SecurityContext',
      hint: {
        advice: "set it in each container's securityContext",
        belongsTo: 'container-security-context',
      },
    },
  ],
  [
    'core/v1/SecurityContext',
    {
      sibling: 'core/v1/PodSecurityContext',
      hint: {
        advice: "set it in the pod's securityContext, which applies to every container",
        belongsTo: 'pod-security-context',
      },
    },
  ],
  [
    'core/v1/PodSpec',
    {
      sibling: 'core/v1/Container',
      hint: { advice: 'set it in each container', belongsTo: 'container' },
    },
  ],
]);

interface MisplacedFields {
  readonly group: string;
  readonly kind: string;
  /** Parent of the fields as `formatPath` writes it, with `*` for any list index. */
  readonly parent: string;
  readonly fields: readonly string[];
  readonly advice: string;
}

// Settings of the object store plugins that Velero passes through spec.config (a string map).
const VELERO_CONFIG_KEYS = [
  'serverSideEncryption',
  'kmsKeyId',
  'kmsKeyName',
  'customerKeyEncryptionFile',
  'region',
  's3Url',
  's3ForcePathStyle',
  'publicUrl',
  'insecureSkipTLSVerify',
  'profile',
  'resourceGroup',
  'storageAccount',
];

/** Security settings of the stack's custom resources that users tend to put under the wrong parent. */
const MISPLACED_FIELDS: readonly MisplacedFields[] = [
  {
    group: 'velero.io',
    kind: 'BackupStorageLocation',
    parent: 'spec.objectStorage',
    fields: VELERO_CONFIG_KEYS,
    advice:
      'set it under spec.config, the only place the object store plugin reads its settings from',
  },
  {
    group: 'velero.io',
    kind: 'VolumeSnapshotLocation',
    parent: 'spec',
    fields: VELERO_CONFIG_KEYS,
    advice:
      'set it under spec.config, the only place the volume snapshotter plugin reads its settings from',
  },
  {
    group: 'postgresql.cnpg.io',
    kind: 'Cluster',
    parent: 'spec.backup.barmanObjectStore',
    fields: ['encryption', 'serverSideEncryption'],
    advice: 'set data.encryption for base backups and wal.encryption for WAL archives instead',
  },
  {
    group: 'barmancloud.cnpg.io',
    kind: 'ObjectStore',
    parent: 'spec.configuration',
    fields: ['encryption', 'serverSideEncryption'],
    advice: 'set data.encryption for base backups and wal.encryption for WAL archives instead',
  },
  {
    group: 'storage.k8s.io',
    kind: 'StorageClass',
    parent: '',
    fields: ['encrypted', 'kmsKeyId', 'fsType', 'type', 'numberOfReplicas', 'dataLocality'],
    advice: 'set it under parameters, the map of settings the provisioner reads',
  },
];

/** Returns where a field of a custom resource or StorageClass belongs, when it is a known misplacement. */
export function misplacedFieldHint(
  group: string,
  kind: string,
  parent: Path,
  field: string,
): PlacementHint | undefined {
  const pattern = formatPath(
    parent.map((segment) => (typeof segment === 'number' ? -1 : segment)),
  ).replace(/\[-1\]/g, '[*]');
  const entry = MISPLACED_FIELDS.find(
    (candidate) =>
      candidate.group === group &&
      candidate.kind === kind &&
      candidate.parent === pattern &&
      candidate.fields.includes(field),
  );
  return entry ? { advice: entry.advice } : undefined;
}
