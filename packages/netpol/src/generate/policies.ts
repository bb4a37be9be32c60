import { NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import {
  checkCidr,
  checkLabels,
  checkDnsLabel,
  checkNamespace,
  checkPort,
  InvalidInputError,
  type PortEntry,
  type PortInput,
} from './validate.js';

export interface LabelSelectorManifest {
  matchLabels?: Record<string, string>;
}

export interface PeerManifest {
  podSelector?: LabelSelectorManifest;
  namespaceSelector?: LabelSelectorManifest;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyManifest {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    podSelector: LabelSelectorManifest;
    policyTypes: ('Ingress' | 'Egress')[];
    ingress?: { from?: PeerManifest[]; ports?: PortEntry[] }[];
    egress?: { to?: PeerManifest[]; ports?: PortEntry[] }[];
  };
}

/** Label that marks the policies generated here. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = 'kubeharden';

/**
 * Denies all ingress and egress of every pod in a namespace, including pods created later.
 * Combine it with the `allow…` generators, which open the paths an application needs.
 */
export function defaultDenyAll(namespace: string): NetworkPolicyManifest[] {
  const ns = checkNamespace('namespace', namespace);
  return [policy('default-deny-all', ns, {}, { policyTypes: ['Ingress', 'Egress'] })];
}

/**
 * Denies all ingress of every pod in a namespace, including pods created later; egress stays
 * open. Use it where egress is restricted separately or not at all.
 */
export function defaultDenyIngress(namespace: string): NetworkPolicyManifest[] {
  const ns = checkNamespace('namespace', namespace);
  return [policy('default-deny-ingress', ns, {}, { policyTypes: ['Ingress'] })];
}

/**
 * Denies all egress of every pod in a namespace, DNS included; pair it with `allowDnsEgress`
 * so that name lookups still work.
 */
export function defaultDenyEgress(namespace: string): NetworkPolicyManifest[] {
  const ns = checkNamespace('namespace', namespace);
  return [policy('default-deny-egress', ns, {}, { policyTypes: ['Egress'] })];
}

export interface GatewayToAppsOptions {
  /** Namespace of the application pods. */
  readonly namespace: string;
  /** Namespace of the gateway; when omitted the gateway runs in `namespace`. */
  readonly gatewayNamespace?: string;
  /** Labels of the gateway pods; when omitted every pod of `gatewayNamespace` is the gateway. */
  readonly gatewayPodSelector?: Readonly<Record<string, string>>;
  /** Labels of the application pods the gateway may reach; `{}` selects every pod of `namespace`. */
  readonly appPodSelector: Readonly<Record<string, string>>;
  readonly ports: readonly PortInput[];
  /**
   * Whether to add the egress policy on the gateway side too; true unless set. That policy
   * isolates the gateway pods' egress, so pair it with a default deny or other egress rules.
   */
  readonly egress?: boolean;
}

/**
 * Allows a gateway (ingress controller, API gateway) to reach application pods on the given
 * ports: an ingress policy on the application pods and, unless `egress` is false, an egress
 * policy on the gateway pods.
 */
export function allowGatewayToApps(options: GatewayToAppsOptions): NetworkPolicyManifest[] {
  const namespace = checkNamespace('namespace', options.namespace);
  const gatewayNamespace =
    options.gatewayNamespace === undefined
      ? undefined
      : checkNamespace('gatewayNamespace', options.gatewayNamespace);
  const gatewayPods =
    options.gatewayPodSelector === undefined
      ? undefined
      : checkLabels('gatewayPodSelector', options.gatewayPodSelector);
  if (gatewayNamespace === undefined && gatewayPods === undefined) {
    throw new InvalidInputError(
      'gatewayNamespace',
      undefined,
      'set gatewayNamespace, gatewayPodSelector or both',
    );
  }
  const appPods = checkLabels('appPodSelector', options.appPodSelector);
  const ports = checkPorts('ports', options.ports);

  const gatewayPeer = peerFor(namespace, gatewayNamespace ?? namespace, gatewayPods);
  const policies = [
    policy('allow-ingress-from-gateway', namespace, appPods, {
      policyTypes: ['Ingress'],
      ingress: [{ from: [gatewayPeer], ports }],
    }),
  ];
  if (options.egress !== false) {
    const sourceNamespace = gatewayNamespace ?? namespace;
    policies.push(
      policy(`allow-egress-gateway-to-${namespace}`, sourceNamespace, gatewayPods ?? {}, {
        policyTypes: ['Egress'],
        egress: [{ to: [peerFor(sourceNamespace, namespace, appPods)], ports }],
      }),
    );
  }
  return policies;
}

export interface AppsToDbOptions {
  readonly namespace: string;
  readonly appPodSelector: Readonly<Record<string, string>>;
  readonly dbPodSelector: Readonly<Record<string, string>>;
  /** Database port; 5432 (PostgreSQL) unless set. */
  readonly port?: PortInput;
}

/**
 * Allows application pods to reach database pods of the same namespace on one port: an
 * ingress policy on the database pods and an egress policy on the application pods.
 */
export function allowAppsToDb(options: AppsToDbOptions): NetworkPolicyManifest[] {
  const namespace = checkNamespace('namespace', options.namespace);
  const appPods = checkLabels('appPodSelector', options.appPodSelector);
  const dbPods = checkLabels('dbPodSelector', options.dbPodSelector);
  const ports = [checkPort('port', options.port ?? 5432)];

  return [
    policy('allow-ingress-apps-to-db', namespace, dbPods, {
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: appPods } }], ports }],
    }),
    policy('allow-egress-apps-to-db', namespace, appPods, {
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: dbPods } }], ports }],
    }),
  ];
}

/**
 * Allows traffic between pods of the namespace only: ingress from and egress to other
 * namespaces and external addresses is denied, DNS included; add `allowDnsEgress` for it.
 */
export function denyCrossNamespace(namespace: string): NetworkPolicyManifest[] {
  const ns = checkNamespace('namespace', namespace);
  return [
    policy(
      'deny-cross-namespace',
      ns,
      {},
      {
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      },
    ),
  ];
}

export interface DnsEgressOptions {
  /** Namespace of the DNS server pods; `kube-system` unless set. */
  readonly dnsNamespace?: string;
  /** Labels of the DNS server pods; `{ 'k8s-app': 'kube-dns' }` unless set, which CoreDNS also uses. */
  readonly dnsPodSelector?: Readonly<Record<string, string>>;
}

/** Allows every pod of a namespace to query the cluster DNS on UDP and TCP port 53. */
export function allowDnsEgress(
  namespace: string,
  options: DnsEgressOptions = {},
): NetworkPolicyManifest[] {
  const ns = checkNamespace('namespace', namespace);
  const dnsNamespace = checkNamespace('dnsNamespace', options.dnsNamespace ?? 'kube-system');
  const dnsPods = checkLabels(
    'dnsPodSelector',
    options.dnsPodSelector ?? { 'k8s-app': 'kube-dns' },
  );

  return [
    policy(
      'allow-dns-egress',
      ns,
      {},
      {
        policyTypes: ['Egress'],
        egress: [
          {
            to: [peerFor(ns, dnsNamespace, dnsPods)],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    ),
  ];
}

export interface EgressDestination {
  /** Short name of the destination, used in the policy name `allow-egress-<name>`. */
  readonly name: string;
  readonly cidr: string;
  /** Ports to allow; every port and protocol when omitted or empty. */
  readonly ports?: readonly PortInput[];
}

/**
 * Allows the selected pods of a namespace to reach external address ranges, one policy per
 * destination so that each can be reviewed and removed on its own.
 */
export function egressAllowList(
  namespace: string,
  podSelector: Readonly<Record<string, string>>,
  destinations: readonly EgressDestination[],
): NetworkPolicyManifest[] {
  const ns = checkNamespace('namespace', namespace);
  const pods = checkLabels('podSelector', podSelector);
  if (!Array.isArray(destinations) || destinations.length === 0) {
    throw new InvalidInputError(
      'destinations',
      destinations,
      'list at least one { name, cidr, ports } entry',
    );
  }

  const names = new Set<string>();
  return destinations.map((destination, index) => {
    const argument = `destinations[${index}]`;
    const name = `allow-egress-${checkDnsLabel(`${argument}.name`, destination.name, 'a destination name')}`;
    if (names.has(name))
      throw new InvalidInputError(
        `${argument}.name`,
        destination.name,
        'destination names must be unique',
      );
    names.add(name);
    const cidr = checkCidr(`${argument}.cidr`, destination.cidr);
    const ports =
      destination.ports === undefined
        ? []
        : checkPorts(`${argument}.ports`, destination.ports, true);
    return policy(name, ns, pods, {
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr } }], ...(ports.length === 0 ? {} : { ports }) }],
    });
  });
}

function policy(
  name: string,
  namespace: string,
  podSelector: Record<string, string>,
  rest: Omit<NetworkPolicyManifest['spec'], 'podSelector'>,
): NetworkPolicyManifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
    spec: { podSelector: selector(podSelector), ...rest },
  };
}

/** Builds a peer that selects pods of `peerNamespace` from a policy in `policyNamespace`. */
function peerFor(
  policyNamespace: string,
  peerNamespace: string,
  pods: Record<string, string> | undefined,
): PeerManifest {
  const podSelector = pods === undefined ? undefined : selector(pods);
  if (peerNamespace === policyNamespace) return { podSelector: podSelector ?? {} };
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peerNamespace } },
    ...(podSelector === undefined ? {} : { podSelector }),
  };
}

function selector(labels: Record<string, string>): LabelSelectorManifest {
  return Object.keys(labels).length === 0 ? {} : { matchLabels: { ...labels } };
}

function checkPorts(argument: string, value: unknown, allowEmpty = false): PortEntry[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    throw new InvalidInputError(argument, value, 'expected a non-empty list of ports');
  }
  return value.map((port: unknown, index) => checkPort(`${argument}[${index}]`, port));
}
