import type { K8sObject } from '@kubeharden/core';

import { UsageError } from '../errors.js';
import {
  describeWorkload,
  listOf,
  recordOf,
  selectorMatches,
  stringMap,
  type PortRef,
  type Protocol,
  type WorkloadInfo,
} from './model.js';

/** Reads a port protocol; Kubernetes defaults it to TCP. */
export function protocolOf(value: unknown): Protocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}

/** Throws when a workload in a role has no pod labels, naming the option that replaces them. */
export function requireLabels(workload: WorkloadInfo, role: string, option: string): void {
  if (Object.keys(workload.selector).length > 0) return;
  throw new UsageError(
    `${describeWorkload(workload)} looks like the ${role} but its pods have no labels, so no NetworkPolicy can select them alone; add labels to its pod template or give ${option}.`,
  );
}

/** Finds the Services of the workload's namespace whose selector matches its pods. */
export function servicesOf(workload: WorkloadInfo, services: readonly K8sObject[]): K8sObject[] {
  return services.filter(
    (service) =>
      service.namespace === workload.namespace &&
      selectorMatches(stringMap(service.get(['spec', 'selector'])), workload.podLabels),
  );
}

/**
 * Resolves the pod ports behind a Service, for the ports that `servicePort` names (every port when it is
 * undefined). A named targetPort becomes the number of the container port of that name.
 */
export function targetPorts(
  service: K8sObject,
  workload: WorkloadInfo,
  servicePort?: number | string,
): PortRef[] {
  const ports = listOf(service.get(['spec', 'ports'])).map(recordOf);
  const chosen = ports.filter(
    (port) => servicePort === undefined || port.port === servicePort || port.name === servicePort,
  );
  return chosen.flatMap((port) => {
    const protocol = protocolOf(port.protocol);
    const target = port.targetPort ?? port.port;
    if (typeof target === 'number') return [{ port: target, protocol }];
    if (typeof target !== 'string') return [];
    if (/^[0-9]+$/.test(target)) return [{ port: Number(target), protocol }];
    const named = workload.containerPorts.find((container) => container.name === target);
    return [{ port: named?.port ?? target, protocol }];
  });
}
