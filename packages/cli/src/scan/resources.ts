import type { Rule } from '@kubeharden/core';

/** An API resource the scan may list, with its supported versions, most preferred first. */
export interface ResourceType {
  /** API group; `` for the core group. */
  readonly group: string;
  readonly versions: readonly string[];
  /** The plural resource name used in URLs and RBAC rules. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Read metadata only, because the objects hold secret values. */
  readonly metadataOnly?: boolean;
  /** Skip objects that a controller owns, because the scan checks their owner instead. */
  readonly skipControlled?: boolean;
}

/**
 * Every resource a scan may read: the built-in kinds the rules look at and the custom resources
 * of Gateway API, CloudNativePG, Velero, cert-manager and Longhorn. A scan lists only the types
 * whose kinds an enabled rule reads and whose API the cluster serves. `generate scanner-rbac`
 * grants read access to the same types.
 */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  { group: '', versions: ['v1'], resource: 'namespaces', kind: 'Namespace', namespaced: false },
  // Pods, ReplicaSets and Jobs made by a controller repeat its template, so checking them would
  // repeat each finding of the Deployment, CronJob or StatefulSet once per copy.
  { group: '', versions: ['v1'], resource: 'pods', kind: 'Pod', namespaced: true, skipControlled: true },
  { group: '', versions: ['v1'], resource: 'podtemplates', kind: 'PodTemplate', namespaced: true },
  { group: '', versions: ['v1'], resource: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true },
  { group: '', versions: ['v1'], resource: 'services', kind: 'Service', namespaced: true },
  { group: '', versions: ['v1'], resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: '', versions: ['v1'], resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', versions: ['v1'], resource: 'secrets', kind: 'Secret', namespaced: true, metadataOnly: true },
  { group: '', versions: ['v1'], resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true },
  { group: '', versions: ['v1'], resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false },
  { group: 'apps', versions: ['v1'], resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'apps', versions: ['v1'], resource: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { group: 'apps', versions: ['v1'], resource: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { group: 'apps', versions: ['v1'], resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, skipControlled: true },
  { group: 'batch', versions: ['v1'], resource: 'jobs', kind: 'Job', namespaced: true, skipControlled: true },
  { group: 'batch', versions: ['v1'], resource: 'cronjobs', kind: 'CronJob', namespaced: true },
  { group: 'networking.k8s.io', versions: ['v1'], resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true },
  { group: 'networking.k8s.io', versions: ['v1'], resource: 'ingresses', kind: 'Ingress', namespaced: true },
  { group: 'networking.k8s.io', versions: ['v1'], resource: 'ingressclasses', kind: 'IngressClass', namespaced: false },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], resource: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', versions: ['v1'], resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  {
    group: 'rbac.authorization.k8s.io',
    versions: ['v1'],
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  { group: 'storage.k8s.io', versions: ['v1'], resource: 'storageclasses', kind: 'StorageClass', namespaced: false },
  { group: 'gateway.networking.k8s.io', versions: ['v1', 'v1beta1'], resource: 'gateways', kind: 'Gateway', namespaced: true },
  { group: 'gateway.networking.k8s.io', versions: ['v1', 'v1beta1'], resource: 'httproutes', kind: 'HTTPRoute', namespaced: true },
  { group: 'gateway.networking.k8s.io', versions: ['v1'], resource: 'grpcroutes', kind: 'GRPCRoute', namespaced: true },
  {
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    resource: 'gatewayclasses',
    kind: 'GatewayClass',
    namespaced: false,
  },
  { group: 'postgresql.cnpg.io', versions: ['v1'], resource: 'clusters', kind: 'Cluster', namespaced: true },
  { group: 'postgresql.cnpg.io', versions: ['v1'], resource: 'scheduledbackups', kind: 'ScheduledBackup', namespaced: true },
  { group: 'postgresql.cnpg.io', versions: ['v1'], resource: 'backups', kind: 'Backup', namespaced: true },
  { group: 'postgresql.cnpg.io', versions: ['v1'], resource: 'poolers', kind: 'Pooler', namespaced: true },
  { group: 'barmancloud.cnpg.io', versions: ['v1'], resource: 'objectstores', kind: 'ObjectStore', namespaced: true },
  { group: 'velero.io', versions: ['v1'], resource: 'schedules', kind: 'Schedule', namespaced: true },
  { group: 'velero.io', versions: ['v1'], resource: 'backups', kind: 'Backup', namespaced: true },
  {
    group: 'velero.io',
    versions: ['v1'],
    resource: 'backupstoragelocations',
    kind: 'BackupStorageLocation',
    namespaced: true,
  },
  {
    group: 'velero.io',
    versions: ['v1'],
    resource: 'volumesnapshotlocations',
    kind: 'VolumeSnapshotLocation',
    namespaced: true,
  },
  { group: 'cert-manager.io', versions: ['v1'], resource: 'certificates', kind: 'Certificate', namespaced: true },
  { group: 'cert-manager.io', versions: ['v1'], resource: 'issuers', kind: 'Issuer', namespaced: true },
  { group: 'cert-manager.io', versions: ['v1'], resource: 'clusterissuers', kind: 'ClusterIssuer', namespaced: false },
  { group: 'longhorn.io', versions: ['v1beta2', 'v1beta1'], resource: 'volumes', kind: 'Volume', namespaced: true },
  { group: 'longhorn.io', versions: ['v1beta2', 'v1beta1'], resource: 'recurringjobs', kind: 'RecurringJob', namespaced: true },
  { group: 'longhorn.io', versions: ['v1beta2'], resource: 'backuptargets', kind: 'BackupTarget', namespaced: true },
  { group: 'longhorn.io', versions: ['v1beta2', 'v1beta1'], resource: 'settings', kind: 'Setting', namespaced: true },
];

/** `resource.group`, or `resource` for the core group, as `kubectl auth can-i` names it. */
export function qualifiedResource(type: ResourceType): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

// Kinds that two groups of the table share (Backup: CloudNativePG and Velero) get the group in
// their folder name, so their objects do not overwrite each other.
const SHARED_KINDS: ReadonlySet<string> = (() => {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const type of RESOURCE_TYPES) {
    if (seen.has(type.kind)) shared.add(type.kind);
    seen.add(type.kind);
  }
  return shared;
})();

/** Returns the folder name for objects of a type in the scan's virtual file tree. */
export function kindFolder(type: ResourceType): string {
  return SHARED_KINDS.has(type.kind) ? `${type.kind}.${type.group}` : type.kind;
}

/** Selects the resource types whose kinds the rules read, in table order. */
export function resourceTypesFor(rules: readonly Rule[]): ResourceType[] {
  const kinds = new Set<string>();
  for (const rule of rules) {
    if (rule.meta.area === 'source') continue;
    if (rule.meta.kinds === 'all') return [...RESOURCE_TYPES];
    for (const kind of rule.meta.kinds) kinds.add(kind);
  }
  return RESOURCE_TYPES.filter((type) => kinds.has(type.kind));
}
