import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '@kubeharden/core';
import {
  allowAppsToDb,
  allowDnsEgress,
  allowGatewayToApps,
  defaultDenyAll,
  denyCrossNamespace,
  MANAGED_BY_LABEL,
  type NetworkPolicyManifest,
} from '@kubeharden/netpol';

import type { LayerFile } from './layer.js';
import type { InitOptions, Inference, PortRef } from './model.js';
import { namespaceValue, type LayerValues } from './values.js';

/** Value of the managed-by label on the policies built here, as the netpol generators set it. */
const MANAGED_BY = 'kubeharden';
/** Sources of the gateway without --ingress-cidr: every IPv4 and every IPv6 address. */
const ANY_ADDRESS = ['0.0.0.0/0', '::/0'];

function portInputs(
  ports: readonly PortRef[],
): { protocol: PortRef['protocol']; port: number | string }[] {
  return ports.map((port) => ({ protocol: port.protocol, port: port.port }));
}

/** Appends `-suffix` to the names of generated policies, where several would share a name. */
function renamed(
  policies: NetworkPolicyManifest[],
  suffix: string | undefined,
): NetworkPolicyManifest[] {
  if (suffix === undefined) return policies;
  return policies.map((policy) => ({
    ...policy,
    metadata: { ...policy.metadata, name: `${policy.metadata.name}-${suffix}` },
  }));
}

/**
 * Builds the NetworkPolicies: default deny and DNS egress for every covered namespace, then one
 * file per intended path.
 */
export function networkPolicyFiles(
  inference: Inference,
  options: InitOptions,
  values: LayerValues,
  notes: string[],
): LayerFile[] {
  const covered = inference.coveredNamespaces.map((namespace) =>
    namespaceValue(namespace, inference, values),
  );
  const files: LayerFile[] = [
    {
      path: 'networkpolicies/default-deny-all.yaml',
      objects: covered.flatMap((namespace) => defaultDenyAll(namespace)),
      comment: [
        'Denies all traffic of every pod in the covered namespaces; the other policies open the intended paths.',
      ],
      resource: true,
    },
    {
      path: 'networkpolicies/allow-dns-egress.yaml',
      objects: covered.flatMap((namespace) =>
        allowDnsEgress(namespace, {
          dnsNamespace: options.dnsNamespace,
          dnsPodSelector: { ...options.dnsSelector },
        }),
      ),
      comment: ['Lets every pod of the covered namespaces query the cluster DNS.'],
      resource: true,
    },
  ];

  const gateway = inference.gateway;
  if (gateway !== undefined) {
    const gatewayNamespace = values.gatewayNamespace ?? gateway.namespace;
    const covered = gateway.workloads.length > 0;
    const policies = inference.backends.flatMap((backend) =>
      renamed(
        allowGatewayToApps({
          namespace: values.namespace,
          gatewayNamespace,
          ...(gateway.selector === undefined
            ? {}
            : { gatewayPodSelector: { ...gateway.selector } }),
          appPodSelector: { ...backend.workload.selector },
          ports: portInputs(backend.ports),
          egress: covered,
        }),
        inference.backends.length > 1 ? backend.workload.name : undefined,
      ),
    );
    files.push({
      path: 'networkpolicies/allow-gateway-to-apps.yaml',
      objects: policies,
      comment: covered
        ? [
            'Lets the gateway reach the application pods on their ports: ingress on the application side, egress on the gateway side.',
          ]
        : [
            'Lets the gateway reach the application pods on their ports. The gateway namespace is managed elsewhere, so it gets no egress policy here.',
          ],
      resource: true,
    });
    if (covered && gateway.ports.length > 0) {
      files.push({
        path: 'networkpolicies/allow-ingress-to-gateway.yaml',
        objects: [
          gatewayIngressPolicy(
            gatewayNamespace,
            gateway.selector,
            gateway.ports,
            options.ingressCidrs,
          ),
        ],
        comment: [
          'Lets clients reach the gateway on the ports it listens on; it is the only way into the application.',
        ],
        resource: true,
      });
    }
  }

  const databaseFile = databasePolicies(inference, values);
  if (databaseFile !== undefined) files.push(databaseFile);
  const cloudNativePgFile = cloudNativePgPolicies(inference, options, values);
  if (cloudNativePgFile !== undefined) files.push(cloudNativePgFile);
  const apiFile = apiServerPolicies(inference, options, values, notes);
  if (apiFile !== undefined) files.push(apiFile);

  if (options.allowSameNamespace) {
    files.push({
      path: 'networkpolicies/deny-cross-namespace.yaml',
      objects: denyCrossNamespace(values.namespace),
      comment: [
        `Allows all traffic between the pods of ${values.namespace}, beyond the paths the other policies open (--allow-same-namespace).`,
      ],
      resource: true,
    });
  } else {
    notes.push(
      `same-namespace traffic: denied except the paths above; --allow-same-namespace adds deny-cross-namespace, which allows all of it`,
    );
  }
  return files;
}

function databasePolicies(inference: Inference, values: LayerValues): LayerFile | undefined {
  const pairs = inference.databases.flatMap((database) =>
    inference.clients.map((client) => ({ client, database })),
  );
  if (pairs.length === 0) return undefined;

  const manyClients = inference.clients.length > 1;
  const manyDatabases = inference.databases.length > 1;
  const objects = pairs.flatMap(({ client, database }) => {
    const suffix = [
      manyClients ? client.name : undefined,
      manyDatabases ? database.workload.name : undefined,
    ]
      .filter((part) => part !== undefined)
      .join('-');
    return renamed(
      allowAppsToDb({
        namespace: values.namespace,
        appPodSelector: { ...client.selector },
        dbPodSelector: { ...database.selector },
        port: { port: database.port.port, protocol: database.port.protocol },
      }),
      suffix === '' ? undefined : suffix,
    );
  });
  return {
    path: 'networkpolicies/allow-apps-to-db.yaml',
    objects,
    comment: [
      'Lets the application pods reach the database on its port: ingress on the database side, egress on the application side.',
    ],
    resource: true,
  };
}

/** Builds a NetworkPolicy of the layer from its parts, labelled like the generated ones. */
function networkPolicy(
  name: string,
  namespace: string,
  selector: Readonly<Record<string, string>>,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
): object {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY },
      ...(annotations === undefined ? {} : { annotations }),
    },
    spec: {
      podSelector: Object.keys(selector).length === 0 ? {} : { matchLabels: { ...selector } },
      ...spec,
    },
  };
}

/**
 * Opens what CloudNativePG needs, as its networking documentation lists it: the operator reaches
 * every instance on TCP 8000 (instance manager) and 5432, and the instances reach each other.
 */
function cloudNativePgPolicies(
  inference: Inference,
  options: InitOptions,
  values: LayerValues,
): LayerFile | undefined {
  const clusters = inference.databases.filter((database) => database.cloudNativePg);
  if (clusters.length === 0) return undefined;
  const ports = [
    { protocol: 'TCP', port: 8000 },
    { protocol: 'TCP', port: 5432 },
  ];
  const operator = {
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': options.cnpgOperatorNamespace },
    },
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cloudnative-pg' } },
  };
  const objects = clusters.flatMap((database) => {
    const name = database.workload.name;
    const instances = { podSelector: { matchLabels: { ...database.selector } } };
    return [
      networkPolicy(`allow-cnpg-operator-to-${name}`, values.namespace, database.selector, {
        policyTypes: ['Ingress'],
        ingress: [{ from: [operator], ports }],
      }),
      networkPolicy(`allow-cnpg-instances-${name}`, values.namespace, database.selector, {
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [instances], ports }],
        egress: [{ to: [instances], ports }],
      }),
    ];
  });
  return {
    path: 'networkpolicies/allow-cloudnative-pg.yaml',
    objects,
    comment: [
      `Lets the CloudNativePG operator in namespace ${options.cnpgOperatorNamespace} manage the instances, and the instances replicate between each other.`,
    ],
    resource: true,
  };
}

/** Opens the Kubernetes API server to the workloads that call it, when its addresses are given. */
function apiServerPolicies(
  inference: Inference,
  options: InitOptions,
  values: LayerValues,
  notes: string[],
): LayerFile | undefined {
  if (inference.apiClients.length === 0) return undefined;
  const cidrs = options.apiServerCidrs;
  if (cidrs === undefined) {
    for (const client of inference.apiClients) {
      notes.push(
        `note: ${client.workload.kind} ${client.workload.namespace}/${client.workload.name} calls the Kubernetes API (${client.reason}), which default deny blocks; give --api-server-cidr with the API server addresses`,
      );
    }
    return undefined;
  }
  // The kubernetes Service forwards 443 to the API server's own port, 6443 on most clusters, and
  // NetworkPolicy implementations see one or the other depending on where they apply the rules.
  const ports = [
    { protocol: 'TCP', port: 443 },
    { protocol: 'TCP', port: 6443 },
  ];
  const objects = inference.apiClients.map((client) =>
    networkPolicy(
      `allow-egress-api-server-${client.workload.name}`,
      namespaceValue(client.workload.namespace, inference, values),
      client.workload.selector,
      {
        policyTypes: ['Egress'],
        egress: [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports }],
      },
    ),
  );
  return {
    path: 'networkpolicies/allow-api-server-egress.yaml',
    objects,
    comment: [
      'Lets the workloads that call the Kubernetes API reach the API server addresses given with --api-server-cidr.',
    ],
    resource: true,
  };
}

/**
 * Builds the policy that admits clients to the gateway. Without `--ingress-cidr` every address may
 * connect, so the policy carries a suppression of no-allow-all-peers with the reason.
 */
function gatewayIngressPolicy(
  namespace: string,
  selector: Readonly<Record<string, string>> | undefined,
  ports: readonly PortRef[],
  cidrs: readonly string[] | undefined,
): object {
  const everyAddress = cidrs === undefined;
  const annotations = everyAddress
    ? {
        [IGNORE_ANNOTATION]: 'no-allow-all-peers',
        [IGNORE_REASON_ANNOTATION]:
          'The gateway is the entry point of the application, so clients connect from any address; narrow it with kubeharden init --ingress-cidr.',
      }
    : undefined;
  return networkPolicy(
    'allow-ingress-to-gateway',
    namespace,
    selector ?? {},
    {
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: (cidrs ?? ANY_ADDRESS).map((cidr) => ({ ipBlock: { cidr } })),
          ports: portInputs(ports),
        },
      ],
    },
    annotations,
  );
}
