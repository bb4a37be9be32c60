import { describe, expect, it } from 'vitest';
import {
  allowAppsToDb,
  allowDnsEgress,
  allowGatewayToApps,
  analyzeConnectivity,
  defaultDenyAll,
  defaultDenyEgress,
  defaultDenyIngress,
  denyCrossNamespace,
  egressAllowList,
  InvalidInputError,
  loadCluster,
} from '../../src/index.js';
import { ALL_IPV4, connectionLines, deployment, namespace } from '../helpers.js';

const MANAGED = { 'app.kubernetes.io/managed-by': 'kubeharden' };

describe('generated policies', () => {
  it('default deny covers both directions', () => {
    expect(defaultDenyAll('payments')).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny-all', namespace: 'payments', labels: MANAGED },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
    ]);
  });

  it('default deny of one direction', () => {
    expect(defaultDenyIngress('payments')).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny-ingress', namespace: 'payments', labels: MANAGED },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
    ]);
    expect(defaultDenyEgress('payments')).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny-egress', namespace: 'payments', labels: MANAGED },
        spec: { podSelector: {}, policyTypes: ['Egress'] },
      },
    ]);
  });

  it('default deny of one direction rejects bad namespace', () => {
    expect(() => defaultDenyIngress('Payments')).toThrow(InvalidInputError);
    expect(() => defaultDenyEgress('')).toThrow(InvalidInputError);
  });

  it('DNS egress uses kube-dns defaults', () => {
    expect(allowDnsEgress('payments')[0]?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
  });

  it('same-namespace gateway uses pod selector', () => {
    const [ingress, egress] = allowGatewayToApps({
      namespace: 'web',
      gatewayPodSelector: { app: 'nginx' },
      appPodSelector: {},
      ports: [8080, { port: 'metrics', protocol: 'TCP' }],
    });

    expect(ingress?.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { app: 'nginx' } } }],
        ports: [
          { protocol: 'TCP', port: 8080 },
          { protocol: 'TCP', port: 'metrics' },
        ],
      },
    ]);
    expect(egress?.metadata).toMatchObject({
      name: 'allow-egress-gateway-to-web',
      namespace: 'web',
    });
    expect(egress?.spec.podSelector).toEqual({ matchLabels: { app: 'nginx' } });
  });

  it('gateway egress can be left out', () => {
    expect(
      allowGatewayToApps({
        namespace: 'web',
        gatewayNamespace: 'ingress',
        appPodSelector: {},
        ports: [80],
        egress: false,
      }),
    ).toHaveLength(1);
  });

  it('allow list makes one policy per destination', () => {
    const policies = egressAllowList('payments', { app: 'api' }, [
      { name: 'stripe', cidr: '203.0.113.0/24', ports: [443] },
      { name: 'backup', cidr: '2001:db8::/48' },
    ]);

    expect(policies.map((policy) => policy.metadata.name)).toEqual([
      'allow-egress-stripe',
      'allow-egress-backup',
    ]);
    expect(policies[0]?.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    expect(policies[1]?.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '2001:db8::/48' } }] }]);
  });

  it('generated policies load without problems', () => {
    const policies = [
      ...defaultDenyAll('a'),
      ...allowGatewayToApps({
        namespace: 'a',
        gatewayNamespace: 'b',
        appPodSelector: { app: 'x' },
        ports: [80],
      }),
      ...allowAppsToDb({
        namespace: 'a',
        appPodSelector: { app: 'x' },
        dbPodSelector: { app: 'db' },
        port: { port: 3306 },
      }),
      ...denyCrossNamespace('a'),
      ...allowDnsEgress('a', { dnsNamespace: 'dns', dnsPodSelector: { app: 'coredns' } }),
      ...egressAllowList('a', {}, [
        { name: 'net', cidr: '10.0.0.0/8', ports: [{ port: 8000, endPort: 8100 }] },
      ]),
    ];

    expect(loadCluster(policies).problems).toEqual([]);
  });
});

describe('generator input errors', () => {
  it.each([
    [
      'namespace with upper case',
      () => defaultDenyAll('Payments'),
      'Invalid namespace "Payments": a namespace name must consist of lower case alphanumeric characters or \'-\', and start and end with an alphanumeric character.',
    ],
    [
      'namespace not a string',
      () => denyCrossNamespace(7 as unknown as string),
      'Invalid namespace 7: a namespace name must be a string.',
    ],
    [
      'port out of range',
      () => allowAppsToDb({ namespace: 'a', appPodSelector: {}, dbPodSelector: {}, port: 70000 }),
      'Invalid port.port 70000: a port number must be an integer from 1 to 65535.',
    ],
    [
      'endPort without number',
      () =>
        allowAppsToDb({
          namespace: 'a',
          appPodSelector: {},
          dbPodSelector: {},
          port: { port: 'pg', endPort: 5440 },
        }),
      'Invalid port.endPort 5440: endPort needs a numeric port as the start of the range.',
    ],
    [
      'lower-case protocol',
      () =>
        allowAppsToDb({
          namespace: 'a',
          appPodSelector: {},
          dbPodSelector: {},
          port: { port: 53, protocol: 'udp' as 'UDP' },
        }),
      'Invalid port.protocol "udp": use TCP, UDP or SCTP.',
    ],
    [
      'label value with space',
      () => allowDnsEgress('a', { dnsPodSelector: { app: 'core dns' } }),
      "Invalid dnsPodSelector.app \"core dns\": a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character.",
    ],
    [
      'no gateway given',
      () => allowGatewayToApps({ namespace: 'a', appPodSelector: {}, ports: [80] }),
      'Invalid gatewayNamespace undefined: set gatewayNamespace, gatewayPodSelector or both.',
    ],
    [
      'empty ports',
      () =>
        allowGatewayToApps({
          namespace: 'a',
          gatewayNamespace: 'b',
          appPodSelector: {},
          ports: [],
        }),
      'Invalid ports []: expected a non-empty list of ports.',
    ],
    [
      'invalid CIDR',
      () => egressAllowList('a', {}, [{ name: 'x', cidr: '10.0.0.0/33' }]),
      'Invalid destinations[0].cidr "10.0.0.0/33": its prefix length must be a number from 0 to 32.',
    ],
    [
      'CIDR with host bits',
      () => egressAllowList('a', {}, [{ name: 'x', cidr: '10.0.0.1/8' }]),
      'Invalid destinations[0].cidr "10.0.0.1/8": it is not canonical; use 10.0.0.0/8.',
    ],
    [
      'duplicate destination',
      () =>
        egressAllowList('a', {}, [
          { name: 'x', cidr: '10.0.0.0/8' },
          { name: 'x', cidr: '10.0.0.0/16' },
        ]),
      'Invalid destinations[1].name "x": destination names must be unique.',
    ],
    [
      'bad destination name',
      () => egressAllowList('a', {}, [{ name: 'Stripe API', cidr: '10.0.0.0/8' }]),
      'Invalid destinations[0].name "Stripe API": a destination name must consist of lower case alphanumeric characters or \'-\', and start and end with an alphanumeric character.',
    ],
    [
      'no destinations',
      () => egressAllowList('a', {}, []),
      'Invalid destinations []: list at least one { name, cidr, ports } entry.',
    ],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(message);
  });
});

describe('generated set for a small app', () => {
  const workloads = [
    namespace('gateway'),
    namespace('app'),
    deployment('gateway', 'gateway', { app: 'gateway' }, [{ name: 'https', containerPort: 8443 }]),
    deployment('app', 'api', { app: 'api' }, [{ name: 'http', containerPort: 8080 }]),
    deployment('app', 'postgres', { app: 'postgres' }, [{ name: 'pg', containerPort: 5432 }]),
    deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53 },
    ]),
  ];
  const policies = [
    ...defaultDenyAll('gateway'),
    ...defaultDenyAll('app'),
    ...allowGatewayToApps({
      namespace: 'app',
      gatewayNamespace: 'gateway',
      gatewayPodSelector: { app: 'gateway' },
      appPodSelector: { app: 'api' },
      ports: [8080],
    }),
    ...allowAppsToDb({
      namespace: 'app',
      appPodSelector: { app: 'api' },
      dbPodSelector: { app: 'postgres' },
    }),
    ...allowDnsEgress('gateway'),
    ...allowDnsEgress('app'),
  ];

  it('opens exactly the intended paths', () => {
    const analysis = analyzeConnectivity([...workloads, ...policies]);

    expect(analysis.problems).toEqual([]);
    expect(connectionLines(analysis)).toEqual([
      `${ALL_IPV4} => kube-system/coredns[Deployment] : All Connections`,
      'app/api[Deployment] => app/postgres[Deployment] : TCP 5432',
      'app/api[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
      'app/postgres[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
      'gateway/gateway[Deployment] => app/api[Deployment] : TCP 8080',
      'gateway/gateway[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
      `kube-system/coredns[Deployment] => ${ALL_IPV4} : All Connections`,
    ]);
  });

  it('gateway reaches neither postgres nor outside', () => {
    const analysis = analyzeConnectivity([...workloads, ...policies]);

    expect(analysis.explain('gateway/gateway', 'app/postgres', 'TCP', 5432).allowed).toBe(false);
    expect(analysis.explain('gateway/gateway', '203.0.113.10', 'TCP', 443).allowed).toBe(false);
    expect(analysis.explain('app/postgres', 'app/api', 'TCP', 8080).allowed).toBe(false);
  });

  it('cross-namespace deny keeps the namespace open inside', () => {
    const analysis = analyzeConnectivity([...workloads, ...denyCrossNamespace('app')]);

    expect(
      connectionLines(analysis).filter(
        (line) => line.startsWith('app/') || line.includes('=> app/'),
      ),
    ).toEqual([
      'app/api[Deployment] => app/postgres[Deployment] : All Connections',
      'app/postgres[Deployment] => app/api[Deployment] : All Connections',
    ]);
  });
});
