import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { stringifyObject } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import {
  allowAppsToDb,
  allowDnsEgress,
  allowGatewayToApps,
  defaultDenyAll,
  defaultDenyEgress,
  defaultDenyIngress,
  denyCrossNamespace,
  egressAllowList,
  formatTxt,
  networkAnalysis,
  type NetworkPolicyManifest,
} from '../src/index.js';
import { checkFiles } from './rules/tester.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

function readExample(variant: 'hardened' | 'insecure'): ManifestFile[] {
  const folder = `${EXAMPLES}${variant}/`;
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({
      path: `examples/${variant}/${name}`,
      text: readFileSync(folder + name, 'utf8'),
    }));
}

const NAME = 'app.kubernetes.io/name';

/** The policies the generators produce for the clinic application, by generator. */
function generatedPolicies(): Record<string, NetworkPolicyManifest[]> {
  return {
    defaultDenyAll: [...defaultDenyAll('gateway'), ...defaultDenyAll('clinic')],
    allowDnsEgress: [...allowDnsEgress('gateway'), ...allowDnsEgress('clinic')],
    allowGatewayToApps: allowGatewayToApps({
      namespace: 'clinic',
      gatewayNamespace: 'gateway',
      gatewayPodSelector: { [NAME]: 'gateway' },
      appPodSelector: { [NAME]: 'api' },
      ports: [8080],
    }),
    allowAppsToDb: allowAppsToDb({
      namespace: 'clinic',
      appPodSelector: { [NAME]: 'api' },
      dbPodSelector: { [NAME]: 'postgres' },
    }),
  };
}

function toFile(path: string, objects: readonly object[]): ManifestFile {
  return { path, text: objects.map((object) => stringifyObject(object)).join('---\n') };
}

/** A cluster DNS as kubeadm installs it, so that DNS connections show in the analysis. */
const COREDNS = toFile('kube-system/coredns.yaml', [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns:v1.11.3',
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
              ],
            },
          ],
        },
      },
    },
  },
]);

const ALL = '0.0.0.0-255.255.255.255[External]';

// The intended paths of the application: gateway to API, API to database, and DNS for every
// pod. The DNS server itself belongs to the cluster, not to the application, and stays open.
const INTENDED = [
  `${ALL} => kube-system/coredns[Deployment] : All Connections`,
  'clinic/api[Deployment] => clinic/postgres[StatefulSet] : TCP 5432',
  'clinic/api[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
  'clinic/postgres[StatefulSet] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
  'gateway/gateway[Deployment] => clinic/api[Deployment] : TCP 8080',
  'gateway/gateway[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53',
  `kube-system/coredns[Deployment] => ${ALL} : All Connections`,
];

/** Returns the allowed connections of a set of files as `src => dst : conn` lines. */
function connections(files: readonly ManifestFile[]): string[] {
  const result = checkFiles(files);
  const run = networkAnalysis(result.objects, 'default');
  return formatTxt(run.analysis)
    .split('\n')
    .filter((line) => line !== '');
}

const ISOLATE_ALL = { 'no-cross-namespace-ingress': { namespaces: ['*'], allowFrom: ['gateway'] } };

describe('generated policies for the example application', () => {
  for (const variant of ['insecure', 'hardened'] as const) {
    const workloads = readExample(variant).filter(
      (file) => !file.path.endsWith('networkpolicies.yaml'),
    );
    const generated = Object.entries(generatedPolicies()).map(([generator, policies]) =>
      toFile(`generated/${generator}.yaml`, policies),
    );

    it(`exactly the intended paths over ${variant} workloads`, () => {
      expect(connections([...workloads, ...generated, COREDNS])).toEqual(INTENDED);
    });

    it(`no finding over ${variant} workloads`, () => {
      for (const options of [{}, { completeManifests: true }, { options: ISOLATE_ALL }]) {
        const result = checkFiles([...workloads, ...generated], options);

        expect(
          result.findings.map((finding) => `${finding.file} ${finding.ruleId}: ${finding.message}`),
        ).toEqual([]);
      }
    });
  }

  const others: Record<string, NetworkPolicyManifest[]> = {
    defaultDenyIngress: defaultDenyIngress('clinic'),
    defaultDenyEgress: defaultDenyEgress('clinic'),
    denyCrossNamespace: denyCrossNamespace('clinic'),
    egressAllowList: egressAllowList('clinic', { [NAME]: 'api' }, [
      { name: 'payments', cidr: '203.0.113.0/24', ports: [443] },
      { name: 'backups', cidr: '2001:db8::/32' },
    ]),
  };
  for (const [generator, policies] of Object.entries({ ...generatedPolicies(), ...others })) {
    it(`${generator} output alone without finding`, () => {
      const result = checkFiles([toFile('generated.yaml', policies)], { completeManifests: true });

      expect(result.findings).toEqual([]);
    });
  }
});

describe('hardened example', () => {
  const files = readExample('hardened');

  it('no finding of any NetworkPolicy rule', () => {
    for (const options of [{}, { completeManifests: true }, { options: ISOLATE_ALL }]) {
      const result = checkFiles(files, options);

      expect(
        result.findings.map((finding) => `${finding.file} ${finding.ruleId}: ${finding.message}`),
      ).toEqual([]);
    }
  });

  it('intended paths and the load balancer', () => {
    const lines = connections([...files, COREDNS]);

    // The load balancer's ipBlock splits the external sources into three ranges.
    expect(lines).toEqual([
      '0.0.0.0-9.255.255.255[External] => kube-system/coredns[Deployment] : All Connections',
      '10.0.0.0-10.0.255.255[External] => gateway/gateway[Deployment] : TCP 8080',
      '10.0.0.0-10.0.255.255[External] => kube-system/coredns[Deployment] : All Connections',
      '10.1.0.0-255.255.255.255[External] => kube-system/coredns[Deployment] : All Connections',
      ...INTENDED.slice(1),
    ]);
  });
});

describe('insecure example', () => {
  it('missing default deny and isolation', () => {
    const result = checkFiles(readExample('insecure'));

    expect(
      result.findings.map(
        (finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId}`,
      ),
    ).toEqual([
      'examples/insecure/api.yaml:4 require-workload-isolation',
      'examples/insecure/gateway.yaml:4 require-workload-isolation',
      'examples/insecure/namespaces.yaml:4 require-default-deny-egress',
      'examples/insecure/namespaces.yaml:4 require-default-deny-ingress',
      'examples/insecure/namespaces.yaml:9 require-default-deny-egress',
      'examples/insecure/namespaces.yaml:9 require-default-deny-ingress',
      'examples/insecure/postgres.yaml:4 require-workload-isolation',
    ]);
  });

  it('every pod reaches every pod', () => {
    const lines = connections(readExample('insecure'));

    expect(lines).toContain(
      'gateway/gateway[Deployment] => clinic/postgres[StatefulSet] : All Connections',
    );
    expect(lines).toContain(`clinic/postgres[StatefulSet] => ${ALL} : All Connections`);
  });
});
