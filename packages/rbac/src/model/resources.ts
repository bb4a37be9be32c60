/** Whether a resource lives in a namespace or at cluster level. */
export type ResourceScope = 'Namespaced' | 'Cluster';

interface BuiltInGroup {
  readonly group: string;
  readonly namespaced: readonly string[];
  readonly cluster: readonly string[];
}

/**
 * Resources of the built-in API groups as of Kubernetes 1.33, plus the widely installed
 * metrics.k8s.io and snapshot.storage.k8s.io groups and the virtual resources that RBAC rules
 * name for impersonation (`users`, `groups`, `uids`, `userextras`) and signing (`signers`).
 * The order of the groups decides which group a bare resource name such as `events` means.
 */
const BUILT_IN_GROUPS: readonly BuiltInGroup[] = [
  {
    group: '',
    namespaced: [
      'bindings',
      'configmaps',
      'endpoints',
      'events',
      'limitranges',
      'persistentvolumeclaims',
      'pods',
      'podtemplates',
      'replicationcontrollers',
      'resourcequotas',
      'secrets',
      'serviceaccounts',
      'services',
    ],
    cluster: ['componentstatuses', 'namespaces', 'nodes', 'persistentvolumes', 'users', 'groups'],
  },
  {
    group: 'apps',
    namespaced: ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'],
    cluster: [],
  },
  { group: 'batch', namespaced: ['cronjobs', 'jobs'], cluster: [] },
  { group: 'autoscaling', namespaced: ['horizontalpodautoscalers'], cluster: [] },
  { group: 'policy', namespaced: ['poddisruptionbudgets'], cluster: ['podsecuritypolicies'] },
  {
    group: 'networking.k8s.io',
    namespaced: ['ingresses', 'networkpolicies'],
    cluster: ['ingressclasses', 'ipaddresses', 'servicecidrs'],
  },
  { group: 'discovery.k8s.io', namespaced: ['endpointslices'], cluster: [] },
  { group: 'events.k8s.io', namespaced: ['events'], cluster: [] },
  { group: 'coordination.k8s.io', namespaced: ['leases', 'leasecandidates'], cluster: [] },
  {
    group: 'rbac.authorization.k8s.io',
    namespaced: ['roles', 'rolebindings'],
    cluster: ['clusterroles', 'clusterrolebindings'],
  },
  {
    group: 'storage.k8s.io',
    namespaced: ['csistoragecapacities'],
    cluster: [
      'csidrivers',
      'csinodes',
      'storageclasses',
      'volumeattachments',
      'volumeattributesclasses',
    ],
  },
  {
    group: 'admissionregistration.k8s.io',
    namespaced: [],
    cluster: [
      'mutatingwebhookconfigurations',
      'validatingwebhookconfigurations',
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
      'mutatingadmissionpolicies',
      'mutatingadmissionpolicybindings',
    ],
  },
  { group: 'apiextensions.k8s.io', namespaced: [], cluster: ['customresourcedefinitions'] },
  { group: 'apiregistration.k8s.io', namespaced: [], cluster: ['apiservices'] },
  {
    group: 'certificates.k8s.io',
    namespaced: [],
    cluster: ['certificatesigningrequests', 'clustertrustbundles', 'signers'],
  },
  {
    group: 'authentication.k8s.io',
    namespaced: [],
    cluster: ['tokenreviews', 'selfsubjectreviews', 'uids', 'userextras'],
  },
  {
    group: 'authorization.k8s.io',
    namespaced: ['localsubjectaccessreviews'],
    cluster: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews'],
  },
  {
    group: 'flowcontrol.apiserver.k8s.io',
    namespaced: [],
    cluster: ['flowschemas', 'prioritylevelconfigurations'],
  },
  { group: 'node.k8s.io', namespaced: [], cluster: ['runtimeclasses'] },
  { group: 'scheduling.k8s.io', namespaced: [], cluster: ['priorityclasses'] },
  {
    group: 'resource.k8s.io',
    namespaced: ['resourceclaims', 'resourceclaimtemplates'],
    cluster: ['deviceclasses', 'resourceslices', 'devicetaintrules'],
  },
  { group: 'internal.apiserver.k8s.io', namespaced: [], cluster: ['storageversions'] },
  { group: 'storagemigration.k8s.io', namespaced: [], cluster: ['storageversionmigrations'] },
  { group: 'metrics.k8s.io', namespaced: ['pods'], cluster: ['nodes'] },
  {
    group: 'snapshot.storage.k8s.io',
    namespaced: ['volumesnapshots'],
    cluster: ['volumesnapshotclasses', 'volumesnapshotcontents'],
  },
];

const BUILT_IN_SCOPES: ReadonlyMap<string, ResourceScope> = new Map(
  BUILT_IN_GROUPS.flatMap(({ group, namespaced, cluster }) => [
    ...namespaced.map((resource) => [`${group}/${resource}`, 'Namespaced'] as const),
    ...cluster.map((resource) => [`${group}/${resource}`, 'Cluster'] as const),
  ]),
);

/** Key of a resource in scope tables: `apps/deployments`, `/pods` for the core group. */
export function resourceKey(apiGroup: string, resource: string): string {
  return `${apiGroup}/${resource}`;
}

/**
 * Returns the scope of a resource, or `undefined` when it is unknown: a wildcard, a custom
 * resource without a CustomResourceDefinition in `customScopes`, or a resource this table
 * lacks. A subresource has the scope of its resource.
 */
export function resourceScope(
  apiGroup: string,
  resource: string,
  customScopes: ReadonlyMap<string, ResourceScope> = new Map(),
): ResourceScope | undefined {
  const base = resource.split('/')[0] ?? resource;
  if (base === '*' || apiGroup === '*') return undefined;

  const key = resourceKey(apiGroup, base);
  return customScopes.get(key) ?? BUILT_IN_SCOPES.get(key);
}

/** Returns the API group of a built-in resource named without its group, as kubectl resolves `jobs` to `batch`. */
export function builtInGroupOf(resource: string): string | undefined {
  for (const { group, namespaced, cluster } of BUILT_IN_GROUPS) {
    if (namespaced.includes(resource) || cluster.includes(resource)) return group;
  }
  return undefined;
}
