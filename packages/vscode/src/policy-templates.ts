import {
  allowAppsToDb,
  allowDnsEgress,
  allowGatewayToApps,
  defaultDenyAll,
  denyCrossNamespace,
  type NetworkPolicyManifest,
  type PortInput,
} from '@kubeharden/netpol';

/** Fields a template needs besides the namespace, in the order the command prompts for them. */
export type TemplateField = 'gatewayNamespace' | 'appSelector' | 'dbSelector' | 'ports';

/** The answers to a template's prompts. */
export interface TemplateInput {
  readonly namespace: string;
  readonly gatewayNamespace?: string;
  readonly appSelector?: Readonly<Record<string, string>>;
  readonly dbSelector?: Readonly<Record<string, string>>;
  readonly ports?: readonly PortInput[];
}

export interface PolicyTemplate {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
  readonly fields: readonly TemplateField[];
  /** Builds the policies; throws the generator's error for an invalid input. */
  generate(input: TemplateInput): NetworkPolicyManifest[];
}

/** Database port of the apps-to-database template when none is given (PostgreSQL). */
export const DEFAULT_DATABASE_PORT = 5432;

/** The NetworkPolicy templates of "Insert NetworkPolicy…", in the order the picker lists them. */
export const POLICY_TEMPLATES: readonly PolicyTemplate[] = [
  {
    id: 'default-deny',
    label: 'Default deny',
    detail:
      'Denies all ingress and egress of every pod in the namespace, including pods created later.',
    fields: [],
    generate: (input) => defaultDenyAll(input.namespace),
  },
  {
    id: 'gateway-to-apps',
    label: 'Gateway to apps',
    detail:
      'Allows the pods of a gateway namespace to reach the selected application pods on the given ports.',
    fields: ['gatewayNamespace', 'appSelector', 'ports'],
    generate: (input) =>
      allowGatewayToApps({
        namespace: input.namespace,
        gatewayNamespace: required(input.gatewayNamespace, 'gatewayNamespace'),
        appPodSelector: required(input.appSelector, 'appSelector'),
        ports: required(input.ports, 'ports'),
      }),
  },
  {
    id: 'apps-to-db',
    label: 'Apps to database',
    detail:
      'Allows the selected application pods to reach the selected database pods of the namespace on one port.',
    fields: ['appSelector', 'dbSelector', 'ports'],
    generate: (input) =>
      allowAppsToDb({
        namespace: input.namespace,
        appPodSelector: required(input.appSelector, 'appSelector'),
        dbPodSelector: required(input.dbSelector, 'dbSelector'),
        port: input.ports?.[0] ?? DEFAULT_DATABASE_PORT,
      }),
  },
  {
    id: 'deny-cross-namespace',
    label: 'Deny cross-namespace',
    detail:
      'Allows traffic between pods of the namespace only; other namespaces and external addresses are denied.',
    fields: [],
    generate: (input) => denyCrossNamespace(input.namespace),
  },
  {
    id: 'dns-egress',
    label: 'DNS egress',
    detail:
      'Allows every pod of the namespace to query the cluster DNS (kube-system/kube-dns) on port 53.',
    fields: [],
    generate: (input) => allowDnsEgress(input.namespace),
  },
];

export function findTemplate(id: string): PolicyTemplate | undefined {
  return POLICY_TEMPLATES.find((template) => template.id === id);
}

/** Parses a comma-separated port list such as `8080, http`: numbers, or port names for TCP. */
export function parsePorts(text: string): PortInput[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => (/^[0-9]+$/.test(entry) ? Number(entry) : entry));
}

function required<T>(value: T | undefined, field: TemplateField): T {
  if (value === undefined) throw new Error(`Missing ${field}: the template needs it.`);
  return value;
}
