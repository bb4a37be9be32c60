import { parseLabels } from '@kubeharden/core';
import { parseCidr } from '@kubeharden/netpol';
import type { PermissionSpec } from '@kubeharden/rbac';

import { UsageError } from '../errors.js';
import type { InitOptions, Labels, PortRef, Protocol } from './model.js';

/** Options as commander hands them over: strings, booleans and repeated values. */
export interface RawInitOptions {
  readonly namespace?: string;
  readonly out: string;
  readonly gatewayNamespace?: string;
  readonly gatewaySelector?: string;
  /** False with `--no-gateway`. */
  readonly gateway: boolean;
  readonly appSelector?: string;
  readonly appPort?: string;
  readonly dbSelector?: string;
  readonly dbPort?: string;
  readonly ingressCidr?: string;
  readonly apiServerCidr?: string;
  readonly cnpgOperatorNamespace: string;
  readonly allowSameNamespace?: boolean;
  readonly dnsNamespace: string;
  readonly dnsSelector: string;
  readonly pssVersion: string;
  readonly exemptNamespaces?: string;
  readonly exemptUsers?: string;
  readonly exemptRuntimeClasses?: string;
  /** Repeated `--permission` values; undefined when none is given. */
  readonly permission?: readonly string[];
  readonly storageClass: string;
  readonly existingStorageClass?: boolean;
  readonly backupBucket?: string;
  readonly backupRegion?: string;
  readonly backupKmsKeyId?: string;
  readonly kmsEndpoint: string;
  readonly fix?: boolean;
  readonly patches?: boolean;
  readonly templates?: boolean;
  readonly config?: string;
}

export const DEFAULT_DNS_NAMESPACE = 'kube-system';
export const DEFAULT_DNS_SELECTOR = 'k8s-app=kube-dns';
export const DEFAULT_STORAGE_CLASS = 'longhorn-encrypted';
export const DEFAULT_KMS_ENDPOINT = 'unix:///var/run/kmsplugin/socket.sock';
export const DEFAULT_CNPG_OPERATOR_NAMESPACE = 'cnpg-system';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Checks the options of `init` and converts them; throws a `UsageError` naming the option. */
export function parseInitOptions(raw: RawInitOptions): InitOptions {
  if (raw.namespace === undefined || raw.namespace === '') {
    throw new UsageError(
      'Missing --namespace: name the namespace of the application, such as --namespace clinic.',
    );
  }
  const namespace = namespaceOption(raw.namespace, 'namespace');
  if (raw.fix && raw.patches) {
    throw new UsageError(
      '--fix and --patches exclude each other: --fix edits the manifests, --patches leaves them as they are and writes the same changes as kustomize patches.',
    );
  }
  if (raw.fix && raw.templates) {
    throw new UsageError(
      '--fix writes real values into the manifests, which --templates leaves as placeholders; use --patches with --templates.',
    );
  }
  if (!raw.gateway && (raw.gatewayNamespace !== undefined || raw.gatewaySelector !== undefined)) {
    throw new UsageError('--no-gateway excludes --gateway-namespace and --gateway-selector.');
  }
  const gatewayNamespace =
    raw.gatewayNamespace === undefined
      ? undefined
      : namespaceOption(raw.gatewayNamespace, 'gateway-namespace');
  const gatewaySelector = labelsOption(raw.gatewaySelector, 'gateway-selector');
  if (gatewayNamespace === namespace && gatewaySelector === undefined) {
    throw new UsageError(
      `--gateway-namespace ${gatewayNamespace} is the namespace of the application, so give --gateway-selector too; otherwise every pod would count as the gateway.`,
    );
  }

  const appPorts = raw.appPort === undefined ? undefined : portsOption(raw.appPort, 'app-port');
  const dbPorts = raw.dbPort === undefined ? undefined : portsOption(raw.dbPort, 'db-port');
  if (dbPorts !== undefined && dbPorts.length !== 1)
    throw new UsageError(`Invalid --db-port "${raw.dbPort}"; give one port, such as 5432.`);

  return {
    namespace,
    out: raw.out,
    ...(gatewayNamespace === undefined ? {} : { gatewayNamespace }),
    ...(gatewaySelector === undefined ? {} : { gatewaySelector }),
    noGateway: !raw.gateway,
    ...optional('appSelector', labelsOption(raw.appSelector, 'app-selector')),
    ...optional('appPorts', appPorts),
    ...optional('dbSelector', labelsOption(raw.dbSelector, 'db-selector')),
    ...optional('dbPort', dbPorts?.[0]),
    ...optional(
      'ingressCidrs',
      raw.ingressCidr === undefined ? undefined : cidrsOption(raw.ingressCidr, 'ingress-cidr'),
    ),
    ...optional(
      'apiServerCidrs',
      raw.apiServerCidr === undefined
        ? undefined
        : cidrsOption(raw.apiServerCidr, 'api-server-cidr'),
    ),
    cnpgOperatorNamespace: namespaceOption(raw.cnpgOperatorNamespace, 'cnpg-operator-namespace'),
    allowSameNamespace: raw.allowSameNamespace === true,
    dnsNamespace: namespaceOption(raw.dnsNamespace, 'dns-namespace'),
    dnsSelector: labelsOption(raw.dnsSelector, 'dns-selector') ?? {},
    pssVersion: raw.pssVersion,
    exemptNamespaces: listOption(raw.exemptNamespaces).map((name) =>
      namespaceOption(name, 'exempt-namespaces'),
    ),
    exemptUsers: listOption(raw.exemptUsers),
    exemptRuntimeClasses: listOption(raw.exemptRuntimeClasses),
    permissions: permissionsOption(raw.permission ?? []),
    storageClass: raw.storageClass,
    existingStorageClass: raw.existingStorageClass === true,
    ...optional('backupBucket', raw.backupBucket),
    ...optional('backupRegion', raw.backupRegion),
    ...optional('backupKmsKeyId', raw.backupKmsKeyId),
    kmsEndpoint: raw.kmsEndpoint,
    fix: raw.fix === true,
    patches: raw.patches === true,
    templates: raw.templates === true,
    ...optional('config', raw.config),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function namespaceOption(value: string, option: string): string {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new UsageError(
      `Invalid --${option} "${value}"; a namespace name is a lower-case DNS label of at most 63 characters.`,
    );
  }
  return value;
}

function labelsOption(value: string | undefined, option: string): Labels | undefined {
  if (value === undefined) return undefined;
  let labels: Record<string, string>;
  try {
    labels = parseLabels(value, option);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (Object.keys(labels).length === 0)
    throw new UsageError(`Invalid --${option} "${value}"; give at least one label as key=value.`);
  return labels;
}

function listOption(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Parses `8080`, `TCP/8080`, `UDP/53` or a port name, comma-separated. */
function portsOption(value: string, option: string): PortRef[] {
  const ports = listOption(value).map((entry): PortRef => {
    const slash = entry.indexOf('/');
    const protocol = (slash < 0 ? 'TCP' : entry.slice(0, slash).toUpperCase()) as Protocol;
    const port = slash < 0 ? entry : entry.slice(slash + 1);
    if (!PROTOCOLS.includes(protocol))
      throw new UsageError(
        `Invalid --${option} entry "${entry}"; the protocol before "/" must be TCP, UDP or SCTP.`,
      );
    if (/^[0-9]+$/.test(port)) {
      const number = Number(port);
      if (number < 1 || number > 65535)
        throw new UsageError(
          `Invalid --${option} entry "${entry}"; a port number is from 1 to 65535.`,
        );
      return { port: number, protocol };
    }
    if (!/^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(port)) {
      throw new UsageError(
        `Invalid --${option} entry "${entry}"; use a port number or a container port name.`,
      );
    }
    return { port, protocol };
  });
  if (ports.length === 0)
    throw new UsageError(`Invalid --${option} "${value}"; give a port such as 8080.`);
  return ports;
}

function cidrsOption(value: string, option: string): string[] {
  const cidrs = listOption(value);
  if (cidrs.length === 0)
    throw new UsageError(
      `Invalid --${option} "${value}"; give address ranges such as 10.0.0.0/16.`,
    );
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (typeof parsed === 'string')
      throw new UsageError(`Invalid --${option} entry "${cidr}": ${parsed}.`);
    if (parsed.nonCanonical)
      throw new UsageError(
        `Invalid --${option} entry "${cidr}": it is not canonical; use ${parsed.canonical}.`,
      );
  }
  return cidrs;
}

/**
 * Parses `--permission workload:verbs:resource[:names]`, such as `api:get,list:configmaps` or
 * `api:get:secrets:db-credentials`. The resource is written as kubectl takes it: `deployments.apps`
 * for a named group, `pods/log` for a subresource.
 */
function permissionsOption(values: readonly string[]): Map<string, PermissionSpec[]> {
  const permissions = new Map<string, PermissionSpec[]>();
  for (const value of values) {
    const [workload, verbs, resource, names, ...rest] = value.split(':');
    if (!workload || !verbs || !resource || rest.length > 0) {
      throw new UsageError(
        `Invalid --permission "${value}"; write workload:verbs:resource[:names], such as api:get,list:configmaps.`,
      );
    }
    const slash = resource.indexOf('/');
    const base = slash < 0 ? resource : resource.slice(0, slash);
    const dot = base.indexOf('.');
    const apiGroup = dot < 0 ? '' : base.slice(dot + 1);
    const plural = (dot < 0 ? base : base.slice(0, dot)) + (slash < 0 ? '' : resource.slice(slash));
    const spec: PermissionSpec = {
      apiGroup,
      resource: plural,
      verbs: listOption(verbs),
      ...(names === undefined ? {} : { resourceNames: listOption(names) }),
    };
    permissions.set(workload, [...(permissions.get(workload) ?? []), spec]);
  }
  return permissions;
}

/** Describes the options that shape the output, in a fixed order, for the header of the written files. */
export function describeCommand(raw: RawInitOptions): string {
  const parts = ['kubeharden init <manifests>', `--namespace ${raw.namespace ?? ''}`];
  const add = (flag: string, value: string | boolean | undefined, fallback?: string): void => {
    if (value === undefined || value === false || value === fallback) return;
    parts.push(value === true ? flag : `${flag} ${value}`);
  };
  add('--gateway-namespace', raw.gatewayNamespace);
  add('--gateway-selector', raw.gatewaySelector);
  add('--no-gateway', !raw.gateway);
  add('--app-selector', raw.appSelector);
  add('--app-port', raw.appPort);
  add('--db-selector', raw.dbSelector);
  add('--db-port', raw.dbPort);
  add('--ingress-cidr', raw.ingressCidr);
  add('--api-server-cidr', raw.apiServerCidr);
  add('--cnpg-operator-namespace', raw.cnpgOperatorNamespace, DEFAULT_CNPG_OPERATOR_NAMESPACE);
  add('--allow-same-namespace', raw.allowSameNamespace);
  add('--dns-namespace', raw.dnsNamespace, DEFAULT_DNS_NAMESPACE);
  add('--dns-selector', raw.dnsSelector, DEFAULT_DNS_SELECTOR);
  add('--pss-version', raw.pssVersion, 'latest');
  add('--exempt-namespaces', raw.exemptNamespaces);
  add('--exempt-users', raw.exemptUsers);
  add('--exempt-runtime-classes', raw.exemptRuntimeClasses);
  for (const permission of raw.permission ?? []) add('--permission', permission);
  add('--storage-class', raw.storageClass, DEFAULT_STORAGE_CLASS);
  add('--existing-storage-class', raw.existingStorageClass);
  add('--backup-bucket', raw.backupBucket);
  add('--backup-region', raw.backupRegion);
  add('--backup-kms-key-id', raw.backupKmsKeyId);
  add('--kms-endpoint', raw.kmsEndpoint, DEFAULT_KMS_ENDPOINT);
  add('--fix', raw.fix);
  add('--patches', raw.patches);
  add('--templates', raw.templates);
  return parts.join(' ');
}
