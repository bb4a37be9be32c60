import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_SETTINGS,
  findConfigFile,
  holdsHealthData,
  loadConfigFile,
  parseConfig,
  type LoadedConfig,
} from '../../src/index.js';
import { yaml } from '../helpers.js';

const FILE = '.kubeharden.yaml';

/** Lists each problem of a configuration as its path, the text its range covers and its message. */
function problemsOf(text: string): { path: string; covered: string; message: string }[] {
  return parseConfig(text, FILE).problems.map((problem) => ({
    path: problem.path.join('.'),
    covered: problem.range ? text.slice(problem.range.start, problem.range.end) : '',
    message: problem.message,
  }));
}

describe('parseConfig', () => {
  it('every setting read', () => {
    const text = yaml(
      'pss:',
      '  level: baseline',
      '  version: v1.30',
      'defaultNamespace: clinic',
      'healthData:',
      '  namespaces: [ehr, lab]',
      '  label: kubeharden.io/phi=true',
      'rules:',
      '  no-privileged: warning',
      '  require-seccomp: off',
      '  require-limits: false',
      '  custom:',
      '    severity: info',
      '    options: {max: 3}',
      'exclude: ["vendor/**", "*.tmpl.yaml"]',
      'completeManifests: true',
    );
    const { settings, problems } = parseConfig(text, FILE);

    expect(problems).toEqual([]);
    expect(settings.pss).toEqual({ level: 'baseline', version: 'v1.30' });
    expect(settings.defaultNamespace).toBe('clinic');
    expect(settings.healthData).toEqual({
      namespaces: ['ehr', 'lab'],
      label: { key: 'kubeharden.io/phi', value: 'true' },
    });
    expect(settings.rules).toEqual({
      'no-privileged': { severity: 'warning' },
      'require-seccomp': { severity: 'off' },
      'require-limits': { severity: 'off' },
      custom: { severity: 'info', options: { max: 3 } },
    });
    expect(settings.exclude).toEqual(['vendor/**', '*.tmpl.yaml']);
    expect(settings.completeManifests).toBe(true);
  });

  it('defaults for an empty file', () => {
    const result: LoadedConfig = parseConfig('', FILE);

    expect(result.settings).toEqual(DEFAULT_SETTINGS);
    expect(result.problems).toEqual([]);
    expect(result.file).toBe(FILE);
  });

  it('defaults for a file of comments', () => {
    expect(parseConfig(yaml('# nothing yet'), FILE).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('severity off in the object form', () => {
    const { settings } = parseConfig(
      yaml('rules:', '  a: {severity: off}', '  b: {severity: "off"}'),
      FILE,
    );

    expect(settings.rules).toEqual({ a: { severity: 'off' }, b: { severity: 'off' } });
  });

  it('PSS version latest and level alone', () => {
    const { settings } = parseConfig(yaml('pss: {level: privileged}'), FILE);

    expect(settings.pss).toEqual({ level: 'privileged', version: 'latest' });
  });

  it('unknown top-level key at its key', () => {
    const problems = problemsOf(yaml('pss: {level: baseline}', 'exlude: [a]'));

    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('exlude');
    expect(problems[0]?.covered).toBe('exlude');
    expect(problems[0]?.message).toMatch(
      /^Unknown setting "exlude"; the known settings are pss, defaultNamespace/,
    );
  });

  it('unknown nested keys at their keys', () => {
    const problems = problemsOf(
      yaml('pss: {levle: baseline}', 'healthData: {labels: a=b}', 'rules:', '  x: {sevrity: info}'),
    );

    expect(problems.map((problem) => [problem.path, problem.covered])).toEqual([
      ['pss.levle', 'levle'],
      ['healthData.labels', 'labels'],
      ['rules.x.sevrity', 'sevrity'],
    ]);
  });

  it('bad values named with key, value and range', () => {
    const text = yaml(
      'pss:',
      '  level: strict',
      '  version: 1.30',
      'defaultNamespace: 42',
      'healthData:',
      '  namespaces: ehr',
      '  label: phi',
      'rules:',
      '  a: critical',
      '  b: {severity: fatal}',
      '  c: [error]',
      'exclude: vendor',
      'completeManifests: "yes"',
    );
    const problems = problemsOf(text);

    expect(problems.map((problem) => [problem.path, problem.covered])).toEqual([
      ['pss.level', 'strict'],
      ['pss.version', '1.30'],
      ['defaultNamespace', '42'],
      ['healthData.namespaces', 'ehr'],
      ['healthData.label', 'phi'],
      ['rules.a', 'critical'],
      ['rules.b.severity', 'fatal'],
      ['rules.c', 'c'],
      ['exclude', 'vendor'],
      ['completeManifests', '"yes"'],
    ]);
    expect(problems[0]?.message).toBe(
      'Invalid Pod Security level "strict"; use one of privileged, baseline, restricted.',
    );
    expect(problems[1]?.message).toMatch(/^Invalid Pod Security version 1\.3;/);
    expect(problems[2]?.message).toBe(
      'Setting "defaultNamespace" must be a namespace name, not 42.',
    );
    expect(problems[3]?.message).toBe(
      'Setting "healthData.namespaces" must be a list of strings, not "ehr".',
    );
    expect(problems[4]?.message).toMatch(/^Invalid label "phi"; write it as key=value/);
    expect(problems[5]?.message).toBe(
      'Invalid severity "critical" for rule "a"; use one of error, warning, info, off.',
    );
    expect(problems[6]?.message).toBe(
      'Invalid severity "fatal" for rule "b"; use one of error, warning, info, off.',
    );
    expect(problems[7]?.message).toMatch(/^Invalid setting \["error"\] for rule "c"/);
    expect(problems[8]?.message).toBe('Setting "exclude" must be a list of strings, not "vendor".');
    expect(problems[9]?.message).toBe(
      'Setting "completeManifests" must be true or false, not "yes".',
    );
  });

  it('valid parts apply beside bad ones', () => {
    const { settings } = parseConfig(
      yaml('pss: {level: bad, version: v1.29}', 'defaultNamespace: ok'),
      FILE,
    );

    expect(settings.pss).toEqual({ level: 'restricted', version: 'v1.29' });
    expect(settings.defaultNamespace).toBe('ok');
  });

  it('mappings expected where scalars are given', () => {
    const problems = problemsOf(yaml('pss: restricted', 'healthData: true', 'rules: [a]'));

    expect(problems.map((problem) => problem.path)).toEqual(['pss', 'healthData', 'rules']);
    expect(problems[0]?.message).toBe(
      'Setting "pss" must be a mapping with "level" and "version", not "restricted".',
    );
  });

  it('configuration that is no mapping', () => {
    const problems = problemsOf(yaml('- pss'));

    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^Configuration must be a mapping of settings/);
  });

  it('syntax error reported and defaults kept', () => {
    const { settings, problems } = parseConfig(yaml('pss: {level: baseline'), FILE);

    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^Invalid YAML: /);
    expect(problems[0]?.range?.startLine).toBeGreaterThanOrEqual(1);
  });

  it('duplicate key reported', () => {
    const problems = problemsOf(yaml('defaultNamespace: a', 'defaultNamespace: b'));

    expect(problems.map((problem) => problem.covered)).toEqual([
      'defaultNamespace',
      'defaultNamespace',
    ]);
  });

  it('second document reported', () => {
    const { settings, problems } = parseConfig(
      yaml('defaultNamespace: a', '---', 'defaultNamespace: b'),
      FILE,
    );

    expect(settings.defaultNamespace).toBe('a');
    expect(problems.map((problem) => problem.message)).toEqual([
      'Configuration has more than one document; only the first is read, so merge them into one.',
    ]);
  });

  it('problem ranges with 1-based positions', () => {
    const problem = parseConfig(yaml('pss:', '  level: strict'), FILE).problems[0]!;

    expect(problem.range).toMatchObject({
      startLine: 2,
      startColumn: 10,
      endLine: 2,
      endColumn: 16,
    });
    expect(problem.file).toBe(FILE);
  });
});

describe('holdsHealthData', () => {
  it('every namespace without a scope', () => {
    expect(holdsHealthData({ namespaces: [] }, 'any', {})).toBe(true);
  });

  it('listed namespaces only', () => {
    expect(holdsHealthData({ namespaces: ['ehr'] }, 'ehr', {})).toBe(true);
    expect(holdsHealthData({ namespaces: ['ehr'] }, 'web', {})).toBe(false);
    expect(holdsHealthData({ namespaces: ['ehr'] }, undefined, {})).toBe(false);
  });

  it('label on the object or its namespace', () => {
    const scope = { namespaces: [], label: { key: 'phi', value: 'true' } };

    expect(holdsHealthData(scope, 'web', { phi: 'true' })).toBe(true);
    expect(holdsHealthData(scope, 'web', {}, { phi: 'true' })).toBe(true);
    expect(holdsHealthData(scope, 'web', { phi: 'false' })).toBe(false);
  });

  it('label or listed namespace', () => {
    const scope = { namespaces: ['ehr'], label: { key: 'phi', value: 'true' } };

    expect(holdsHealthData(scope, 'ehr', {})).toBe(true);
    expect(holdsHealthData(scope, 'web', {})).toBe(false);
  });
});

describe('config files', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubeharden-config-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('found in a parent folder', () => {
    const nested = join(root, 'walk', 'a', 'b');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(root, 'walk', FILE), 'defaultNamespace: found\n');

    expect(findConfigFile(nested)).toBe(join(root, 'walk', FILE));
  });

  it('nearest file wins', () => {
    const nested = join(root, 'near', 'a');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(root, 'near', FILE), '');
    writeFileSync(join(nested, '.kubeharden.yml'), '');

    expect(findConfigFile(nested)).toBe(join(nested, '.kubeharden.yml'));
  });

  it('yaml spelling before yml in one folder', () => {
    const folder = join(root, 'both');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '.kubeharden.yml'), '');
    writeFileSync(join(folder, FILE), '');

    expect(findConfigFile(folder)).toBe(join(folder, FILE));
  });

  it('start at a file', () => {
    const folder = join(root, 'from-file');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, FILE), '');
    writeFileSync(join(folder, 'pod.yaml'), '');

    expect(findConfigFile(join(folder, 'pod.yaml'))).toBe(join(folder, FILE));
  });

  it('none in the tree', () => {
    const folder = join(root, 'empty', 'deeper');
    mkdirSync(folder, { recursive: true });
    const found = findConfigFile(folder);

    // A configuration above the temporary folder belongs to the machine, not to this test.
    expect(found === undefined || !found.startsWith(root)).toBe(true);
  });

  it('loaded from disk', () => {
    const file = join(root, 'load.yaml');
    writeFileSync(file, 'defaultNamespace: disk\n');
    const result = loadConfigFile(file);

    expect(result.settings.defaultNamespace).toBe('disk');
    expect(result.file).toBe(file);
  });
});
