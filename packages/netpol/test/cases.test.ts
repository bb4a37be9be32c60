import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeShared } from '../../../test/shared.js';
import { analyzeConnectivity, type WorkloadModel } from '../src/index.js';
import { ALL_IPV4, connectionLines, deployment, namespace, yamlObjects } from './helpers.js';

// Manifests rebuilt from bug reports against other tools. The first line of each file states
// the right verdict. These tests check what the analysis decides: selections, problems and
// allowed connections; test/rules/shared-cases.test.ts checks the findings of the rules.

function readCase(directory: string, name: string): { expectation: string; objects: unknown[] } {
  const text = readFileSync(join(directory, name), 'utf8');
  const firstLine = text.split('\n', 1)[0] ?? '';
  expect(firstLine.startsWith('# expect:')).toBe(true);
  return { expectation: firstLine, objects: yamlObjects(text) };
}

function workloadNamed(workloads: readonly WorkloadModel[], key: string): WorkloadModel {
  const workload = workloads.find((candidate) => candidate.key === key);
  if (workload === undefined) throw new Error(`No workload ${key}.`);
  return workload;
}

describeShared('real-world cases', 'cases/', (directory) => {
  it('case-21 empty pod selector selects every pod', () => {
    const { objects } = readCase(directory, 'case-21.yaml');
    const later = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'later', namespace: 'example', labels: { role: 'batch' } },
    };
    const analysis = analyzeConnectivity([...objects, later]);

    const app = workloadNamed(analysis.cluster.workloads, 'example/app[Deployment]');
    const isolation = analysis.isolation(app);
    expect(analysis.problems).toEqual([]);
    expect(isolation.ingress.map((policy) => policy.name)).toEqual([
      'default-deny-ingress',
      'allow-all-ingress',
    ]);
    expect(isolation.egress).toEqual([]);
    for (const policy of analysis.cluster.policies) {
      expect(analysis.selectedWorkloads(policy).map((workload) => workload.key)).toEqual([
        'example/app[Deployment]',
        'example/later[Pod]',
      ]);
    }
    expect(connectionLines(analysis)).toEqual([
      `${ALL_IPV4} => example/app[Deployment] : All Connections`,
      `${ALL_IPV4} => example/later[Pod] : All Connections`,
      `example/app[Deployment] => ${ALL_IPV4} : All Connections`,
      'example/app[Deployment] => example/later[Pod] : All Connections',
      `example/later[Pod] => ${ALL_IPV4} : All Connections`,
      'example/later[Pod] => example/app[Deployment] : All Connections',
    ]);
  });

  it('case-23 named port needs name and protocol', () => {
    const { objects } = readCase(directory, 'case-23.yaml');
    const analysis = analyzeConnectivity(objects);

    const udp = analysis.explain('example/client', 'example/server', 'UDP', 8956);
    const sctp = analysis.explain('example/client', 'example/server', 'SCTP', 8956);
    expect(analysis.problems).toEqual([]);
    expect(analysis.connectionBetween('example/client', 'example/server').isEmpty).toBe(true);
    expect(udp.allowed).toBe(false);
    expect(udp.ingress.status).toBe('denied');
    expect(udp.ingress.policies[0]?.rules).toEqual([
      {
        path: ['spec', 'ingress', 0],
        peer: ['spec', 'ingress', 0, 'from', 0],
        port: null,
        allows: false,
      },
    ]);
    expect(sctp.allowed).toBe(false);
    expect(connectionLines(analysis)).toEqual([
      `${ALL_IPV4} => example/client[Pod] : All Connections`,
      `example/client[Pod] => ${ALL_IPV4} : All Connections`,
      `example/server[Pod] => ${ALL_IPV4} : All Connections`,
      'example/server[Pod] => example/client[Pod] : All Connections',
    ]);
  });

  it('case-25 ipBlock with selector is one problem', () => {
    const { objects } = readCase(directory, 'case-25.yaml');
    const analysis = analyzeConnectivity(objects);

    expect(analysis.problems).toHaveLength(1);
    expect(analysis.problems[0]).toMatchObject({
      code: 'ip-block-with-selector',
      severity: 'error',
      path: ['spec', 'ingress', 0, 'from', 0, 'namespaceSelector'],
      target: 'key',
      object: {
        kind: 'NetworkPolicy',
        name: 'db-invalid',
        namespace: 'example',
        location: { index: 1, path: [] },
      },
    });
  });

  it('case-25 three peers are ORed', () => {
    const { objects } = readCase(directory, 'case-25.yaml');
    const analysis = analyzeConnectivity([
      ...objects,
      namespace('team', { project: 'example' }),
      deployment('example', 'db', { role: 'db' }),
      deployment('example', 'frontend', { role: 'frontend' }),
      deployment('example', 'batch', { role: 'batch' }),
      deployment('team', 'reports', { role: 'reports' }),
      deployment('other', 'frontend', { role: 'frontend' }),
    ]);

    const toDb = connectionLines(analysis).filter((line) => line.includes('=> example/db'));
    expect(toDb).toEqual([
      '172.17.0.0-172.17.0.255[External] => example/db[Deployment] : TCP 6379',
      '172.17.2.0-172.17.255.255[External] => example/db[Deployment] : TCP 6379',
      'example/frontend[Deployment] => example/db[Deployment] : TCP 6379',
      'team/reports[Deployment] => example/db[Deployment] : TCP 6379',
    ]);
    expect(analysis.explain('172.17.1.5', 'example/db', 'TCP', 6379).allowed).toBe(false);
    expect(analysis.explain('172.17.2.5', 'example/db', 'TCP', 6379).allowed).toBe(true);
    expect(analysis.explain('10.0.0.1', 'example/db', 'TCP', 6379).allowed).toBe(false);
  });

  it('case-26 namespaceSelector excludes external addresses', () => {
    const { objects } = readCase(directory, 'case-26.yaml');
    const analysis = analyzeConnectivity([
      ...objects,
      deployment('example', 'app', { app: 'app' }),
      deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }),
      deployment('other', 'web', { app: 'web' }),
    ]);

    const fromApp = connectionLines(analysis).filter((line) => line.startsWith('example/app'));
    const external = analysis.explain('example/app', '203.0.113.10', 'UDP', 53);
    expect(analysis.problems).toEqual([]);
    expect(fromApp).toEqual([
      'example/app[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
      'example/app[Deployment] => other/web[Deployment] : TCP 53,UDP 53',
    ]);
    expect(external.allowed).toBe(false);
    expect(external.egress.status).toBe('denied');
    expect(external.egress.policies[0]?.rules[0]).toMatchObject({
      peer: null,
      port: ['spec', 'egress', 0, 'ports', 0],
    });
  });
});
