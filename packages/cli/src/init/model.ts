import { isPlainObject, type K8sObject } from '@kubeharden/core';
import type { PermissionSpec } from '@kubeharden/rbac';

export type Labels = Readonly<Record<string, string>>;

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A port of a pod as a NetworkPolicy names it: a number, or a container port name. */
export interface PortRef {
  readonly port: number | string;
  readonly protocol: Protocol;
}

/** A workload of the manifests with what the layer needs to know about its pods. */
export interface WorkloadInfo {
  readonly object: K8sObject;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Labels that select its pods: `spec.selector.matchLabels`, else the pod template labels. */
  readonly selector: Labels;
  readonly podLabels: Labels;
  readonly containerPorts: readonly {
    readonly name?: string;
    readonly port: number;
    readonly protocol: Protocol;
  }[];
  readonly images: readonly string[];
  /** False for a CloudNativePG Cluster, whose pods the operator creates from its own template. */
  readonly hasPodTemplate: boolean;
  /** The ServiceAccount the pods run as, when the manifests set one other than `default`. */
  readonly serviceAccount?: string;
  /**
   * True when the manifests define that ServiceAccount or bind it to a role, so the workload keeps
   * it. An account named but defined nowhere is created by the layer, as on a second run.
   */
  readonly keepsServiceAccount: boolean;
}

/** A workload whose pods call the Kubernetes API, so default deny egress cuts them off from it. */
export interface ApiClientInfo {
  readonly workload: WorkloadInfo;
  readonly reason: string;
}

/** Gateway of the application: where it was found, and which of its pods may reach the application. */
export interface GatewayInfo {
  readonly namespace: string;
  /** Labels of the gateway pods; `undefined` means every pod of `namespace`. */
  readonly selector?: Labels;
  /** Gateway workloads that are in the manifests; empty when the gateway runs elsewhere. */
  readonly workloads: readonly WorkloadInfo[];
  /** Ports the gateway listens on, from its Services or container ports. */
  readonly ports: readonly PortRef[];
  readonly reason: string;
}

/** An application workload that the gateway forwards to, with the pod ports it reaches. */
export interface BackendInfo {
  readonly workload: WorkloadInfo;
  readonly ports: readonly PortRef[];
  readonly reason: string;
}

export interface DatabaseInfo {
  readonly workload: WorkloadInfo;
  readonly selector: Labels;
  readonly port: PortRef;
  /** True for a CloudNativePG Cluster, whose storage, TLS and backups live in its own spec. */
  readonly cloudNativePg: boolean;
  readonly reason: string;
}

/** Model of the application that `init` infers from the manifests and options. */
export interface Inference {
  readonly namespace: string;
  /** Workloads of the namespaces the layer covers, gateway included, sorted by namespace and name. */
  readonly workloads: readonly WorkloadInfo[];
  /** `undefined` with `--no-gateway`. */
  readonly gateway?: GatewayInfo;
  readonly backends: readonly BackendInfo[];
  /** Application workloads that reach the databases. */
  readonly clients: readonly WorkloadInfo[];
  readonly databases: readonly DatabaseInfo[];
  readonly apiClients: readonly ApiClientInfo[];
  /** Namespaces whose default deny, DNS egress and Pod Security labels the layer owns, sorted. */
  readonly coveredNamespaces: readonly string[];
  /** Lines for the printed inference that warn about what the layer does not cover. */
  readonly notes: readonly string[];
}

/** Options of `kubeharden init` after parsing, in the units the layer builder takes. */
export interface InitOptions {
  readonly namespace: string;
  readonly out: string;
  readonly gatewayNamespace?: string;
  readonly gatewaySelector?: Labels;
  readonly noGateway: boolean;
  readonly appSelector?: Labels;
  readonly appPorts?: readonly PortRef[];
  readonly dbSelector?: Labels;
  readonly dbPort?: PortRef;
  /** Sources allowed to reach the gateway; every address when unset. */
  readonly ingressCidrs?: readonly string[];
  /** Addresses of the Kubernetes API server, for the workloads that call it. */
  readonly apiServerCidrs?: readonly string[];
  readonly cnpgOperatorNamespace: string;
  readonly allowSameNamespace: boolean;
  readonly dnsNamespace: string;
  readonly dnsSelector: Labels;
  readonly pssVersion: string;
  readonly exemptNamespaces: readonly string[];
  readonly exemptUsers: readonly string[];
  readonly exemptRuntimeClasses: readonly string[];
  /** API access per workload name, as `--permission` gives it. */
  readonly permissions: ReadonlyMap<string, readonly PermissionSpec[]>;
  readonly storageClass: string;
  /** True when `storageClass` exists outside the manifests, so none is generated. */
  readonly existingStorageClass: boolean;
  readonly backupBucket?: string;
  readonly backupRegion?: string;
  readonly backupKmsKeyId?: string;
  readonly kmsEndpoint: string;
  readonly fix: boolean;
  readonly patches: boolean;
  readonly templates: boolean;
  readonly config?: string;
}

/** True when every label of `selector` is on `labels`; an empty selector matches nothing here. */
export function selectorMatches(selector: Labels, labels: Labels): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

export function formatLabels(labels: Labels | undefined): string {
  if (labels === undefined) return 'every pod';
  const entries = Object.entries(labels);
  return entries.length === 0
    ? 'every pod'
    : entries.map(([key, value]) => `${key}=${value}`).join(',');
}

export function formatPorts(ports: readonly PortRef[]): string {
  return ports.map((port) => `${port.protocol} ${port.port}`).join(', ');
}

/** Code-unit order, the same on every machine whatever its locale. */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

export function comparePorts(a: PortRef, b: PortRef): number {
  return (
    compareText(a.protocol, b.protocol) ||
    compareText(String(a.port).padStart(5, '0'), String(b.port).padStart(5, '0'))
  );
}

/** Removes repeated ports and sorts them by protocol, then number or name. */
export function uniquePorts(ports: readonly PortRef[]): PortRef[] {
  const seen = new Map<string, PortRef>();
  for (const port of ports) seen.set(`${port.protocol}/${port.port}`, port);
  return [...seen.values()].sort(comparePorts);
}

export function stringMap(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') result[key] = entry;
  }
  return result;
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function recordOf(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

/** `Kind namespace/name`, as the printed inference names objects. */
export function describeWorkload(workload: WorkloadInfo): string {
  return `${workload.kind} ${workload.namespace}/${workload.name}`;
}
