import { POD_BEARING_KINDS } from '@kubeharden/core';

/**
 * Kinds validated by default: those whose fields kubeharden's rules check, where a misplaced
 * field hides a control, and the custom resources of the storage, backup, certificate and
 * ingress stack it hardens. Kinds that no rule reads, such as Service and ConfigMap, are left
 * out, because the engine would parse them for validation alone. Validating every kind makes the
 * engine parse every document, CustomResourceDefinitions included, which multiplies the time of
 * a check over a typical repository (see docs/benchmarks.md).
 */
export const DEFAULT_SCHEMA_KINDS: readonly string[] = [
  // Pod security: workloads and the namespaces whose labels set the Pod Security level.
  ...POD_BEARING_KINDS,
  'Namespace',
  // Network isolation and encryption in transit.
  'NetworkPolicy',
  'Ingress',
  // Access control.
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  // Secrets and encrypted storage.
  'Secret',
  'StorageClass',
  'PersistentVolumeClaim',
  'PersistentVolume',
  // CloudNativePG and its Barman Cloud plugin.
  'Cluster',
  'Backup',
  'ScheduledBackup',
  'Pooler',
  'Database',
  'ObjectStore',
  // Velero.
  'BackupStorageLocation',
  'VolumeSnapshotLocation',
  'Schedule',
  'Restore',
  // cert-manager.
  'Certificate',
  'CertificateRequest',
  'Issuer',
  'ClusterIssuer',
  // Longhorn.
  'Volume',
  'RecurringJob',
  'BackupTarget',
  'Setting',
  // Gateway API.
  'GatewayClass',
  'Gateway',
  'ListenerSet',
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
  'ReferenceGrant',
  'BackendTLSPolicy',
];
