import { describe, expect, it } from 'vitest';
import { loadCluster, type NetworkPolicyModel, type Problem } from '../../src/index.js';
import { networkPolicy } from '../helpers.js';

function load(spec: unknown): { policy: NetworkPolicyModel; problems: readonly Problem[] } {
  const cluster = loadCluster([networkPolicy('ns', 'p', spec)]);
  const policy = cluster.policies[0];
  if (policy === undefined) throw new Error('No policy was read.');
  return { policy, problems: cluster.problems };
}

function problemSummary(spec: unknown): { code: string; path: string; target: string }[] {
  return load(spec).problems.map((problem) => ({
    code: problem.code,
    path: problem.path.join('.'),
    target: problem.target,
  }));
}

const FROM_PEER = (peer: unknown): unknown => ({
  policyTypes: ['Ingress'],
  ingress: [{ from: [peer] }],
});
const WITH_PORT = (port: unknown): unknown => ({
  policyTypes: ['Ingress'],
  ingress: [{ ports: [port] }],
});

describe('policy types', () => {
  it('omitted types apply to ingress only', () => {
    const { policy } = load({ podSelector: {} });

    expect(policy.appliesToIngress).toBe(true);
    expect(policy.appliesToEgress).toBe(false);
  });

  it('omitted types include egress with egress rules', () => {
    const { policy } = load({ podSelector: {}, egress: [{}] });

    expect(policy.appliesToIngress).toBe(true);
    expect(policy.appliesToEgress).toBe(true);
  });

  it('empty egress list adds no egress type', () => {
    expect(load({ podSelector: {}, egress: [] }).policy.appliesToEgress).toBe(false);
  });

  it('egress type without rules denies all egress', () => {
    const { policy, problems } = load({ podSelector: {}, policyTypes: ['Egress'] });

    expect(policy.appliesToIngress).toBe(false);
    expect(policy.appliesToEgress).toBe(true);
    expect(policy.egress).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('rules of an unlisted type are ignored', () => {
    const { policy, problems } = load({
      podSelector: {},
      policyTypes: ['Egress'],
      ingress: [{}],
      egress: [{}],
    });

    expect(policy.ingress).toEqual([]);
    expect(policy.egress).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'ignored-rules',
      severity: 'warning',
      path: ['spec', 'ingress'],
      target: 'key',
      message:
        'The ingress rules have no effect because spec.policyTypes does not list Ingress; add Ingress to policyTypes or remove the rules.',
    });
  });

  it('invalid type is reported at its value', () => {
    expect(problemSummary({ podSelector: {}, policyTypes: ['Ingress', 'egress'] })).toEqual([
      { code: 'invalid-policy-type', path: 'spec.policyTypes.1', target: 'value' },
    ]);
  });
});

describe('rules and peers', () => {
  it('omitted from and ports match everything', () => {
    const rule = load({ ingress: [{}] }).policy.ingress[0];

    expect(rule).toMatchObject({ path: ['spec', 'ingress', 0], peers: 'all', ports: 'all' });
  });

  it('empty from list matches everything', () => {
    expect(load({ ingress: [{ from: [], ports: [] }] }).policy.ingress[0]).toMatchObject({
      peers: 'all',
      ports: 'all',
    });
  });

  it('pod and namespace selectors in one peer', () => {
    const rule = load({
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { team: 'a' } },
              podSelector: { matchLabels: { app: 'x' } },
            },
          ],
        },
      ],
    }).policy.ingress[0];
    const peer = rule?.peers === 'all' ? undefined : rule?.peers[0];

    expect(peer?.kind).toBe('pods');
    expect(peer).toMatchObject({
      namespaceSelector: { key: 'team In ["a"]' },
      podSelector: { key: 'app In ["x"]' },
    });
  });

  it('podSelector alone stays in the namespace', () => {
    const rule = load({ ingress: [{ from: [{ podSelector: {} }] }] }).policy.ingress[0];
    const peer = rule?.peers === 'all' ? undefined : rule?.peers[0];

    expect(peer).toMatchObject({ kind: 'pods', namespaceSelector: null });
  });

  it('ports default to TCP', () => {
    const rule = load({
      ingress: [{ ports: [{ port: 80 }, { protocol: 'UDP' }, { port: 'http', protocol: 'SCTP' }] }],
    }).policy.ingress[0];

    expect(rule?.ports).toEqual([
      {
        kind: 'range',
        protocol: 'TCP',
        start: 80,
        end: 80,
        path: ['spec', 'ingress', 0, 'ports', 0],
      },
      { kind: 'protocol', protocol: 'UDP', path: ['spec', 'ingress', 0, 'ports', 1] },
      { kind: 'named', protocol: 'SCTP', name: 'http', path: ['spec', 'ingress', 0, 'ports', 2] },
    ]);
  });
});

describe('bad input', () => {
  it.each([
    [
      'ipBlock with namespaceSelector',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }),
      [
        {
          code: 'ip-block-with-selector',
          path: 'spec.ingress.0.from.0.namespaceSelector',
          target: 'key',
        },
      ],
    ],
    [
      'ipBlock with both selectors',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {}, namespaceSelector: {} }),
      [
        {
          code: 'ip-block-with-selector',
          path: 'spec.ingress.0.from.0.podSelector',
          target: 'key',
        },
        {
          code: 'ip-block-with-selector',
          path: 'spec.ingress.0.from.0.namespaceSelector',
          target: 'key',
        },
      ],
    ],
    [
      'empty peer',
      FROM_PEER({}),
      [{ code: 'empty-peer', path: 'spec.ingress.0.from.0', target: 'value' }],
    ],
    [
      'null peer',
      FROM_PEER(null),
      [{ code: 'empty-peer', path: 'spec.ingress.0.from.0', target: 'value' }],
    ],
    [
      'misspelled peer field',
      FROM_PEER({ podSelecter: {} }),
      [
        { code: 'invalid-field', path: 'spec.ingress.0.from.0.podSelecter', target: 'key' },
        { code: 'empty-peer', path: 'spec.ingress.0.from.0', target: 'value' },
      ],
    ],
    [
      'invalid CIDR',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.300/8' } }),
      [{ code: 'invalid-cidr', path: 'spec.ingress.0.from.0.ipBlock.cidr', target: 'value' }],
    ],
    [
      'CIDR without prefix',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.1' } }),
      [{ code: 'invalid-cidr', path: 'spec.ingress.0.from.0.ipBlock.cidr', target: 'value' }],
    ],
    [
      'missing CIDR',
      FROM_PEER({ ipBlock: { except: ['10.0.0.0/24'] } }),
      [{ code: 'invalid-cidr', path: 'spec.ingress.0.from.0.ipBlock', target: 'value' }],
    ],
    [
      'host bits in CIDR',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.1/8' } }),
      [{ code: 'non-canonical-cidr', path: 'spec.ingress.0.from.0.ipBlock.cidr', target: 'value' }],
    ],
    [
      'except outside cidr',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '192.168.0.0/16'] } }),
      [
        {
          code: 'except-outside-cidr',
          path: 'spec.ingress.0.from.0.ipBlock.except.1',
          target: 'value',
        },
      ],
    ],
    [
      'except equal to cidr',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }),
      [
        {
          code: 'except-outside-cidr',
          path: 'spec.ingress.0.from.0.ipBlock.except.0',
          target: 'value',
        },
      ],
    ],
    [
      'except of other family',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.0/8', except: ['2001:db8::/32'] } }),
      [
        {
          code: 'except-outside-cidr',
          path: 'spec.ingress.0.from.0.ipBlock.except.0',
          target: 'value',
        },
      ],
    ],
    [
      'invalid except',
      FROM_PEER({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0'] } }),
      [{ code: 'invalid-cidr', path: 'spec.ingress.0.from.0.ipBlock.except.0', target: 'value' }],
    ],
    [
      'port zero',
      WITH_PORT({ port: 0 }),
      [{ code: 'invalid-port', path: 'spec.ingress.0.ports.0.port', target: 'value' }],
    ],
    [
      'port above range',
      WITH_PORT({ port: 65536 }),
      [{ code: 'invalid-port', path: 'spec.ingress.0.ports.0.port', target: 'value' }],
    ],
    [
      'fractional port',
      WITH_PORT({ port: 80.5 }),
      [{ code: 'invalid-port', path: 'spec.ingress.0.ports.0.port', target: 'value' }],
    ],
    [
      'quoted number port',
      WITH_PORT({ port: '8080' }),
      [{ code: 'invalid-port', path: 'spec.ingress.0.ports.0.port', target: 'value' }],
    ],
    [
      'too long port name',
      WITH_PORT({ port: 'a-very-long-port-name' }),
      [{ code: 'invalid-port', path: 'spec.ingress.0.ports.0.port', target: 'value' }],
    ],
    [
      'endPort without port',
      WITH_PORT({ endPort: 90 }),
      [{ code: 'invalid-end-port', path: 'spec.ingress.0.ports.0.endPort', target: 'key' }],
    ],
    [
      'endPort with named port',
      WITH_PORT({ port: 'http', endPort: 90 }),
      [{ code: 'invalid-end-port', path: 'spec.ingress.0.ports.0.endPort', target: 'key' }],
    ],
    [
      'endPort below port',
      WITH_PORT({ port: 90, endPort: 80 }),
      [{ code: 'invalid-end-port', path: 'spec.ingress.0.ports.0.endPort', target: 'value' }],
    ],
    [
      'endPort above range',
      WITH_PORT({ port: 90, endPort: 70000 }),
      [{ code: 'invalid-end-port', path: 'spec.ingress.0.ports.0.endPort', target: 'value' }],
    ],
    [
      'lower-case protocol',
      WITH_PORT({ port: 53, protocol: 'udp' }),
      [{ code: 'invalid-protocol', path: 'spec.ingress.0.ports.0.protocol', target: 'value' }],
    ],
    [
      'unknown operator in peer',
      FROM_PEER({
        podSelector: { matchExpressions: [{ key: 'a', operator: 'Is', values: ['b'] }] },
      }),
      [
        {
          code: 'unknown-selector-operator',
          path: 'spec.ingress.0.from.0.podSelector.matchExpressions.0.operator',
          target: 'value',
        },
      ],
    ],
    [
      'ingress as mapping',
      { ingress: { from: [] } },
      [{ code: 'invalid-field', path: 'spec.ingress', target: 'value' }],
    ],
    [
      'rule as list',
      { ingress: [[]] },
      [{ code: 'invalid-field', path: 'spec.ingress.0', target: 'value' }],
    ],
    [
      'from as mapping',
      { ingress: [{ from: { podSelector: {} } }] },
      [{ code: 'invalid-field', path: 'spec.ingress.0.from', target: 'value' }],
    ],
    ['spec as list', [], [{ code: 'invalid-field', path: 'spec', target: 'value' }]],
    [
      'named port to ipBlock',
      {
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 'https' }] }],
      },
      [{ code: 'named-port-to-ip-block', path: 'spec.egress.0.ports.0.port', target: 'value' }],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(problemSummary(spec)).toEqual(expected);
  });

  it('invalid peers and ports match nothing', () => {
    const rule = load(FROM_PEER({ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} })).policy
      .ingress[0];

    expect(rule?.peers).toEqual([{ kind: 'invalid', path: ['spec', 'ingress', 0, 'from', 0] }]);
  });

  it('messages quote the bad value', () => {
    const { problems } = load(WITH_PORT({ port: '8080' }));

    expect(problems[0]?.message).toBe(
      'Port name "8080" is invalid: it must contain at least one letter. Write the number without quotes.',
    );
  });

  it('duplicate policy keeps the last', () => {
    const cluster = loadCluster([
      networkPolicy('ns', 'p', { policyTypes: ['Ingress'] }),
      networkPolicy('ns', 'p', { policyTypes: ['Egress'] }),
    ]);

    expect(cluster.policies).toHaveLength(1);
    expect(cluster.policies[0]?.appliesToEgress).toBe(true);
    expect(cluster.problems[0]).toMatchObject({
      code: 'duplicate-policy',
      path: ['metadata', 'name'],
      object: { location: { index: 1, path: [] } },
    });
  });

  it('garbage documents are reported', () => {
    const cluster = loadCluster([
      null,
      42,
      'text',
      [],
      { kind: 'ConfigMap' },
      { kind: 'NetworkPolicy' },
      { kind: 'NetworkPolicy', spec: 7 },
    ]);

    expect(cluster.policies).toHaveLength(0);
    expect(cluster.problems.map((problem) => problem.code)).toEqual([
      'missing-name',
      'missing-name',
      'invalid-field',
    ]);
  });
});
