import { describe, expect, it } from 'vitest';
import { analyzeConnectivity, explainConnection } from '../../src/index.js';
import { deployment, networkPolicy } from '../helpers.js';

const WEB = deployment('shop', 'web', { app: 'web' });
const API = deployment('shop', 'api', { app: 'api' }, [{ name: 'http', containerPort: 9090 }]);
const API_INGRESS = networkPolicy('shop', 'api-ingress', {
  podSelector: { matchLabels: { app: 'api' } },
  ingress: [
    { from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443 }] },
    {
      from: [{ namespaceSelector: {} }, { podSelector: { matchLabels: { app: 'web' } } }],
      ports: [{ protocol: 'UDP' }, { port: 'http' }],
    },
  ],
});
const WEB_EGRESS = networkPolicy('shop', 'web-egress', {
  podSelector: { matchLabels: { app: 'web' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ podSelector: {} }] }],
});

describe('explain', () => {
  it('unisolated pods are allowed', () => {
    const explanation = analyzeConnectivity([WEB, API]).explain('shop/web', 'shop/api', 'TCP', 80);

    expect(explanation).toEqual({
      source: 'shop/web[Deployment]',
      destination: 'shop/api[Deployment]',
      protocol: 'TCP',
      port: 80,
      allowed: true,
      egress: { direction: 'egress', status: 'not-isolated', allowed: true, policies: [] },
      ingress: { direction: 'ingress', status: 'not-isolated', allowed: true, policies: [] },
    });
  });

  it('allowing rule names peer and port', () => {
    const explanation = analyzeConnectivity([WEB, API, API_INGRESS, WEB_EGRESS]).explain(
      'shop/web',
      'shop/api',
      'TCP',
      9090,
    );

    expect(explanation.allowed).toBe(true);
    expect(explanation.egress.status).toBe('allowed');
    expect(explanation.egress.policies[0]?.rules).toEqual([
      {
        path: ['spec', 'egress', 0],
        peer: ['spec', 'egress', 0, 'to', 0],
        port: 'all',
        allows: true,
      },
    ]);
    expect(explanation.ingress.policies).toEqual([
      {
        policy: expect.objectContaining({
          kind: 'NetworkPolicy',
          namespace: 'shop',
          name: 'api-ingress',
        }),
        selectorPath: ['spec', 'podSelector'],
        allows: true,
        rules: [
          { path: ['spec', 'ingress', 0], peer: null, port: null, allows: false },
          {
            path: ['spec', 'ingress', 1],
            peer: ['spec', 'ingress', 1, 'from', 0],
            port: ['spec', 'ingress', 1, 'ports', 1],
            allows: true,
          },
        ],
      },
    ]);
  });

  it('denied port keeps matching peer', () => {
    const explanation = analyzeConnectivity([WEB, API, API_INGRESS]).explain(
      'shop/web',
      'shop/api',
      'TCP',
      8080,
    );

    expect(explanation.allowed).toBe(false);
    expect(explanation.ingress.status).toBe('denied');
    expect(explanation.ingress.policies[0]?.rules[1]).toEqual({
      path: ['spec', 'ingress', 1],
      peer: ['spec', 'ingress', 1, 'from', 0],
      port: null,
      allows: false,
    });
  });

  it('external source is judged by ingress only', () => {
    const analysis = analyzeConnectivity([WEB, API, API_INGRESS]);

    const inside = analysis.explain('203.0.113.9', 'shop/api', 'TCP', 443);
    const outside = analysis.explain('198.51.100.1', 'shop/api', 'TCP', 443);
    expect(inside.egress.status).toBe('external');
    expect(inside.allowed).toBe(true);
    expect(inside.ingress.policies[0]?.rules[0]).toMatchObject({
      peer: ['spec', 'ingress', 0, 'from', 0],
      allows: true,
    });
    expect(outside.allowed).toBe(false);
  });

  it('pod peers exclude external destinations', () => {
    const explanation = analyzeConnectivity([WEB, WEB_EGRESS]).explain(
      'shop/web',
      '2001:db8::1',
      'TCP',
      443,
    );

    expect(explanation.allowed).toBe(false);
    expect(explanation.ingress.status).toBe('external');
    expect(explanation.egress.policies[0]?.rules[0]).toMatchObject({
      peer: null,
      port: 'all',
      allows: false,
    });
  });

  it('empty ingress section denies all', () => {
    const deny = networkPolicy('shop', 'deny', { podSelector: {} });
    const explanation = explainConnection(
      analyzeConnectivity([WEB, API, deny]),
      'shop/web',
      'shop/api',
      'UDP',
      53,
    );

    expect(explanation.ingress).toEqual({
      direction: 'ingress',
      status: 'denied',
      allowed: false,
      policies: [expect.objectContaining({ allows: false, rules: [] })],
    });
  });

  it('omitted pod selector points at spec', () => {
    const deny = networkPolicy('shop', 'deny', { policyTypes: ['Ingress'] });
    const explanation = analyzeConnectivity([WEB, API, deny]).explain(
      'shop/web',
      'shop/api',
      'TCP',
      80,
    );

    expect(explanation.ingress.policies[0]?.selectorPath).toEqual(['spec']);
  });

  it('two addresses are rejected', () => {
    const analysis = analyzeConnectivity([WEB]);

    expect(() => analysis.explain('192.0.2.1', '198.51.100.1', 'TCP', 80)).toThrow(
      'Both 192.0.2.1 and 198.51.100.1 are external addresses; name a workload as source or destination.',
    );
  });

  it('invalid port and protocol are rejected', () => {
    const analysis = analyzeConnectivity([WEB, API]);

    expect(() => analysis.explain('shop/web', 'shop/api', 'TCP', 0)).toThrow(
      'explain: port 0 is invalid; use a number from 1 to 65535.',
    );
    expect(() => analysis.explain('shop/web', 'shop/api', 'tcp' as 'TCP', 80)).toThrow(
      'explain: protocol "tcp" is invalid; use TCP, UDP or SCTP.',
    );
  });

  it('explain agrees with the connection sets', () => {
    const analysis = analyzeConnectivity([WEB, API, API_INGRESS, WEB_EGRESS]);
    const allowed = analysis.connectionBetween('shop/web', 'shop/api');

    for (const [protocol, port] of [
      ['TCP', 9090],
      ['TCP', 9091],
      ['UDP', 7],
      ['SCTP', 9090],
      ['TCP', 443],
    ] as const) {
      expect(analysis.explain('shop/web', 'shop/api', protocol, port).allowed).toBe(
        allowed.contains(protocol, port),
      );
    }
  });
});
