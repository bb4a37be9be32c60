import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VERSION } from '../../src/version.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/kubeharden.js');
const INSECURE = join(ROOT, 'examples/insecure');
const HARDENED = join(ROOT, 'examples/hardened');

interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

function runScript(script: string, args: readonly string[], env: Record<string, string>, cwd: string): SpawnSyncReturns<string> {
  const inherited = { ...process.env };
  delete inherited.CI;
  return spawnSync('bash', [script, ...args], { cwd, env: { ...inherited, ...env }, encoding: 'utf8' });
}

function outputsOf(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
}

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'kubeharden-integrations-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('GitHub Action', () => {
  const action = yaml.load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
  const steps = action.runs.steps;

  it('is a composite action that uploads SARIF', () => {
    expect(action.runs.using).toBe('composite');
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('${{ steps.check.outputs.sarif-file }}');
    expect(upload?.if).toContain('always()');
    expect(Object.keys(action.outputs)).toEqual(['sarif-file', 'exit-code']);
  });

  it('passes inputs through the environment only', () => {
    for (const step of steps.filter((candidate) => candidate.run !== undefined)) {
      expect(step.shell).toBe('bash');
      expect(step.run).not.toContain('${{ inputs.');
    }
    const check = steps.find((step) => step.id === 'check');
    expect(Object.keys(check?.env ?? {}).sort()).toEqual([
      'KUBEHARDEN_BIN',
      'KUBEHARDEN_CONFIG',
      'KUBEHARDEN_LEVEL',
      'KUBEHARDEN_PATHS',
      'KUBEHARDEN_SARIF',
    ]);
  });

  it('records findings and writes SARIF', () => {
    const output = join(folder, 'insecure-output');
    const result = runScript(
      join(ROOT, 'scripts/action-check.sh'),
      [],
      { GITHUB_OUTPUT: output, KUBEHARDEN_BIN: BIN, KUBEHARDEN_PATHS: `${INSECURE}\n${HARDENED}`, KUBEHARDEN_SARIF: 'out.sarif' },
      folder,
    );

    expect(result.status).toBe(0);
    expect(outputsOf(output)).toEqual({ 'exit-code': '1', 'sarif-file': 'out.sarif' });
    const log = JSON.parse(readFileSync(join(folder, 'out.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]?.results.length).toBeGreaterThan(0);
  });

  it('records a clean check', () => {
    const output = join(folder, 'hardened-output');
    const result = runScript(
      join(ROOT, 'scripts/action-check.sh'),
      [],
      { GITHUB_OUTPUT: output, KUBEHARDEN_BIN: BIN, KUBEHARDEN_PATHS: HARDENED, KUBEHARDEN_LEVEL: 'restricted' },
      folder,
    );

    expect(result.status).toBe(0);
    expect(outputsOf(output)['exit-code']).toBe('0');
  });

  it('fails the step when check cannot run', () => {
    const output = join(folder, 'missing-output');
    const result = runScript(
      join(ROOT, 'scripts/action-check.sh'),
      [],
      { GITHUB_OUTPUT: output, KUBEHARDEN_BIN: BIN, KUBEHARDEN_PATHS: join(folder, 'no-such-folder') },
      folder,
    );

    expect(result.status).toBe(2);
    expect(outputsOf(output)['exit-code']).toBe('2');
    expect(result.stdout).toContain('::error::kubeharden check could not run');
  });
});

describe('pre-commit hook', () => {
  const hooks = yaml.load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
  }[];
  const hook = hooks[0]!;

  it('defines an executable script hook for YAML files', () => {
    expect(hook).toMatchObject({ id: 'kubeharden', language: 'script' });
    expect(() => accessSync(join(ROOT, hook.entry), constants.X_OK)).not.toThrow();
    expect(new RegExp(hook.files).test('deploy/app.yaml')).toBe(true);
    expect(new RegExp(hook.files).test('deploy/app.yml')).toBe(true);
    expect(new RegExp(hook.files).test('README.md')).toBe(false);
  });

  it('fails on an insecure manifest', () => {
    const result = runScript(join(ROOT, hook.entry), [join(INSECURE, 'api.yaml')], {}, folder);

    expect(result.status).toBe(1);
    expect(result.stdout).toContain('no-privilege-escalation');
  });

  it('passes a hardened manifest', () => {
    const result = runScript(join(ROOT, hook.entry), [join(HARDENED, 'api.yaml'), join(HARDENED, 'namespaces.yaml'), join(HARDENED, 'networkpolicies.yaml')], {}, folder);

    expect(result.stdout).toBe('No problems found.\n');
    expect(result.status).toBe(0);
  });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const kubectlPresent = kubectl.status === 0;
if (!kubectlPresent) process.stderr.write('SKIPPED: kubectl is not installed, so the kubectl plugin is not tried.\n');

describe.skipIf(!kubectlPresent)('kubectl plugin', () => {
  let pluginFolder: string;
  const kubectlEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${pluginFolder}${delimiter}${process.env.PATH ?? ''}` });

  beforeAll(() => {
    pluginFolder = mkdtempSync(join(tmpdir(), 'kubeharden-plugin-'));
    symlinkSync(BIN, join(pluginFolder, 'kubectl-kubeharden'));
  });

  afterAll(() => {
    rmSync(pluginFolder, { recursive: true, force: true });
  });

  it('is declared as a package binary', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { bin: Record<string, string> };

    expect(manifest.bin['kubectl-kubeharden']).toBe('./bin/kubeharden.js');
  });

  it('is listed by kubectl', () => {
    const result = spawnSync('kubectl', ['plugin', 'list'], { env: kubectlEnv(), encoding: 'utf8' });

    expect(result.stdout).toContain(join(pluginFolder, 'kubectl-kubeharden'));
  });

  it('runs as kubectl kubeharden', () => {
    const version = spawnSync('kubectl', ['kubeharden', '--version'], { env: kubectlEnv(), encoding: 'utf8' });
    const help = spawnSync('kubectl', ['kubeharden', '--help'], { env: kubectlEnv(), encoding: 'utf8' });
    const check = spawnSync('kubectl', ['kubeharden', 'check', HARDENED], { env: kubectlEnv(), encoding: 'utf8' });

    expect(version.stdout.trim()).toBe(VERSION);
    expect(help.stdout).toContain('Usage: kubectl kubeharden [options] [command]');
    expect(check.stdout).toBe('No problems found.\n');
    expect(check.status).toBe(0);
  });
});
