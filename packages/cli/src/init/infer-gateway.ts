import { apiGroupOf, type K8sObject, type ObjectIndex } from '@kubeharden/core';

import { UsageError } from '../errors.js';
import { requireLabels, servicesOf, targetPorts } from './infer-services.js';
import {
  describeWorkload,
  formatLabels,
  listOf,
  recordOf,
  selectorMatches,
  uniquePorts,
  type BackendInfo,
  type GatewayInfo,
  type InitOptions,
  type Labels,
  type PortRef,
  type WorkloadInfo,
} from './model.js';

/** Kinds that run a server for as long as they exist, which a gateway must be. */
const SERVER_KINDS = new Set([
  'Pod',
  'ReplicationController',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
]);

/** A name or label value that contains gateway, ingress or proxy as a whole word. */
const GATEWAY_WORD = /(^|[-_.])(gateway|ingress|proxy)([-_.]|$)/;

/** The label that Gateway API implementations put on the pods of a Gateway (GEP-1762). */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** A Service or route backend that names a Service port by number or name. */
export interface ServiceRef {
  readonly service: string;
  readonly port?: number | string;
  readonly reason: string;
}

/** Collects the Services that Ingresses and Gateway API routes of the namespace send traffic to. */
export function routeBackends(
  objects: ObjectIndex,
  namespace: string,
): { refs: ServiceRef[]; gateways: { name: string; namespace: string }[] } {
  const refs: ServiceRef[] = [];
  const gateways: { name: string; namespace: string }[] = [];

  for (const ingress of objects.ofKind('Ingress')) {
    if (ingress.namespace !== namespace || apiGroupOf(ingress.apiVersion) !== 'networking.k8s.io')
      continue;
    const backends = [
      ingress.get(['spec', 'defaultBackend']),
      ...listOf(ingress.get(['spec', 'rules'])).flatMap((rule) =>
        listOf(recordOf(recordOf(rule).http).paths).map((path) => recordOf(path).backend),
      ),
    ];
    for (const backend of backends) {
      const service = recordOf(recordOf(backend).service);
      if (typeof service.name !== 'string') continue;
      const port = recordOf(service.port);
      const ref =
        typeof port.number === 'number'
          ? port.number
          : typeof port.name === 'string'
            ? port.name
            : undefined;
      refs.push({
        service: service.name,
        ...(ref === undefined ? {} : { port: ref }),
        reason: `Ingress ${ingress.name ?? ''} → Service ${service.name}`,
      });
    }
  }

  for (const route of objects.ofKinds(['HTTPRoute', 'GRPCRoute'])) {
    if (
      route.namespace !== namespace ||
      apiGroupOf(route.apiVersion) !== 'gateway.networking.k8s.io'
    )
      continue;
    for (const rule of listOf(route.get(['spec', 'rules']))) {
      for (const entry of listOf(recordOf(rule).backendRefs)) {
        const backend = recordOf(entry);
        const isService = (backend.kind ?? 'Service') === 'Service' && (backend.group ?? '') === '';
        const sameNamespace = (backend.namespace ?? namespace) === namespace;
        if (!isService || !sameNamespace || typeof backend.name !== 'string') continue;
        refs.push({
          service: backend.name,
          ...(typeof backend.port === 'number' ? { port: backend.port } : {}),
          reason: `${route.kind} ${route.name ?? ''} → Service ${backend.name}`,
        });
      }
    }
    for (const entry of listOf(route.get(['spec', 'parentRefs']))) {
      const parent = recordOf(entry);
      if ((parent.kind ?? 'Gateway') !== 'Gateway' || typeof parent.name !== 'string') continue;
      gateways.push({
        name: parent.name,
        namespace: typeof parent.namespace === 'string' ? parent.namespace : namespace,
      });
    }
  }
  return { refs, gateways };
}

/**
 * Finds the gateway: given by options, the pods of a Gateway that an HTTPRoute names, or the one
 * long-running workload whose name or labels contain gateway, ingress or proxy.
 */
export function inferGateway(
  objects: ObjectIndex,
  all: readonly WorkloadInfo[],
  namespace: string,
  routes: { refs: ServiceRef[]; gateways: { name: string; namespace: string }[] },
  isDatabase: (workload: WorkloadInfo) => boolean,
  options: InitOptions,
): GatewayInfo {
  const services = objects.ofKind('Service').filter((service) => service.apiVersion === 'v1');
  const gatewayInfo = (
    workloads: WorkloadInfo[],
    gatewayNamespace: string,
    selector: Labels | undefined,
    reason: string,
  ): GatewayInfo => ({
    namespace: gatewayNamespace,
    ...(selector === undefined ? {} : { selector }),
    workloads,
    ports: listeningPorts(workloads, services),
    reason,
  });

  if (options.gatewayNamespace !== undefined || options.gatewaySelector !== undefined) {
    const gatewayNamespace = options.gatewayNamespace ?? namespace;
    const selector = options.gatewaySelector;
    const workloads = all.filter(
      (workload) =>
        workload.namespace === gatewayNamespace &&
        workload.hasPodTemplate &&
        (selector === undefined
          ? gatewayNamespace !== namespace
          : selectorMatches(selector, workload.podLabels)),
    );
    return gatewayInfo(
      workloads,
      gatewayNamespace,
      selector,
      `given by ${describeGatewayOptions(options)}`,
    );
  }

  // Pods of a Gateway named by an HTTPRoute, labelled as GEP-1762 recommends to implementations.
  // NOTE: implementations that run the proxies without this label, or in their controller's
  // namespace, are not found here, so their users give --gateway-namespace.
  for (const parent of routes.gateways) {
    const pods = all.filter(
      (workload) =>
        workload.namespace === parent.namespace &&
        workload.podLabels[GATEWAY_NAME_LABEL] === parent.name,
    );
    if (pods.length > 0) {
      return gatewayInfo(
        pods,
        parent.namespace,
        { [GATEWAY_NAME_LABEL]: parent.name },
        `pods of Gateway ${parent.namespace}/${parent.name}, labelled ${GATEWAY_NAME_LABEL}`,
      );
    }
  }

  const candidates = all.filter(
    (workload) =>
      SERVER_KINDS.has(workload.kind) && !isDatabase(workload) && looksLikeGateway(workload),
  );
  const elsewhere = candidates.filter((workload) => workload.namespace !== namespace);
  const chosen = elsewhere.length > 0 ? elsewhere : candidates;
  if (chosen.length === 1) {
    const workload = chosen[0]!;
    requireLabels(workload, 'gateway', '--gateway-selector');
    const source =
      routes.refs.length > 0
        ? 'the ingress controller'
        : 'no Ingress or HTTPRoute in the namespace';
    return gatewayInfo(
      [workload],
      workload.namespace,
      workload.selector,
      `${source}; its name or labels contain gateway, ingress or proxy`,
    );
  }
  if (chosen.length > 1) {
    throw new UsageError(
      `Several workloads look like the gateway: ${chosen.map(describeWorkload).join(', ')}; choose one with --gateway-namespace and --gateway-selector.`,
    );
  }

  const routed =
    routes.refs.length > 0
      ? ` The routes (${routes.refs.map((ref) => ref.reason).join('; ')}) say where traffic goes, but not which pods send it.`
      : '';
  throw new UsageError(
    `Cannot infer the gateway of namespace "${namespace}": no workload in the manifests is named or labelled gateway, ingress or proxy.${routed} Give --gateway-namespace and --gateway-selector, or --no-gateway when nothing outside the cluster reaches the application.`,
  );
}

function describeGatewayOptions(options: InitOptions): string {
  return [
    options.gatewayNamespace === undefined
      ? undefined
      : `--gateway-namespace ${options.gatewayNamespace}`,
    options.gatewaySelector === undefined
      ? undefined
      : `--gateway-selector ${formatLabels(options.gatewaySelector)}`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
}

function looksLikeGateway(workload: WorkloadInfo): boolean {
  return (
    GATEWAY_WORD.test(workload.name) ||
    Object.values(workload.podLabels).some((value) => GATEWAY_WORD.test(value))
  );
}

/** Ports the gateway listens on: the target ports of its Services, else its container ports. */
function listeningPorts(
  workloads: readonly WorkloadInfo[],
  services: readonly K8sObject[],
): PortRef[] {
  return uniquePorts(
    workloads.flatMap((workload) => {
      const fromServices = servicesOf(workload, services).flatMap((service) =>
        targetPorts(service, workload),
      );
      return fromServices.length > 0
        ? fromServices
        : workload.containerPorts.map((port) => ({ port: port.port, protocol: port.protocol }));
    }),
  );
}

/**
 * Finds the application workloads the gateway forwards to: the Services of the routes when there are
 * routes, else every application workload that a Service exposes, each with its pod ports.
 */
export function inferBackends(
  applications: readonly WorkloadInfo[],
  services: readonly K8sObject[],
  routes: { refs: ServiceRef[] },
  gateway: GatewayInfo,
  options: InitOptions,
): BackendInfo[] {
  const backends: BackendInfo[] = [];
  for (const workload of applications) {
    const own = servicesOf(workload, services);
    let ports: PortRef[];
    let reason: string;
    if (options.appPorts !== undefined) {
      ports = [...options.appPorts];
      reason = 'ports given by --app-port';
    } else if (routes.refs.length > 0) {
      const refs = routes.refs.filter((ref) => own.some((service) => service.name === ref.service));
      ports = refs.flatMap((ref) =>
        own
          .filter((service) => service.name === ref.service)
          .flatMap((service) => targetPorts(service, workload, ref.port)),
      );
      reason = refs.map((ref) => ref.reason).join('; ');
    } else {
      ports = own.flatMap((service) => targetPorts(service, workload));
      reason = own.map((service) => `Service ${service.name ?? ''}`).join(', ');
    }
    if (ports.length === 0) continue;
    requireLabels(workload, 'backend of the gateway', '--app-selector');
    backends.push({ workload, ports: uniquePorts(ports), reason });
  }

  if (backends.length === 0) {
    throw new UsageError(
      `Cannot infer what the gateway ${gateway.namespace}/${formatLabels(gateway.selector)} reaches in namespace "${options.namespace}": no Ingress, HTTPRoute or Service leads to an application workload. Give --app-selector and --app-port.`,
    );
  }
  return backends;
}
