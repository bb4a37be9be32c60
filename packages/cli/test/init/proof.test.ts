import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { analyzeConnectivity } from '@kubeharden/netpol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRegistry } from '../../src/registry.js';
import { run, Workspace } from '../helpers.js';
import {
  CLUSTER_DNS,
  copyInsecure,
  describeFindings,
  everyRule,
  findingsOf,
  objectsIn,
  readTree,
} from './support.js';

// The workloads of examples/insecure; only connections from or to them are the layer's business.
const APPLICATION = ['gateway/gateway', 'clinic/api', 'clinic/postgres'];

/**
 * The paths the layer intends. Clients reach the gateway on the port its Service forwards to from
 * any address, because it is the entry point of the application and the load balancer's range is
 * unknown; IPv6 is allowed too, for dual-stack clusters.
 */
const INTENDED = [
  '0.0.0.0-255.255.255.255[External] -> gateway/gateway[Deployment] TCP 80',
  '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] -> gateway/gateway[Deployment] TCP 80',
  'clinic/api[Deployment] -> clinic/postgres[StatefulSet] TCP 5432',
  'clinic/api[Deployment] -> kube-system/coredns[Deployment] TCP 53,UDP 53',
  'clinic/postgres[StatefulSet] -> kube-system/coredns[Deployment] TCP 53,UDP 53',
  'gateway/gateway[Deployment] -> clinic/api[Deployment] TCP 8080',
  'gateway/gateway[Deployment] -> kube-system/coredns[Deployment] TCP 53,UDP 53',
];

function connections(...folders: string[]): string[] {
  const analysis = analyzeConnectivity([...objectsIn(...folders), CLUSTER_DNS]);
  expect(analysis.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  return [...analysis.connections({ focusWorkloads: APPLICATION })].map(
    (connection) =>
      `${connection.source.name} -> ${connection.destination.name} ${connection.connections.toString()}`,
  );
}

let workspace: Workspace;

beforeAll(() => {
  workspace = new Workspace();
});

afterAll(() => {
  workspace.remove();
});

describe.each([
  { name: 'inferred', options: [] as string[] },
  {
    name: 'by-option',
    options: [
      '--gateway-namespace',
      'gateway',
      '--gateway-selector',
      'app.kubernetes.io/name=gateway',
    ],
  },
])('init --fix on examples/insecure, gateway $name', ({ name, options }) => {
  let app: string;
  let out: string;
  let result: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    app = copyInsecure(workspace, name);
    out = workspace.path(join(name, 'security'));
    result = await run(['init', app, '--namespace', 'clinic', '--fix', '--out', out, ...options]);
  });

  it('exit code and report', () => {
    expect(result.stderr).toContain(
      'gateway: Deployment gateway/gateway, pods app.kubernetes.io/name=gateway',
    );
    expect(result.stderr).toContain('gateway → Deployment clinic/api on TCP 8080');
    expect(result.stderr).toContain('database: StatefulSet clinic/postgres on TCP 5432');
    expect(result.stderr).toContain('ingress to the gateway: TCP 80 from any address');
    expect(result.stderr).toContain('--allow-same-namespace adds deny-cross-namespace');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });

  it('application and layer check without errors', () => {
    const findings = findingsOf(createRegistry(), app, out);
    expect(describeFindings(findings.filter((finding) => finding.severity === 'error'))).toEqual(
      [],
    );
    expect(describeFindings(findings)).toEqual([]);
  });

  it('command check exits 0', async () => {
    const checked = await run(['check', '--no-color', '--level', 'restricted', app, out]);
    expect(checked.stdout).toContain('No problems found');
    expect(checked.code).toBe(0);
  });

  it('layer checks clean with every rule', async () => {
    const { registry } = await everyRule();
    expect(describeFindings(findingsOf(registry, out))).toEqual([]);
  });

  it('connectivity is exactly the intended paths', () => {
    expect(connections(app, out)).toEqual(INTENDED);
  });
});

describe('init --fix writes', () => {
  it('files keep their mode', async () => {
    const app = copyInsecure(workspace, 'mode');
    chmodSync(join(app, 'api.yaml'), 0o600);
    chmodSync(join(app, 'namespaces.yaml'), 0o640);

    await run([
      'init',
      app,
      '--namespace',
      'clinic',
      '--fix',
      '--out',
      workspace.path('mode/security'),
    ]);

    expect(statSync(join(app, 'api.yaml')).mode & 0o777).toBe(0o600);
    expect(statSync(join(app, 'namespaces.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(app).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('second run changes nothing', async () => {
    const app = copyInsecure(workspace, 'twice');
    const out = workspace.path('twice/security');
    await run(['init', app, '--namespace', 'clinic', '--fix', '--out', out]);
    const first = { app: readTree(app), out: readTree(out) };

    const second = await run(['init', app, '--namespace', 'clinic', '--fix', '--out', out]);

    expect(second.stderr).toContain('changes to the application: none needed');
    expect(readTree(app)).toEqual(first.app);
    expect(readTree(out)).toEqual(first.out);
  });

  it('layer inside the application folder', async () => {
    const app = copyInsecure(workspace, 'inside');
    const out = join(app, 'security');
    await run(['init', app, '--namespace', 'clinic', '--fix', '--out', out]);
    const first = readTree(app);

    const second = await run(['init', app, '--namespace', 'clinic', '--fix', '--out', out]);

    expect(second.stderr).toContain('kubeharden init: namespace clinic, 4 files, 8 objects');
    expect(readTree(app)).toEqual(first);
    expect(describeFindings(findingsOf(createRegistry(), app))).toEqual([]);
  });

  it('stale generated files removed', async () => {
    const app = copyInsecure(workspace, 'stale');
    const out = workspace.path('stale/security');
    await run(['init', app, '--namespace', 'clinic', '--allow-same-namespace', '--out', out]);
    workspace.write(
      'stale/security/networkpolicies/own-policy.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n',
    );

    const second = await run(['init', app, '--namespace', 'clinic', '--out', out]);

    const files = [...readTree(out).keys()];
    expect(files).not.toContain('networkpolicies/deny-cross-namespace.yaml');
    expect(files).toContain('networkpolicies/own-policy.yaml');
    expect(second.stderr).toContain(
      'removed 1 that this run no longer writes (networkpolicies/deny-cross-namespace.yaml)',
    );
  });

  it('application untouched without --fix', async () => {
    const app = copyInsecure(workspace, 'plain');
    const before = readTree(app);

    const result = await run([
      'init',
      app,
      '--namespace',
      'clinic',
      '--out',
      workspace.path('plain/security'),
    ]);

    expect(readTree(app)).toEqual(before);
    expect(result.stderr).toContain(
      'changes to the application (not applied; run with --fix or --patches):',
    );
    expect(result.stderr).toContain('note: Namespace clinic is also defined in');
  });
});

describe('init options that change the paths', () => {
  it('same-namespace traffic with --allow-same-namespace', async () => {
    const app = copyInsecure(workspace, 'same-namespace');
    const out = workspace.path('same-namespace/security');
    await run([
      'init',
      app,
      '--namespace',
      'clinic',
      '--fix',
      '--allow-same-namespace',
      '--out',
      out,
    ]);

    const paths = connections(app, out);

    expect(paths).toContain(
      'clinic/api[Deployment] -> clinic/postgres[StatefulSet] All Connections',
    );
    expect(paths).toContain(
      'clinic/postgres[StatefulSet] -> clinic/api[Deployment] All Connections',
    );
    expect(describeFindings(findingsOf(createRegistry(), app, out))).toEqual([]);
  });

  it('gateway sources with --ingress-cidr', async () => {
    const app = copyInsecure(workspace, 'cidr');
    const out = workspace.path('cidr/security');
    await run([
      'init',
      app,
      '--namespace',
      'clinic',
      '--fix',
      '--ingress-cidr',
      '10.0.0.0/16',
      '--out',
      out,
    ]);

    const paths = connections(app, out);

    expect(paths.filter((path) => path.includes('[External]'))).toEqual([
      '10.0.0.0-10.0.255.255[External] -> gateway/gateway[Deployment] TCP 80',
    ]);
    expect(
      readFileSync(join(out, 'networkpolicies/allow-ingress-to-gateway.yaml'), 'utf8'),
    ).not.toContain('kubeharden.io/ignore');
  });
});
