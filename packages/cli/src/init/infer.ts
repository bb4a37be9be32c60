import { apiGroupOf, type K8sObject, type ObjectIndex } from '@kubeharden/core';

import { UsageError } from '../errors.js';
import { inferBackends, inferGateway, routeBackends } from './infer-gateway.js';
import { protocolOf, requireLabels, servicesOf, targetPorts } from './infer-services.js';
import {
  compareText,
  describeWorkload,
  formatLabels,
  listOf,
  recordOf,
  selectorMatches,
  stringMap,
  uniquePorts,
  type ApiClientInfo,
  type DatabaseInfo,
  type InitOptions,
  type Inference,
  type PortRef,
  type WorkloadInfo,
} from './model.js';

/** Kinds that create pods. A PodTemplate creates none by itself. */
const WORKLOAD_KINDS = new Set([
  'Pod',
  'ReplicationController',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
]); /** Last path segments of PostgreSQL server images: the official image, PostGIS, Bitnami, TimescaleDB. */
const POSTGRES_IMAGES = new Set([
  'postgres',
  'postgresql',
  'postgis',
  'postgresql-repmgr',
  'timescaledb',
  'timescaledb-ha',
]);
const CNPG_GROUP = 'postgresql.cnpg.io';
const CNPG_CLUSTER_LABEL = 'cnpg.io/cluster';
const POSTGRES_PORT: PortRef = { port: 5432, protocol: 'TCP' };
/**
 * Infers the gateway, the application workloads and the databases of one namespace from the
 * manifests, with options taking precedence over what the manifests show. Throws a `UsageError`
 * that names the missing option when something cannot be inferred.
 */
export function inferApplication(objects: ObjectIndex, options: InitOptions): Inference {
  const namespace = options.namespace;
  requireKnownNamespace(objects, namespace);

  const bindings = serviceAccountBindings(objects);
  const accounts = new Set(
    objects
      .ofKind('ServiceAccount')
      .filter((account) => account.apiVersion === 'v1')
      .map((account) => `${account.namespace ?? ''}/${account.name ?? ''}`),
  );
  const all = objects.all.flatMap((object) => {
    const info = workloadInfo(object);
    if (info === undefined) return [];
    const key = `${info.namespace}/${info.serviceAccount ?? ''}`;
    const keeps = info.serviceAccount !== undefined && (accounts.has(key) || bindings.has(key));
    return [{ ...info, keepsServiceAccount: keeps }];
  });
  // Sorted, so the layer does not depend on the order of files and documents.
  all.sort(compareWorkloads);
  const inNamespace = all.filter((workload) => workload.namespace === namespace);
  if (inNamespace.length === 0) {
    throw new UsageError(
      `Nothing to protect in namespace "${namespace}": the manifests define no workload in it (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod or CloudNativePG Cluster).`,
    );
  }
  const services = objects.ofKind('Service').filter((service) => service.apiVersion === 'v1');
  const notes: string[] = [];

  const databases = inferDatabases(inNamespace, services, options);
  const isDatabase = (workload: WorkloadInfo): boolean =>
    databases.some((database) => database.workload === workload);
  const routes = routeBackends(objects, namespace);
  const gateway = options.noGateway
    ? undefined
    : inferGateway(objects, all, namespace, routes, isDatabase, options);
  const isGateway = (workload: WorkloadInfo): boolean =>
    gateway?.workloads.includes(workload) ?? false;

  const applications = inNamespace.filter(
    (workload) => workload.hasPodTemplate && !isDatabase(workload) && !isGateway(workload),
  );
  const selected = options.appSelector;
  const clients =
    selected === undefined
      ? applications
      : applications.filter((workload) => selectorMatches(selected, workload.podLabels));
  if (selected !== undefined && clients.length === 0) {
    throw new UsageError(
      `--app-selector ${formatLabels(selected)} matches no application workload in namespace "${namespace}"; use the pod labels of one of: ${applications.map((workload) => workload.name).join(', ') || 'none'}.`,
    );
  }
  const backends =
    gateway === undefined ? [] : inferBackends(clients, services, routes, gateway, options);

  for (const database of databases) {
    if (database.cloudNativePg) continue;
    notes.push(
      `note: ${describeWorkload(database.workload)} is encrypted at rest by the StorageClass; encryption in transit needs TLS on the server (ssl=on with a certificate), which the layer does not add, and clients that require it fail to connect until the server has it.`,
    );
  }

  const coveredNamespaces = [namespace];
  const gatewayNamespace = gateway?.namespace;
  if (
    gateway !== undefined &&
    gateway.workloads.length > 0 &&
    gatewayNamespace !== undefined &&
    gatewayNamespace !== namespace
  ) {
    coveredNamespaces.push(gatewayNamespace);
  }
  coveredNamespaces.sort(compareText);
  const workloads = all.filter((workload) => coveredNamespaces.includes(workload.namespace));

  return {
    namespace,
    workloads,
    ...(gateway === undefined ? {} : { gateway }),
    backends,
    clients,
    databases,
    apiClients: apiClients(bindings, workloads, databases, options),
    coveredNamespaces,
    notes,
  };
}

/**
 * Finds the covered workloads that call the Kubernetes API: those given permissions with
 * `--permission`, those whose own ServiceAccount a binding in the manifests names, and the
 * instances of CloudNativePG clusters, whose instance manager reports to the API.
 */
function apiClients(
  bindings: ReadonlyMap<string, string>,
  workloads: readonly WorkloadInfo[],
  databases: readonly DatabaseInfo[],
  options: InitOptions,
): ApiClientInfo[] {
  const clients: ApiClientInfo[] = [];
  for (const workload of workloads) {
    const binding =
      workload.serviceAccount === undefined
        ? undefined
        : bindings.get(`${workload.namespace}/${workload.serviceAccount}`);
    if (databases.some((database) => database.workload === workload && database.cloudNativePg)) {
      clients.push({ workload, reason: 'CloudNativePG instance manager' });
    } else if (options.permissions.has(workload.name)) {
      clients.push({ workload, reason: 'given permissions with --permission' });
    } else if (binding !== undefined) {
      clients.push({
        workload,
        reason: `ServiceAccount ${workload.serviceAccount ?? ''}, bound by ${binding}`,
      });
    }
  }
  return clients;
}

/** Collects the ServiceAccounts that RoleBindings and ClusterRoleBindings name, as `namespace/name`, with the first binding. */
function serviceAccountBindings(objects: ObjectIndex): Map<string, string> {
  const bound = new Map<string, string>();
  for (const binding of objects.ofKinds(['RoleBinding', 'ClusterRoleBinding'])) {
    if (apiGroupOf(binding.apiVersion) !== 'rbac.authorization.k8s.io') continue;
    for (const entry of listOf(binding.get(['subjects']))) {
      const subject = recordOf(entry);
      const namespace = subject.namespace ?? binding.namespace;
      if (
        subject.kind !== 'ServiceAccount' ||
        typeof subject.name !== 'string' ||
        typeof namespace !== 'string'
      )
        continue;
      const key = `${namespace}/${subject.name}`;
      if (!bound.has(key)) bound.set(key, binding.displayName);
    }
  }
  return bound;
}

function compareWorkloads(a: WorkloadInfo, b: WorkloadInfo): number {
  return (
    compareText(a.namespace, b.namespace) ||
    compareText(a.name, b.name) ||
    compareText(a.kind, b.kind)
  );
}

function requireKnownNamespace(objects: ObjectIndex, namespace: string): void {
  const known = new Set<string>();
  for (const object of objects.all) {
    if (object.namespace !== undefined) known.add(object.namespace);
    if (object.kind === 'Namespace' && object.apiVersion === 'v1' && object.name !== undefined)
      known.add(object.name);
  }
  if (known.has(namespace)) return;
  const list = [...known].sort(compareText);
  throw new UsageError(
    `Namespace "${namespace}" is not in the manifests: no object is in it and no Namespace object defines it. ${list.length > 0 ? `Namespaces found: ${list.join(', ')}.` : 'The manifests name no namespace, so objects without one are in "default".'}`,
  );
}

/** Reads a workload or a CloudNativePG Cluster, or returns `undefined` for other objects. */
function workloadInfo(object: K8sObject): Omit<WorkloadInfo, 'keepsServiceAccount'> | undefined {
  if (object.name === undefined || object.namespace === undefined) return undefined;
  if (object.kind === 'Cluster' && apiGroupOf(object.apiVersion) === CNPG_GROUP) {
    const selector = { [CNPG_CLUSTER_LABEL]: object.name };
    return {
      object,
      kind: object.kind,
      name: object.name,
      namespace: object.namespace,
      selector,
      podLabels: selector,
      containerPorts: [{ name: 'postgresql', port: 5432, protocol: 'TCP' }],
      images: [],
      hasPodTemplate: false,
    };
  }
  if (!WORKLOAD_KINDS.has(object.kind) || object.podTemplate === undefined) return undefined;

  const template = object.podTemplate;
  const podLabels = stringMap(recordOf(object.get(template.metadata)).labels);
  const matchLabels = stringMap(recordOf(object.get(['spec', 'selector'])).matchLabels);
  const selector =
    object.kind !== 'Pod' && Object.keys(matchLabels).length > 0 ? matchLabels : podLabels;
  const spec = recordOf(object.get(template.spec));
  const containers = listOf(spec.containers).map(recordOf);
  const containerPorts = containers.flatMap((container) =>
    listOf(container.ports).flatMap((entry) => {
      const port = recordOf(entry);
      if (typeof port.containerPort !== 'number') return [];
      return [
        {
          ...(typeof port.name === 'string' ? { name: port.name } : {}),
          port: port.containerPort,
          protocol: protocolOf(port.protocol),
        },
      ];
    }),
  );
  const images = containers.flatMap((container) =>
    typeof container.image === 'string' ? [container.image] : [],
  );
  // The API server copies the deprecated serviceAccount field when serviceAccountName is unset.
  const account =
    typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : spec.serviceAccount;
  const serviceAccount =
    typeof account === 'string' && account !== '' && account !== 'default' ? account : undefined;
  return {
    object,
    kind: object.kind,
    name: object.name,
    namespace: object.namespace,
    selector,
    podLabels,
    containerPorts,
    images,
    hasPodTemplate: true,
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
  };
}
/** Returns the repository name of an image without registry, tag or digest: `postgresql` for `bitnami/postgresql:16`. */
function imageName(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const tail = withoutDigest.slice(lastSlash + 1);
  const colon = tail.indexOf(':');
  return colon < 0 ? tail : tail.slice(0, colon);
}

function inferDatabases(
  workloads: readonly WorkloadInfo[],
  services: readonly K8sObject[],
  options: InitOptions,
): DatabaseInfo[] {
  const selector = options.dbSelector;
  if (selector !== undefined) {
    const matched = workloads.filter((workload) => selectorMatches(selector, workload.podLabels));
    if (matched.length === 0) {
      throw new UsageError(
        `--db-selector ${formatLabels(selector)} matches no workload in namespace "${options.namespace}"; use the pod labels of the database, such as app.kubernetes.io/name=postgres.`,
      );
    }
    return matched.map((workload) => ({
      workload,
      selector,
      port: options.dbPort ?? databasePort(workload, services),
      cloudNativePg: !workload.hasPodTemplate,
      reason: `given by --db-selector ${formatLabels(selector)}`,
    }));
  }

  const databases: DatabaseInfo[] = [];
  for (const workload of workloads) {
    if (!workload.hasPodTemplate) {
      databases.push({
        workload,
        selector: workload.selector,
        port: options.dbPort ?? POSTGRES_PORT,
        cloudNativePg: true,
        reason: `CloudNativePG Cluster, pods labelled ${formatLabels(workload.selector)}`,
      });
      continue;
    }
    const image = workload.images.find((candidate) => POSTGRES_IMAGES.has(imageName(candidate)));
    if (image === undefined) continue;
    requireLabels(workload, 'database', '--db-selector');
    databases.push({
      workload,
      selector: workload.selector,
      port: options.dbPort ?? databasePort(workload, services),
      cloudNativePg: false,
      reason: `PostgreSQL image ${image}`,
    });
  }
  return databases;
}

/** Picks the PostgreSQL port of a database: 5432 when a Service or container names it, else the first TCP port. */
function databasePort(workload: WorkloadInfo, services: readonly K8sObject[]): PortRef {
  if (!workload.hasPodTemplate) return POSTGRES_PORT;
  const candidates = uniquePorts([
    ...servicesOf(workload, services).flatMap((service) => targetPorts(service, workload)),
    ...workload.containerPorts.map((port) => ({ port: port.port, protocol: port.protocol })),
  ]).filter((port) => port.protocol === 'TCP');
  if (candidates.length === 0 || candidates.some((port) => port.port === 5432))
    return POSTGRES_PORT;
  return candidates[0] ?? POSTGRES_PORT;
}
