import { existsSync, readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRegistry } from '../src/registry.js';
import { VERSION } from '../src/version.js';
import {
  CLEAN_POD,
  PRIVILEGED_POD,
  UNLABELLED_NAMESPACE,
  WARN_READ_ONLY_ROOT,
  WRITABLE_ROOT_POD,
} from './fixtures.js';
import { run, runJson, sarifValidator, Workspace } from './helpers.js';

let workspace: Workspace;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(() => {
  workspace = new Workspace();
});

afterAll(() => {
  workspace.remove();
});

describe('check exit codes', () => {
  it('clean manifest', async () => {
    const file = workspace.write('exit/clean.yaml', CLEAN_POD);
    const result = await run(['check', '--no-color', file]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No problems found.\n');
    expect(result.stderr).toBe('');
  });

  it('manifest with an error', async () => {
    const file = workspace.write('exit/privileged.yaml', PRIVILEGED_POD);
    const result = await run(['check', '--no-color', file]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        file,
        '  21:21  error    Container "app" sets securityContext.privileged to true; remove it or set it to false.  no-privileged-containers',
        '',
        '✖ 1 problem (1 error, 0 warnings, 0 info)',
        '  1 finding with suggested changes that alter behaviour.',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
  });

  it('missing path', async () => {
    const missing = workspace.path('exit/missing.yaml');
    const result = await run(['check', missing]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `kubeharden: Path "${missing}" does not exist; check the spelling or the working folder.\n`,
    );
  });

  it('invalid --level value', async () => {
    const file = workspace.write('exit/level.yaml', CLEAN_POD);
    const result = await run(['check', '--level', 'strict', file]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "error: option '--level <level>' argument 'strict' is invalid. Allowed choices are privileged, baseline, restricted.",
    );
  });

  it('invalid --format value', async () => {
    const file = workspace.write('exit/format.yaml', CLEAN_POD);
    const result = await run(['check', '--format', 'xml', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'xml' is invalid");
  });

  it('invalid --pss-version value', async () => {
    const file = workspace.write('exit/version.yaml', CLEAN_POD);
    const result = await run(['check', '--pss-version', '1.30', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeharden: Invalid --pss-version "1.30"; use "latest" or a version as the namespace label takes it, such as "v1.30".\n',
    );
  });

  it('invalid --max-warnings value', async () => {
    const file = workspace.write('exit/max.yaml', CLEAN_POD);
    const result = await run(['check', '--max-warnings', '-1', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a whole number of warnings, got "-1".');
  });

  it('unknown option', async () => {
    const result = await run(['check', '--strict']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown option '--strict'");
  });

  it('unknown command', async () => {
    const result = await run(['lint']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'lint'");
  });
});

describe('invalid configuration', () => {
  it('bad value names key, value and line', async () => {
    const config = workspace.write('bad-config/.kubeharden.yaml', 'pss:\n  level: strict\n');
    const file = workspace.write('bad-config/pod.yaml', CLEAN_POD);
    const result = await run(['check', file]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `kubeharden: Invalid configuration:\n${config}:2:10: pss.level: Invalid Pod Security level "strict"; use one of privileged, baseline, restricted.\n`,
    );
  });

  it('unknown rule names key and line', async () => {
    const config = workspace.write(
      'unknown-rule/.kubeharden.yaml',
      'pss:\n  level: baseline\nrules:\n  no-privileged-container: off\n',
    );
    const file = workspace.write('unknown-rule/pod.yaml', CLEAN_POD);
    const result = await run(['check', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `kubeharden: Invalid configuration:\n${config}:4:3: rules.no-privileged-container: Unknown rule "no-privileged-container"; \`kubeharden rules\` lists the rule ids.\n`,
    );
  });

  it('problems in line order', async () => {
    const config = workspace.write(
      'many-problems/.kubeharden.yaml',
      'rules:\n  no-such-rule: error\n  no-host-ports: loud\ncolour: true\n',
    );
    const file = workspace.write('many-problems/pod.yaml', CLEAN_POD);
    const lines = (await run(['check', file])).stderr.split('\n');

    expect(lines[1]).toBe(
      `${config}:2:3: rules.no-such-rule: Unknown rule "no-such-rule"; \`kubeharden rules\` lists the rule ids.`,
    );
    expect(lines[2]).toBe(
      `${config}:3:18: rules.no-host-ports: Invalid severity "loud" for rule "no-host-ports"; use one of error, warning, info, off.`,
    );
    expect(lines[3]).toMatch(
      `${config}:4:1: colour: Unknown setting "colour"; the known settings are `,
    );
  });

  it('syntax error', async () => {
    const config = workspace.write('syntax/.kubeharden.yaml', 'pss: [level\n');
    const file = workspace.write('syntax/pod.yaml', CLEAN_POD);
    const result = await run(['check', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^kubeharden: Invalid configuration:\\n${escapeRegExp(config)}:\\d+:\\d+: `),
    );
  });

  it('missing --config file', async () => {
    const file = workspace.write('no-config/pod.yaml', CLEAN_POD);
    const result = await run(['check', '--config', workspace.path('no-config/absent.yaml'), file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `Cannot read configuration "${workspace.path('no-config/absent.yaml')}"`,
    );
  });
});

describe('configuration lookup', () => {
  it('config file above the checked path', async () => {
    workspace.write('upward/.kubeharden.yaml', 'pss:\n  level: baseline\n');
    const file = workspace.write(
      'upward/apps/web/pod.yaml',
      WRITABLE_ROOT_POD.replace('runAsNonRoot: true', 'runAsNonRoot: false'),
    );
    const { report } = await runJson([file]);

    // At baseline runAsNonRoot is not checked; the read-only root rule does not depend on the level.
    expect(report.findings.map((finding) => finding.ruleId)).toEqual([
      'require-read-only-root-filesystem',
    ]);
  });

  it('config file of the checked folder', async () => {
    workspace.write('folder-config/.kubeharden.yaml', WARN_READ_ONLY_ROOT);
    workspace.write('folder-config/pod.yaml', WRITABLE_ROOT_POD);
    const { report } = await runJson([workspace.path('folder-config')]);

    expect(report.findings.map((finding) => finding.severity)).toEqual(['warning']);
  });

  it('config file not checked as a manifest', async () => {
    workspace.write('config-not-manifest/.kubeharden.yaml', WARN_READ_ONLY_ROOT);
    workspace.write('config-not-manifest/pod.yaml', CLEAN_POD);
    const { report } = await runJson([workspace.path('config-not-manifest')]);

    expect(report.summary.files).toBe(1);
  });

  it('--config instead of the nearest file', async () => {
    workspace.write('explicit/.kubeharden.yaml', 'pss:\n  level: strict\n');
    const config = workspace.write('explicit/ci.yaml', WARN_READ_ONLY_ROOT);
    const file = workspace.write('explicit/pod.yaml', WRITABLE_ROOT_POD);
    const { code, report } = await runJson(['--config', config, file]);

    expect(code).toBe(0);
    expect(report.findings.map((finding) => finding.severity)).toEqual(['warning']);
  });

  it('--level over the config file', async () => {
    workspace.write('flags/.kubeharden.yaml', 'pss:\n  level: baseline\n');
    const file = workspace.write(
      'flags/pod.yaml',
      CLEAN_POD.replace('runAsNonRoot: true', 'runAsNonRoot: false'),
    );

    expect((await runJson([file])).report.findings).toEqual([]);
    const restricted = (await runJson(['--level', 'restricted', file])).report.findings;

    expect(restricted.map((finding) => `${finding.ruleId} ${finding.path.join('.')}`)).toEqual([
      'require-run-as-non-root spec.securityContext.runAsNonRoot',
      'require-run-as-non-root spec.containers.0.securityContext.runAsNonRoot',
    ]);
  });

  it('--pss-version over the config file', async () => {
    workspace.write('version-flag/.kubeharden.yaml', 'pss:\n  version: latest\n');
    const pod = CLEAN_POD.replace('        capabilities:\n          drop: [ALL]\n', '');
    const file = workspace.write('version-flag/pod.yaml', pod);

    expect((await runJson([file])).report.findings.map((finding) => finding.ruleId)).toEqual([
      'require-drop-all-capabilities',
    ]);
    expect((await runJson(['--pss-version', 'v1.21', file])).report.findings).toEqual([]);
  });

  it('exclude globs relative to the config file', async () => {
    workspace.write(
      'exclude/.kubeharden.yaml',
      'exclude:\n  - "vendor/**"\n  - "**/*.generated.yaml"\n',
    );
    workspace.write('exclude/apps/pod.yaml', PRIVILEGED_POD);
    workspace.write('exclude/apps/pod.generated.yaml', PRIVILEGED_POD);
    workspace.write('exclude/vendor/chart/pod.yaml', PRIVILEGED_POD);
    const { report } = await runJson([workspace.path('exclude')]);

    expect(report.summary.files).toBe(1);
    expect(report.findings.map((finding) => finding.file)).toEqual([
      workspace.path('exclude/apps/pod.yaml'),
    ]);
  });

  it('excluded file named on the command line', async () => {
    workspace.write('exclude-named/.kubeharden.yaml', 'exclude:\n  - "*.generated.yaml"\n');
    const file = workspace.write('exclude-named/pod.generated.yaml', PRIVILEGED_POD);
    const { code, report } = await runJson([file]);

    expect(code).toBe(0);
    expect(report.summary.files).toBe(0);
  });
});

describe('--max-warnings and --quiet', () => {
  let folder: string;

  beforeAll(() => {
    workspace.write('warnings/.kubeharden.yaml', WARN_READ_ONLY_ROOT);
    workspace.write('warnings/pod.yaml', WRITABLE_ROOT_POD);
    folder = workspace.path('warnings');
  });

  it('warnings alone', async () => {
    const result = await run(['check', '--no-color', folder]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('⚠ 1 problem (0 errors, 1 warning, 0 info)');
  });

  it('warnings over the maximum', async () => {
    const result = await run(['check', '--no-color', '--max-warnings', '0', folder]);

    expect(result.code).toBe(1);
    expect(result.stdout.endsWith('kubeharden found too many warnings (maximum: 0).\n')).toBe(true);
  });

  it('warnings at the maximum', async () => {
    const result = await run(['check', '--no-color', '--max-warnings', '1', folder]);

    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('too many warnings');
  });

  it('warnings over the maximum in JSON', async () => {
    const result = await run(['check', '--format', 'json', '--max-warnings', '0', folder]);

    expect(result.code).toBe(1);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it('--quiet hides warnings', async () => {
    const result = await run(['check', '--no-color', '--quiet', folder]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No problems found.\n');
  });

  it('--quiet keeps errors', async () => {
    workspace.write('warnings-and-errors/.kubeharden.yaml', WARN_READ_ONLY_ROOT);
    workspace.write('warnings-and-errors/pod.yaml', WRITABLE_ROOT_POD);
    workspace.write('warnings-and-errors/namespace.yaml', UNLABELLED_NAMESPACE);
    const { code, report } = await runJson(['--quiet', workspace.path('warnings-and-errors')]);

    expect(code).toBe(1);
    expect(report.findings.map((finding) => finding.ruleId)).toEqual([
      'require-pod-security-labels',
    ]);
    expect(report.summary.warnings).toBe(0);
  });
});

describe('--format json', () => {
  it('report shape', async () => {
    const file = workspace.write('json/pod.yaml', PRIVILEGED_POD);
    const { code, report, stderr } = await runJson([file]);

    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(Object.keys(report)).toEqual(['tool', 'summary', 'findings', 'suppressed']);
    expect(report.tool).toEqual({ name: 'kubeharden', version: VERSION });
    expect(report.summary).toEqual({
      errors: 1,
      warnings: 0,
      infos: 0,
      fixable: 0,
      withSuggestions: 1,
      suppressed: 0,
      files: 1,
      documents: 3,
      parsedDocuments: 3,
      objects: 3,
    });
    expect(report.suppressed).toEqual([]);
  });

  it('finding fields', async () => {
    const file = workspace.write('json-finding/pod.yaml', PRIVILEGED_POD);
    const [finding] = (await runJson([file])).report.findings;

    expect(finding!.ruleId).toBe('no-privileged-containers');
    expect(finding!.severity).toBe('error');
    expect(finding!.file).toBe(file);
    expect(finding!.documentIndex).toBe(0);
    expect(finding!.object).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'clinic',
      name: 'web',
    });
    expect(finding!.path).toEqual(['spec', 'containers', 0, 'securityContext', 'privileged']);
    expect(finding!.range).toEqual({
      start: PRIVILEGED_POD.indexOf('true\n', PRIVILEGED_POD.indexOf('privileged:')),
      end: PRIVILEGED_POD.indexOf('true\n', PRIVILEGED_POD.indexOf('privileged:')) + 4,
      startLine: 21,
      startColumn: 21,
      endLine: 21,
      endColumn: 25,
    });
    expect(finding!.hipaa).toEqual(['164.312(a)(1)', '164.312(c)(1)']);
    expect(finding!.suggestions?.map((suggestion) => suggestion.description)).toEqual([
      'Set securityContext.privileged to false',
    ]);
    expect(finding!.data).toEqual({
      pssCheck: 'privileged',
      pssLevel: 'restricted',
      pssVersion: 'latest',
      container: 'app',
    });
  });

  it('suppressed list', async () => {
    const suppressed = PRIVILEGED_POD.replace(
      '  namespace: clinic\n',
      '  namespace: clinic\n  annotations:\n    kubeharden.io/ignore: no-privileged-containers\n    kubeharden.io/ignore-reason: The storage driver needs device access.\n',
    );
    const file = workspace.write('suppressed/pod.yaml', suppressed);
    const { code, report } = await runJson([file]);

    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary.suppressed).toBe(1);
    expect(report.suppressed.map((finding) => finding.ruleId)).toEqual([
      'no-privileged-containers',
    ]);
    expect(report.suppressed.map((finding) => finding.suppression.reason)).toEqual([
      'The storage driver needs device access.',
    ]);
  });

  it('suppression without a reason', async () => {
    const unreasoned = PRIVILEGED_POD.replace(
      '  namespace: clinic\n',
      '  namespace: clinic\n  annotations:\n    kubeharden.io/ignore: no-privileged-containers\n',
    );
    const file = workspace.write('unreasoned/pod.yaml', unreasoned);
    const { code, report } = await runJson([file]);

    expect(code).toBe(1);
    expect(report.findings.map((finding) => finding.ruleId)).toEqual([
      'require-suppression-reason',
      'no-privileged-containers',
    ]);
    expect(report.suppressed).toEqual([]);
  });

  it('suppressed count in stylish output', async () => {
    const suppressed = PRIVILEGED_POD.replace(
      '  namespace: clinic\n',
      '  namespace: clinic\n  annotations:\n    kubeharden.io/ignore: no-privileged-containers\n    kubeharden.io/ignore-reason: Device access.\n',
    );
    const file = workspace.write('suppressed-stylish/pod.yaml', suppressed);
    const result = await run(['check', '--no-color', file]);

    expect(result.stdout).toBe('No problems found (1 suppressed by annotation).\n');
  });
});

describe('--format sarif', () => {
  const validate = sarifValidator();

  it('log valid against the SARIF 2.1.0 schema', async () => {
    const file = workspace.write('sarif/pod.yaml', PRIVILEGED_POD + '---\n' + UNLABELLED_NAMESPACE);
    const result = await run(['check', '--format', 'sarif', file]);
    const { valid, errors } = validate(JSON.parse(result.stdout));

    expect(result.code).toBe(1);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });

  it('schema rejects a log without version', async () => {
    const file = workspace.write('sarif-negative/pod.yaml', PRIVILEGED_POD);
    const log = JSON.parse((await run(['check', '--format', 'sarif', file])).stdout) as Record<
      string,
      unknown
    >;
    delete log.version;

    expect(validate(log).valid).toBe(false);
  });

  it('results point at rules and regions', async () => {
    const file = workspace.write('sarif-results/pod.yaml', PRIVILEGED_POD);
    const log = JSON.parse((await run(['check', '--format', 'sarif', file])).stdout);
    const [sarifRun] = log.runs;
    const [result] = sarifRun.results;

    expect(sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(
      createRegistry()
        .list()
        .map((rule) => rule.id),
    );
    expect(sarifRun.tool.driver.rules[result.ruleIndex].id).toBe('no-privileged-containers');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.region).toEqual({
      startLine: 21,
      startColumn: 21,
      endLine: 21,
      endColumn: 25,
      charOffset: PRIVILEGED_POD.indexOf('true\n', PRIVILEGED_POD.indexOf('privileged:')),
      charLength: 4,
    });
    expect(result.locations[0].logicalLocations).toEqual([
      { fullyQualifiedName: 'Pod/clinic/web', kind: 'object' },
    ]);
  });

  it('clean log', async () => {
    const file = workspace.write('sarif-clean/pod.yaml', CLEAN_POD);
    const result = await run(['check', '--format', 'sarif', file]);
    const log = JSON.parse(result.stdout);

    expect(result.code).toBe(0);
    expect(validate(log).valid).toBe(true);
    expect(log.runs[0].results).toEqual([]);
  });
});

describe('non-Kubernetes YAML', () => {
  const files = {
    'ci/workflow.yml':
      'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    'chart/values.yaml':
      'replicaCount: 2\nimage:\n  repository: registry.example.com/app\n  tag: "1.0"\n',
    'kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - pod.yaml\n',
    'compose.yaml':
      'services:\n  web:\n    image: registry.example.com/app:1.0\n    privileged: true\n',
    'empty.yaml': '',
    'comments.yaml': '# nothing here yet\n---\n# or here\n',
  };

  beforeAll(() => {
    for (const [name, text] of Object.entries(files)) workspace.write(`other-yaml/${name}`, text);
  });

  it('no stylish output', async () => {
    const result = await run(['check', '--no-color', workspace.path('other-yaml')]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No problems found.\n');
    expect(result.stderr).toBe('');
  });

  it('files read without findings', async () => {
    const { report } = await runJson([workspace.path('other-yaml')]);

    expect(report.findings).toEqual([]);
    expect(report.summary.files).toBe(Object.keys(files).length);
    expect(report.summary.objects).toBe(0);
  });
});

describe('--output-file', () => {
  it('report written to the file', async () => {
    const file = workspace.write('output/pod.yaml', PRIVILEGED_POD);
    const output = workspace.path('output/report.json');
    const result = await run(['check', '--format', 'json', '-o', output, file]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(existsSync(output)).toBe(true);
    expect(JSON.parse(readFileSync(output, 'utf8')).summary.errors).toBe(1);
  });
});

describe('--color', () => {
  it('colored stylish output', async () => {
    const file = workspace.write('color/pod.yaml', PRIVILEGED_POD);
    const result = await run(['check', '--color', file]);

    expect(result.stdout).toContain('\u001b[31merror  \u001b[0m');
  });

  it('plain stylish output', async () => {
    const file = workspace.write('no-color/pod.yaml', PRIVILEGED_POD);
    const result = await run(['check', '--no-color', file]);

    expect(result.stdout).not.toContain('\u001b[');
  });
});

describe('rules command', () => {
  const rules = createRegistry().list();

  it('table', async () => {
    const result = await run(['rules']);
    const lines = result.stdout.trimEnd().split('\n');

    expect(result.code).toBe(0);
    expect(lines[0]).toMatch(/^RULE +AREA +SEVERITY +FIXABLE +HIPAA$/);
    expect(lines.slice(1).map((line) => line.split(/ +/)[0])).toEqual(rules.map((rule) => rule.id));
    expect(lines.find((line) => line.startsWith('no-privileged-containers '))).toMatch(
      /^no-privileged-containers +pod-security +error +suggestion +164\.312\(a\)\(1\), 164\.312\(c\)\(1\)$/,
    );
  });

  it('JSON', async () => {
    const result = await run(['rules', '--format', 'json']);
    const rows = JSON.parse(result.stdout) as {
      id: string;
      area: string;
      fixable: string | null;
    }[];

    expect(result.code).toBe(0);
    expect(rows.map((row) => row.id)).toEqual(rules.map((rule) => rule.id));
    expect(rows.find((row) => row.id === 'valid-yaml')).toMatchObject({
      area: 'source',
      fixable: null,
    });
  });
});

describe('help and version', () => {
  it('--version', async () => {
    const result = await run(['--version']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${VERSION}\n`);
  });

  it('check --help', async () => {
    const result = await run(['check', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: kubeharden check [options] [paths...]');
  });

  it('docs command hidden from help', async () => {
    const result = await run(['--help']);

    expect(result.stdout).toContain('rules');
    expect(result.stdout).not.toMatch(/^\s+docs\b/m);
  });
});
