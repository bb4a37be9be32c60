import { defineGenerator, type Generator } from '@kubeharden/core';
import {
  allowAppsToDb,
  allowDnsEgress,
  allowGatewayToApps,
  defaultDenyAll,
  denyCrossNamespace,
  egressAllowList,
  PROTOCOLS,
  type PortInput,
  type Protocol,
} from '@kubeharden/netpol';

// Command-line wrappers of the NetworkPolicy generators, which take typed arguments. The
// generators validate names, labels, ports and CIDRs themselves and name the bad argument.

type Options = Readonly<Record<string, unknown>>;

function required(options: Options, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new Error(`Missing --${name}.`);
  return value;
}

function optionalText(options: Options, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function labels(options: Options, name: string): Record<string, string> | undefined {
  const value = options[name];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, string>)
    : undefined;
}

function requiredLabels(options: Options, name: string): Record<string, string> {
  const value = labels(options, name);
  if (value === undefined) throw new Error(`Missing --${name}; write labels as key=value.`);
  return value;
}

/**
 * Converts the entries of a `ports` option (`8080`, `TCP/8080`, `UDP/53`, `http`) into generator
 * ports; a protocol prefix must be TCP, UDP or SCTP.
 */
export function toPortInputs(value: unknown, name: string): PortInput[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(
      `Missing --${name}; list ports such as 8080, UDP/53 or http, separated by commas.`,
    );
  }
  return value.map((entry: unknown): PortInput => {
    if (typeof entry === 'number') return entry;
    const text = String(entry);
    const slash = text.indexOf('/');
    if (slash < 0) return text;
    const protocol = text.slice(0, slash).toUpperCase();
    if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
      throw new Error(
        `Invalid --${name} entry "${text}"; the protocol before "/" must be TCP, UDP or SCTP.`,
      );
    }
    const port = text.slice(slash + 1);
    return { protocol: protocol as Protocol, port: /^[0-9]+$/.test(port) ? Number(port) : port };
  });
}

/** Reads a single port option given as a number or a port name. */
function singlePort(value: unknown): PortInput | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^[0-9]+$/.test(text) ? Number(text) : text;
}

export const defaultDenyAllGenerator = defineGenerator({
  name: 'default-deny-all',
  area: 'network',
  description: 'A NetworkPolicy that denies all ingress and egress of every pod in a namespace.',
  options: [
    { name: 'namespace', type: 'string', required: true, description: 'namespace to isolate' },
  ],
  generate(options) {
    return defaultDenyAll(required(options, 'namespace'));
  },
});

export const allowGatewayToAppsGenerator = defineGenerator({
  name: 'allow-gateway-to-apps',
  area: 'network',
  description:
    'NetworkPolicies that let a gateway reach application pods on some ports: ingress on the application side, egress on the gateway side.',
  options: [
    {
      name: 'namespace',
      type: 'string',
      required: true,
      description: 'namespace of the application pods',
    },
    {
      name: 'gateway-namespace',
      type: 'string',
      description: 'namespace of the gateway (default: --namespace)',
    },
    {
      name: 'gateway-selector',
      type: 'labels',
      description: 'labels of the gateway pods (default: every pod of --gateway-namespace)',
    },
    {
      name: 'app-selector',
      type: 'labels',
      required: true,
      description: 'labels of the application pods the gateway may reach',
    },
    {
      name: 'ports',
      type: 'ports',
      required: true,
      description: 'ports of the application pods, such as 8080 or TCP/8443',
    },
    {
      name: 'skip-gateway-egress',
      type: 'boolean',
      description:
        'leave out the egress policy on the gateway side, for a gateway namespace managed elsewhere',
    },
  ],
  generate(options) {
    const gatewayNamespace = optionalText(options, 'gateway-namespace');
    const gatewayPodSelector = labels(options, 'gateway-selector');
    return allowGatewayToApps({
      namespace: required(options, 'namespace'),
      ...(gatewayNamespace === undefined ? {} : { gatewayNamespace }),
      ...(gatewayPodSelector === undefined ? {} : { gatewayPodSelector }),
      appPodSelector: requiredLabels(options, 'app-selector'),
      ports: toPortInputs(options.ports, 'ports'),
      egress: options['skip-gateway-egress'] !== true,
    });
  },
});

export const allowAppsToDbGenerator = defineGenerator({
  name: 'allow-apps-to-db',
  area: 'network',
  description:
    'NetworkPolicies that let application pods reach database pods of the same namespace on one port.',
  options: [
    {
      name: 'namespace',
      type: 'string',
      required: true,
      description: 'namespace of the application and the database',
    },
    {
      name: 'app-selector',
      type: 'labels',
      required: true,
      description: 'labels of the application pods',
    },
    {
      name: 'db-selector',
      type: 'labels',
      required: true,
      description: 'labels of the database pods',
    },
    {
      name: 'db-port',
      type: 'string',
      default: '5432',
      description: 'database port, as a number or a port name',
    },
  ],
  generate(options) {
    const port = singlePort(options['db-port']);
    return allowAppsToDb({
      namespace: required(options, 'namespace'),
      appPodSelector: requiredLabels(options, 'app-selector'),
      dbPodSelector: requiredLabels(options, 'db-selector'),
      ...(port === undefined ? {} : { port }),
    });
  },
});

export const denyCrossNamespaceGenerator = defineGenerator({
  name: 'deny-cross-namespace',
  area: 'network',
  description:
    'A NetworkPolicy that allows traffic between the pods of a namespace only; it blocks DNS too, so pair it with allow-dns-egress.',
  options: [
    { name: 'namespace', type: 'string', required: true, description: 'namespace to isolate' },
  ],
  generate(options) {
    return denyCrossNamespace(required(options, 'namespace'));
  },
});

export const allowDnsEgressGenerator = defineGenerator({
  name: 'allow-dns-egress',
  area: 'network',
  description:
    'A NetworkPolicy that lets every pod of a namespace query the cluster DNS on UDP and TCP port 53.',
  options: [
    { name: 'namespace', type: 'string', required: true, description: 'namespace of the pods' },
    {
      name: 'dns-namespace',
      type: 'string',
      default: 'kube-system',
      description: 'namespace of the DNS server pods',
    },
    {
      name: 'dns-selector',
      type: 'labels',
      default: 'k8s-app=kube-dns',
      description: 'labels of the DNS server pods',
    },
  ],
  generate(options) {
    const dnsNamespace = optionalText(options, 'dns-namespace');
    const dnsPodSelector = labels(options, 'dns-selector');
    return allowDnsEgress(required(options, 'namespace'), {
      ...(dnsNamespace === undefined ? {} : { dnsNamespace }),
      ...(dnsPodSelector === undefined ? {} : { dnsPodSelector }),
    });
  },
});

export const egressAllowListGenerator = defineGenerator({
  name: 'egress-allow-list',
  area: 'network',
  description:
    'A NetworkPolicy that lets selected pods reach one external address range, named allow-egress-<name>.',
  options: [
    { name: 'namespace', type: 'string', required: true, description: 'namespace of the pods' },
    {
      name: 'pod-selector',
      type: 'labels',
      required: true,
      description: 'labels of the pods that may connect',
    },
    {
      name: 'name',
      type: 'string',
      required: true,
      description: 'short name of the destination, such as payments',
    },
    {
      name: 'cidr',
      type: 'string',
      required: true,
      description: 'address range of the destination, such as 203.0.113.0/24',
    },
    { name: 'ports', type: 'ports', description: 'ports of the destination (default: every port)' },
  ],
  generate(options) {
    return egressAllowList(
      required(options, 'namespace'),
      requiredLabels(options, 'pod-selector'),
      [
        {
          name: required(options, 'name'),
          cidr: required(options, 'cidr'),
          ...(options.ports === undefined ? {} : { ports: toPortInputs(options.ports, 'ports') }),
        },
      ],
    );
  },
});

export const NETPOL_GENERATORS: readonly Generator[] = [
  defaultDenyAllGenerator,
  allowGatewayToAppsGenerator,
  allowAppsToDbGenerator,
  denyCrossNamespaceGenerator,
  allowDnsEgressGenerator,
  egressAllowListGenerator,
];
