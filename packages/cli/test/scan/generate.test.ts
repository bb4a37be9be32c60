import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_SETTINGS, loadObjects, severityOf, type JsonReport } from '@kubeharden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/main.js';
import { createRegistry } from '../../src/registry.js';
import { qualifiedResource, RESOURCE_TYPES, resourceTypesFor } from '../../src/scan/resources.js';

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const isSecrets = (resource: string): boolean => resource === 'secrets';

/** Lists the `resource.group` names a ClusterRole grants. */
function granted(rules: readonly PolicyRule[]): string[] {
  return rules
    .flatMap((rule) => rule.resources.map((resource) => (rule.apiGroups[0] === '' ? resource : `${resource}.${rule.apiGroups[0]}`)))
    .sort();
}

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'kubeharden-generate-test-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('generate scanner-rbac', () => {
  it('grants get and list on what the scan reads', async () => {
    const result = await run(['generate', 'scanner-rbac']);

    expect(result.code).toBe(0);
    const { objects } = loadObjects(result.stdout);
    expect(objects.map((object) => object.kind)).toEqual(['ClusterRole']);
    const rules = objects[0]!.value.rules as PolicyRule[];
    for (const rule of rules) expect(rule.verbs).toEqual(['get', 'list']);
    const enabled = createRegistry()
      .list()
      .filter((rule) => severityOf(rule, DEFAULT_SETTINGS) !== 'off');
    expect(granted(rules)).toEqual(resourceTypesFor(enabled).map(qualifiedResource).filter((name) => !isSecrets(name)).sort());
  });

  it('grants secrets only with --include-secrets', async () => {
    const without = loadObjects((await run(['generate', 'scanner-rbac'])).stdout).objects[0]!;
    const withSecrets = loadObjects((await run(['generate', 'scanner-rbac', '--include-secrets'])).stdout).objects[0]!;

    expect(granted(without.value.rules as PolicyRule[])).not.toContain('secrets');
    expect(without.get(['metadata', 'annotations', 'kubernetes.io/description'])).toContain('--include-secrets');
    expect(granted(withSecrets.value.rules as PolicyRule[])).toContain('secrets');
    expect(withSecrets.get(['metadata', 'annotations', 'kubernetes.io/description'])).toContain('reading Secret values');
  });

  it('grants every known resource with --all-resources', async () => {
    const result = await run(['generate', 'scanner-rbac', '--all-resources']);

    const rules = loadObjects(result.stdout).objects[0]!.value.rules as PolicyRule[];
    expect(granted(rules)).toEqual([...new Set(RESOURCE_TYPES.map(qualifiedResource))].filter((name) => !isSecrets(name)).sort());
    expect(rules.flatMap((rule) => rule.verbs).every((verb) => verb === 'get' || verb === 'list')).toBe(true);
  });
});

describe('generate scanner-cronjob', () => {
  it('passes kubeharden check', async () => {
    const generated = await run(['generate', 'scanner-cronjob', '--all-resources', '--api-server-cidr', '10.0.0.1/32']);
    const file = join(folder, 'scanner.yaml');
    writeFileSync(file, generated.stdout);

    const checked = await run(['check', '--format', 'json', file]);

    const report = JSON.parse(checked.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    // The scanner reaches the API server by address, so the CronJob suppresses the DNS rule with a reason.
    expect(report.suppressed.map((finding) => finding.ruleId)).toEqual(['require-dns-egress']);
    expect(report.summary.documents).toBe(7);
    expect(checked.code).toBe(0);
  });

  it('warns about open egress without --api-server-cidr', async () => {
    const generated = await run(['generate', 'scanner-cronjob', '--all-resources']);
    const file = join(folder, 'scanner-open.yaml');
    writeFileSync(file, generated.stdout);

    const checked = await run(['check', '--format', 'json', file]);

    const report = JSON.parse(checked.stdout) as JsonReport;
    expect(report.findings.map((finding) => `${finding.severity} ${finding.ruleId}`)).toEqual(['warning no-allow-all-peers']);
    expect(checked.code).toBe(0);
  });

  it('binds the ClusterRole to the scanner account', async () => {
    const result = await run(['generate', 'scanner-cronjob', '--namespace', 'security', '--schedule', '0 2 * * *']);

    const objects = loadObjects(result.stdout).objects;
    expect(objects.map((object) => object.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'NetworkPolicy',
      'NetworkPolicy',
      'CronJob',
    ]);
    const binding = objects.find((object) => object.kind === 'ClusterRoleBinding')!;
    expect(binding.get(['subjects'])).toEqual([{ kind: 'ServiceAccount', name: 'kubeharden-scanner', namespace: 'security' }]);
    const cronJob = objects.find((object) => object.kind === 'CronJob')!;
    expect(cronJob.get(['spec', 'schedule'])).toBe('0 2 * * *');
    const pod = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    expect(cronJob.get([...pod, 'serviceAccountName'])).toBe('kubeharden-scanner');
    expect(cronJob.get([...pod, 'containers', 0, 'args'])).toEqual(['scan', '--format', 'json']);
  });

  it('narrows egress to the API server range', async () => {
    const result = await run(['generate', 'scanner-cronjob', '--api-server-cidr', '10.0.0.1/32']);

    const policy = loadObjects(result.stdout).objects.find((object) => object.kind === 'NetworkPolicy' && object.name === 'kubeharden-scanner')!;
    expect(policy.get(['spec', 'egress', 0, 'to'])).toEqual([{ ipBlock: { cidr: '10.0.0.1/32' } }]);
  });

  it('rejects a schedule without five fields', async () => {
    const result = await run(['generate', 'scanner-cronjob', '--schedule', 'weekly']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --schedule "weekly"; give five cron fields');
  });
});
