import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPOSITORY_ROOT, run, spawnCli, Workspace } from './helpers.js';

const HARDENED = join(REPOSITORY_ROOT, 'examples', 'hardened');
const POLICIES = 'examples/hardened/networkpolicies.yaml';

const CONNECTIONS = [
  '10.0.0.0-10.0.255.255[External] => gateway/gateway[Deployment] : TCP 8080',
  'clinic/api[Deployment] => clinic/postgres[StatefulSet] : TCP 5432',
  'gateway/gateway[Deployment] => clinic/api[Deployment] : TCP 8080',
];

let workspace: Workspace;

beforeAll(() => {
  workspace = new Workspace();
});

afterAll(() => {
  workspace.remove();
});

describe('netpol connectivity formats', () => {
  it('txt by default', async () => {
    const result = await run(['netpol', 'connectivity', HARDENED]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${CONNECTIONS.join('\n')}\n`);
    expect(result.stderr).toBe('');
  });

  it('json rows', async () => {
    const result = await run(['netpol', 'connectivity', HARDENED, '--format', 'json']);

    expect(JSON.parse(result.stdout)).toEqual([
      {
        src: '10.0.0.0-10.0.255.255[External]',
        dst: 'gateway/gateway[Deployment]',
        conn: 'TCP 8080',
      },
      { src: 'clinic/api[Deployment]', dst: 'clinic/postgres[StatefulSet]', conn: 'TCP 5432' },
      { src: 'gateway/gateway[Deployment]', dst: 'clinic/api[Deployment]', conn: 'TCP 8080' },
    ]);
  });

  it('csv with header', async () => {
    const result = await run(['netpol', 'connectivity', HARDENED, '-f', 'csv']);

    expect(result.stdout.split('\n')[0]).toBe('src,dst,conn');
    expect(result.stdout).toContain(
      'clinic/api[Deployment],clinic/postgres[StatefulSet],TCP 5432\n',
    );
  });

  it('md table', async () => {
    const result = await run(['netpol', 'connectivity', HARDENED, '-f', 'md']);

    expect(result.stdout).toContain('| src | dst | conn |\n|-----|-----|------|\n');
    expect(result.stdout).toContain(
      '| gateway/gateway[Deployment] | clinic/api[Deployment] | TCP 8080 |\n',
    );
  });

  it('dot graph', async () => {
    const result = await run(['netpol', 'connectivity', HARDENED, '-f', 'dot']);

    expect(result.stdout.startsWith('digraph {\n')).toBe(true);
    expect(result.stdout).toContain('\tsubgraph "cluster_clinic" {\n');
    expect(result.stdout).toContain(
      '\t"gateway/gateway[Deployment]" -> "clinic/api[Deployment]" [label="TCP 8080" color="gold2" fontcolor="darkgreen"]\n',
    );
  });

  it('focus on one workload', async () => {
    const result = await run([
      'netpol',
      'connectivity',
      HARDENED,
      '--focus-workload',
      'clinic/postgres',
    ]);

    expect(result.stdout).toBe(`${CONNECTIONS[1]}\n`);
  });

  it('standard input', () => {
    const text = spawnCli(['netpol', 'connectivity', '-'], {
      input: 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\n',
    });

    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      '0.0.0.0-255.255.255.255[External] => shop/web[Pod] : All Connections\nshop/web[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n',
    );
  });
});

describe('netpol connectivity --explain', () => {
  it('allowed connection with policies and lines', async () => {
    const result = await run([
      'netpol',
      'connectivity',
      HARDENED,
      '--explain',
      'gateway/gateway',
      'clinic/api',
      'tcp/8080',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'gateway/gateway[Deployment] => clinic/api[Deployment] : TCP 8080 is allowed',
        'Egress of gateway/gateway[Deployment]: allowed',
        `  NetworkPolicy gateway/default-deny-all (${POLICIES}:6) does not allow it`,
        '    no egress rules, so it allows nothing on its own',
        `  NetworkPolicy gateway/allow-dns-egress (${POLICIES}:24) does not allow it`,
        '    spec.egress[0] (line 31): does not match: no peer matches, no port entry matches',
        `  NetworkPolicy gateway/allow-gateway-to-api (${POLICIES}:87) allows it`,
        '    spec.egress[0] (line 96): matches: peer spec.egress[0].to[0] (line 97), port spec.egress[0].ports[0] (line 103)',
        'Ingress to clinic/api[Deployment]: allowed',
        `  NetworkPolicy clinic/default-deny-all (${POLICIES}:15) does not allow it`,
        '    no ingress rules, so it allows nothing on its own',
        `  NetworkPolicy clinic/allow-gateway-to-apps (${POLICIES}:109) allows it`,
        '    spec.ingress[0] (line 118): matches: peer spec.ingress[0].from[0] (line 119), port spec.ingress[0].ports[0] (line 125)',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
  });

  it('denied connection to an address', async () => {
    const result = await run([
      'netpol',
      'connectivity',
      HARDENED,
      '--explain',
      'postgres',
      '203.0.113.5',
      'TCP/443',
    ]);

    expect(result.stdout.split('\n')).toEqual([
      'clinic/postgres[StatefulSet] => 203.0.113.5 : TCP 443 is denied',
      'Egress of clinic/postgres[StatefulSet]: denied',
      `  NetworkPolicy clinic/default-deny-all (${POLICIES}:15) does not allow it`,
      '    no egress rules, so it allows nothing on its own',
      `  NetworkPolicy clinic/allow-dns-egress (${POLICIES}:46) does not allow it`,
      '    spec.egress[0] (line 53): does not match: no peer matches, no port entry matches',
      'Ingress to 203.0.113.5: allowed, because NetworkPolicies do not govern external addresses',
      '',
    ]);
  });

  it('json with locations', async () => {
    const result = await run([
      'netpol',
      'connectivity',
      HARDENED,
      '--format',
      'json',
      '--explain',
      'clinic/api',
      'clinic/postgres',
      'tcp/5432',
    ]);
    const explanation = JSON.parse(result.stdout);

    expect(explanation).toMatchObject({
      source: 'clinic/api[Deployment]',
      destination: 'clinic/postgres[StatefulSet]',
      protocol: 'TCP',
      port: 5432,
      allowed: true,
    });
    expect(explanation.ingress.policies[1]).toEqual({
      namespace: 'clinic',
      name: 'allow-apps-to-db',
      location: `${POLICIES}:131`,
      selector: { path: 'spec.podSelector', location: `${POLICIES}:134` },
      allows: true,
      rules: [
        {
          rule: { path: 'spec.ingress[0]', location: `${POLICIES}:140` },
          peer: { path: 'spec.ingress[0].from[0]', location: `${POLICIES}:141` },
          port: { path: 'spec.ingress[0].ports[0]', location: `${POLICIES}:144` },
          allows: true,
        },
      ],
    });
  });

  it('source not isolated', async () => {
    const file = workspace.write(
      'open/pods.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop}\n',
    );
    const result = await run(['netpol', 'connectivity', file, '--explain', 'web', 'db', 'udp/53']);

    expect(result.stdout).toBe(
      [
        'shop/web[Pod] => shop/db[Pod] : UDP 53 is allowed',
        'Egress of shop/web[Pod]: allowed, because no NetworkPolicy selects it for egress',
        'Ingress to shop/db[Pod]: allowed, because no NetworkPolicy selects it for ingress',
        '',
      ].join('\n'),
    );
  });
});

describe('netpol connectivity errors', () => {
  it('connection without protocol', async () => {
    const result = await run([
      'netpol',
      'connectivity',
      HARDENED,
      '--explain',
      'gateway',
      'api',
      '8080',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeharden: Connection "8080" is invalid; write protocol/port with TCP, UDP or SCTP, such as tcp/5432.\n',
    );
  });

  it('explain with two values', async () => {
    const result = await run(['netpol', 'connectivity', HARDENED, '--explain', 'gateway', 'api']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--explain takes a source, a destination and protocol/port');
  });

  it('explain in csv', async () => {
    const result = await run([
      'netpol',
      'connectivity',
      HARDENED,
      '-f',
      'csv',
      '--explain',
      'gateway',
      'api',
      'tcp/8080',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeharden: --explain prints txt or json, not csv; use --format txt or --format json.\n',
    );
  });

  it('unknown workload', async () => {
    const result = await run([
      'netpol',
      'connectivity',
      HARDENED,
      '--explain',
      'billing',
      'api',
      'tcp/8080',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeharden: No workload is named "billing"; use namespace/name[Kind], namespace/name, name or an IP address.\n',
    );
  });

  it('unknown focus workload', async () => {
    const result = await run(['netpol', 'connectivity', HARDENED, '--focus-workload', 'billing']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeharden: --focus-workload "billing" names no workload of the manifests; use name or namespace/name.\n',
    );
  });

  it('unknown format', async () => {
    const result = await run(['netpol', 'connectivity', HARDENED, '--format', 'yaml']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "argument 'yaml' is invalid. Allowed choices are txt, json, csv, md, dot.",
    );
  });

  it('warnings about skipped and invalid input', async () => {
    const broken = workspace.write(
      'broken/broken.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: [\n',
    );
    const invalid = workspace.write(
      'broken/policy.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n    - ports: [{port: 70000}]\n',
    );
    const result = await run(['netpol', 'connectivity', broken, invalid]);

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^kubeharden: warning: .*broken\.yaml:\d+:\d+: .+ \(valid-yaml\)\n/,
    );
    expect(result.stderr).toContain(
      'kubeharden: warning: 1 field of the NetworkPolicies would be rejected by the API server and match nothing here; `kubeharden check` lists them.\n',
    );
  });
});
