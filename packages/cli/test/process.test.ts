import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CLEAN_POD, PRIVILEGED_POD } from './fixtures.js';
import { spawnCli, Workspace } from './helpers.js';

// These tests run the built command (`npx tsc -b packages/cli` first) as its own process, to
// cover standard input, the exit status of the process and its stderr output.

let workspace: Workspace;

beforeAll(() => {
  workspace = new Workspace();
});

afterAll(() => {
  workspace.remove();
});

describe('kubeharden process', () => {
  it('standard input with findings', () => {
    const result = spawnCli(['check', '--format', 'json', '-'], { input: PRIVILEGED_POD });
    const report = JSON.parse(result.stdout);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(report.findings.map((finding: { file: string }) => finding.file)).toEqual(['<stdin>']);
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual([
      'no-privileged-containers',
    ]);
  });

  it('clean standard input', () => {
    const result = spawnCli(['check', '--no-color', '-'], { input: CLEAN_POD });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No problems found.\n');
  });

  it('standard input beside a file', () => {
    const file = workspace.write('pod.yaml', PRIVILEGED_POD);
    // Standard input names another namespace, so that no object is defined twice and the
    // NetworkPolicies are not reported as duplicates.
    const input = PRIVILEGED_POD.replaceAll('namespace: clinic', 'namespace: records');
    const result = spawnCli(['check', '--format', 'json', '-', file], { input });
    const files = JSON.parse(result.stdout).findings.map(
      (finding: { file: string }) => finding.file,
    );

    expect(result.code).toBe(1);
    expect([...files].sort()).toEqual([file, '<stdin>'].sort());
  });

  it('missing path', () => {
    const missing = workspace.path('absent.yaml');
    const result = spawnCli(['check', missing]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `kubeharden: Path "${missing}" does not exist; check the spelling or the working folder.\n`,
    );
  });

  it('bad option value', () => {
    const result = spawnCli(['check', '--format', 'xml', '-'], { input: CLEAN_POD });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });

  it('no progress line on a pipe', () => {
    const files = Array.from({ length: 30 }, (_, index) =>
      workspace.write(`many/pod-${index}.yaml`, CLEAN_POD),
    );
    const result = spawnCli(['check', '--no-color', workspace.path('many')]);

    expect(files).toHaveLength(30);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('no progress line in CI', () => {
    const result = spawnCli(['check', '--no-color', workspace.path('many')], {
      env: { CI: 'true' },
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
