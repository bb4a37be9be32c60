import { describe, expect, it } from 'vitest';
import { analyzeConnectivity } from '../../src/index.js';
import { ALL_IPV4, connectionLines, deployment, namespace, networkPolicy } from '../helpers.js';

const WEB = deployment('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]);
const API = deployment('shop', 'api', { app: 'api' }, [{ name: 'http', containerPort: 9090 }]);
const REPORTS = deployment('analytics', 'reports', { app: 'reports' });

describe('isolation', () => {
  it('no policies allow everything', () => {
    const analysis = analyzeConnectivity([WEB, API]);

    expect(connectionLines(analysis)).toEqual([
      `${ALL_IPV4} => shop/api[Deployment] : All Connections`,
      `${ALL_IPV4} => shop/web[Deployment] : All Connections`,
      `shop/api[Deployment] => ${ALL_IPV4} : All Connections`,
      'shop/api[Deployment] => shop/web[Deployment] : All Connections',
      `shop/web[Deployment] => ${ALL_IPV4} : All Connections`,
      'shop/web[Deployment] => shop/api[Deployment] : All Connections',
    ]);
  });

  it('default deny ingress keeps egress open', () => {
    const analysis = analyzeConnectivity([
      WEB,
      REPORTS,
      networkPolicy('shop', 'deny', { podSelector: {} }),
    ]);

    expect(connectionLines(analysis)).toEqual([
      `${ALL_IPV4} => analytics/reports[Deployment] : All Connections`,
      `analytics/reports[Deployment] => ${ALL_IPV4} : All Connections`,
      `shop/web[Deployment] => ${ALL_IPV4} : All Connections`,
      'shop/web[Deployment] => analytics/reports[Deployment] : All Connections',
    ]);
  });

  it('policy without spec denies ingress', () => {
    const analysis = analyzeConnectivity([
      WEB,
      REPORTS,
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'bare', namespace: 'shop' },
      },
    ]);

    expect(analysis.connectionBetween('analytics/reports', 'shop/web').isEmpty).toBe(true);
    expect(analysis.connectionBetween('shop/web', 'analytics/reports').isAll).toBe(true);
  });

  it('egress type without rules denies egress', () => {
    const analysis = analyzeConnectivity([
      WEB,
      REPORTS,
      networkPolicy('shop', 'deny', { podSelector: {}, policyTypes: ['Egress'] }),
    ]);

    expect(connectionLines(analysis)).toEqual([
      `${ALL_IPV4} => analytics/reports[Deployment] : All Connections`,
      `${ALL_IPV4} => shop/web[Deployment] : All Connections`,
      `analytics/reports[Deployment] => ${ALL_IPV4} : All Connections`,
      'analytics/reports[Deployment] => shop/web[Deployment] : All Connections',
    ]);
  });

  it('both sides must allow', () => {
    const analysis = analyzeConnectivity([
      WEB,
      API,
      networkPolicy('shop', 'web-egress', {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 9000, endPort: 9100 }] }],
      }),
      networkPolicy('shop', 'api-ingress', {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [{ ports: [{ port: 9090 }, { port: 9200 }] }],
      }),
    ]);

    expect(analysis.connectionBetween('shop/web', 'shop/api').toString()).toBe('TCP 9090');
    expect(analysis.connectionBetween('shop/web', '203.0.113.1').toString()).toBe('TCP 9000-9100');
    expect(analysis.connectionBetween('203.0.113.1', 'shop/api').toString()).toBe('TCP 9090,9200');
  });

  it('policies of one pod add up', () => {
    const analysis = analyzeConnectivity([
      WEB,
      API,
      networkPolicy('shop', 'a', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }),
      networkPolicy('shop', 'b', {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
      }),
    ]);

    expect(analysis.connectionBetween('shop/web', 'shop/api').toString()).toBe('TCP 80,UDP 53');
    expect(analysis.connectionBetween('shop/api', 'shop/web').toString()).toBe('TCP 80');
  });

  it('invalid pod selector isolates nothing', () => {
    const analysis = analyzeConnectivity([
      WEB,
      networkPolicy('shop', 'broken', {
        podSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] },
        policyTypes: ['Ingress', 'Egress'],
      }),
    ]);

    expect(analysis.isolation(analysis.cluster.workloads[0]!)).toEqual({ ingress: [], egress: [] });
    expect(analysis.problems.map((problem) => problem.code)).toEqual(['unknown-selector-operator']);
  });
});

describe('peers', () => {
  const peerPolicy = (from: unknown[]): unknown =>
    networkPolicy('shop', 'api-ingress', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from }],
    });
  const objects = [
    namespace('analytics', { team: 'data' }),
    namespace('shop'),
    WEB,
    API,
    REPORTS,
    deployment('analytics', 'web', { app: 'web' }),
  ];
  const sourcesOfApi = (from: unknown[]): string[] =>
    connectionLines(analyzeConnectivity([...objects, peerPolicy(from)]))
      .filter((line) => line.includes('=> shop/api'))
      .map((line) => line.split(' => ')[0] ?? '');

  it('podSelector alone means the policy namespace', () => {
    expect(sourcesOfApi([{ podSelector: { matchLabels: { app: 'web' } } }])).toEqual([
      'shop/web[Deployment]',
    ]);
  });

  it('namespaceSelector alone means all its pods', () => {
    expect(sourcesOfApi([{ namespaceSelector: { matchLabels: { team: 'data' } } }])).toEqual([
      'analytics/reports[Deployment]',
      'analytics/web[Deployment]',
    ]);
  });

  it('empty namespaceSelector excludes external sources', () => {
    expect(sourcesOfApi([{ namespaceSelector: {} }])).toEqual([
      'analytics/reports[Deployment]',
      'analytics/web[Deployment]',
      'shop/web[Deployment]',
    ]);
  });

  it('both selectors in one peer are ANDed', () => {
    expect(
      sourcesOfApi([
        {
          namespaceSelector: { matchLabels: { team: 'data' } },
          podSelector: { matchLabels: { app: 'web' } },
        },
      ]),
    ).toEqual(['analytics/web[Deployment]']);
  });

  it('separate peers are ORed', () => {
    expect(
      sourcesOfApi([
        { namespaceSelector: { matchLabels: { team: 'data' } } },
        { podSelector: { matchLabels: { app: 'web' } } },
      ]),
    ).toEqual([
      'analytics/reports[Deployment]',
      'analytics/web[Deployment]',
      'shop/web[Deployment]',
    ]);
  });

  it('namespace name label selects by name', () => {
    expect(
      sourcesOfApi([
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'analytics' } },
          podSelector: {},
        },
      ]),
    ).toEqual(['analytics/reports[Deployment]', 'analytics/web[Deployment]']);
  });

  it('ipBlock matches external addresses only', () => {
    expect(sourcesOfApi([{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }])).toEqual([
      '0.0.0.0-9.255.255.255[External]',
      '11.0.0.0-255.255.255.255[External]',
    ]);
  });
});

describe('ports', () => {
  it('named ports resolve per destination', () => {
    const analysis = analyzeConnectivity([
      WEB,
      API,
      REPORTS,
      networkPolicy('shop', 'http-only', {
        podSelector: {},
        ingress: [{ ports: [{ port: 'http' }] }],
      }),
    ]);

    expect(analysis.connectionBetween('analytics/reports', 'shop/web').toString()).toBe('TCP 8080');
    expect(analysis.connectionBetween('analytics/reports', 'shop/api').toString()).toBe('TCP 9090');
  });

  it('named port needs the same protocol', () => {
    const dns = deployment('kube-system', 'dns', { app: 'dns' }, [
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
    ]);
    const policy = (protocol: string): unknown =>
      networkPolicy('kube-system', 'dns', {
        podSelector: {},
        ingress: [{ ports: [{ port: 'dns', protocol }] }],
      });

    expect(
      analyzeConnectivity([WEB, dns, policy('TCP')]).connectionBetween(
        'shop/web',
        'kube-system/dns',
      ).isEmpty,
    ).toBe(true);
    expect(
      analyzeConnectivity([WEB, dns, policy('UDP')])
        .connectionBetween('shop/web', 'kube-system/dns')
        .toString(),
    ).toBe('UDP 53');
  });

  it('egress named ports use the destination pod', () => {
    const analysis = analyzeConnectivity([
      WEB,
      API,
      networkPolicy('shop', 'egress', {
        podSelector: { matchLabels: { app: 'web' } },
        egress: [{ ports: [{ port: 'http' }] }],
      }),
    ]);

    expect(analysis.connectionBetween('shop/web', 'shop/api').toString()).toBe('TCP 9090');
    expect(analysis.connectionBetween('shop/web', '198.51.100.7').isEmpty).toBe(true);
  });

  it('protocol without port allows its whole range', () => {
    const analysis = analyzeConnectivity([
      WEB,
      API,
      networkPolicy('shop', 'udp', {
        podSelector: {},
        ingress: [{ ports: [{ protocol: 'UDP' }] }],
      }),
    ]);

    expect(analysis.connectionBetween('shop/web', 'shop/api').toString()).toBe('UDP 1-65535');
  });

  it('invalid port entry allows nothing', () => {
    const analysis = analyzeConnectivity([
      WEB,
      API,
      networkPolicy('shop', 'bad', { podSelector: {}, ingress: [{ ports: [{ endPort: 90 }] }] }),
    ]);

    expect(analysis.connectionBetween('shop/web', 'shop/api').isEmpty).toBe(true);
  });
});

describe('external ranges', () => {
  const ipv6Policy = networkPolicy('shop', 'v6', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '2001:db8::/32' } }] }],
  });

  it('ipv4 only without IPv6 blocks', () => {
    expect(analyzeConnectivity([WEB]).destinationRanges.map((range) => range.name)).toEqual([
      ALL_IPV4,
    ]);
  });

  it('IPv6 block adds IPv6 ranges', () => {
    const analysis = analyzeConnectivity([WEB, ipv6Policy]);

    expect(analysis.destinationRanges.map((range) => range.name)).toEqual([
      ALL_IPV4,
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]',
    ]);
    expect(connectionLines(analysis).filter((line) => line.startsWith('shop/web'))).toEqual([
      'shop/web[Deployment] => 2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections',
    ]);
  });

  it('ipv6 modes', () => {
    expect(analyzeConnectivity([WEB], { ipv6: 'always' }).sourceRanges).toHaveLength(2);
    expect(
      analyzeConnectivity([WEB, ipv6Policy], { ipv6: 'never' }).destinationRanges.map(
        (range) => range.name,
      ),
    ).toEqual([ALL_IPV4]);
  });

  it('sources split by ingress blocks only', () => {
    const analysis = analyzeConnectivity([
      WEB,
      networkPolicy('shop', 'from-office', {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '192.0.2.0/24' } }] }],
      }),
    ]);

    expect(analysis.sourceRanges.map((range) => range.name)).toEqual([
      '0.0.0.0-192.0.1.255[External]',
      '192.0.2.0-192.0.2.255[External]',
      '192.0.3.0-255.255.255.255[External]',
    ]);
    expect(analysis.destinationRanges.map((range) => range.name)).toEqual([ALL_IPV4]);
  });
});

describe('output scope', () => {
  it('focus keeps connections of the workload', () => {
    const analysis = analyzeConnectivity([WEB, API, REPORTS]);

    expect(connectionLines(analysis, ['api'])).toEqual([
      `${ALL_IPV4} => shop/api[Deployment] : All Connections`,
      'analytics/reports[Deployment] => shop/api[Deployment] : All Connections',
      `shop/api[Deployment] => ${ALL_IPV4} : All Connections`,
      'shop/api[Deployment] => analytics/reports[Deployment] : All Connections',
      'shop/api[Deployment] => shop/web[Deployment] : All Connections',
      'shop/web[Deployment] => shop/api[Deployment] : All Connections',
    ]);
    expect(connectionLines(analysis, ['analytics/api'])).toEqual([]);
  });

  it('identical workloads share one class', () => {
    const replicas = Array.from({ length: 50 }, (_, i) =>
      deployment('shop', `worker-${i}`, { app: 'worker' }),
    );
    const analysis = analyzeConnectivity([
      ...replicas,
      WEB,
      networkPolicy('shop', 'workers', {
        podSelector: { matchLabels: { app: 'worker' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
      }),
    ]);

    expect(analysis.classIndex.classes).toHaveLength(2);
    expect(analysis.connectionBetween('shop/worker-7', 'shop/worker-8').isEmpty).toBe(true);
    expect(analysis.connectionBetween('shop/web', 'shop/worker-8').isAll).toBe(true);
  });

  it('unknown endpoint names fail clearly', () => {
    const analysis = analyzeConnectivity([WEB, deployment('other', 'web', { app: 'web' })]);

    expect(() => analysis.endpoint('nginx')).toThrow(
      'No workload is named "nginx"; use namespace/name[Kind], namespace/name, name or an IP address.',
    );
    expect(() => analysis.endpoint('web')).toThrow(
      'Workload name "web" is ambiguous; use one of other/web[Deployment], shop/web[Deployment].',
    );
  });
});
