import { describe, expect, it } from 'vitest';

import { countFindings, formatStylish } from '../../src/index.js';
import { sampleRun } from './findings.js';

const SYNTAX_MESSAGE =
  'Invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ].';

describe('formatStylish', () => {
  const { findings } = sampleRun().result;

  it('text without color', () => {
    expect(formatStylish(findings, { color: false })).toBe(
      [
        'manifests/broken file.yaml',
        `  3:8  error    ${SYNTAX_MESSAGE}  valid-yaml`,
        '',
        'manifests/pod.yaml',
        '  6:1  warning  Pod may run as root.  require-non-root',
        '  7:3  error    Pod uses the host network.  no-host-network',
        '',
        '✖ 3 problems (2 errors, 1 warning, 0 info)',
        '  1 finding with an automatic fix that keeps behaviour.',
        '  1 finding with suggested changes that alter behaviour.',
        '',
      ].join('\n'),
    );
  });

  it('text with color', () => {
    const escape = '\u001b';

    expect(formatStylish(findings, { color: true })).toBe(
      [
        `${escape}[4mmanifests/broken file.yaml${escape}[0m`,
        `  ${escape}[90m3:8${escape}[0m  ${escape}[31merror  ${escape}[0m  ${SYNTAX_MESSAGE}  ${escape}[90mvalid-yaml${escape}[0m`,
        '',
        `${escape}[4mmanifests/pod.yaml${escape}[0m`,
        `  ${escape}[90m6:1${escape}[0m  ${escape}[33mwarning${escape}[0m  Pod may run as root.  ${escape}[90mrequire-non-root${escape}[0m`,
        `  ${escape}[90m7:3${escape}[0m  ${escape}[31merror  ${escape}[0m  Pod uses the host network.  ${escape}[90mno-host-network${escape}[0m`,
        '',
        `${escape}[31m✖${escape}[0m ${escape}[1m3 problems (2 errors, 1 warning, 0 info)${escape}[0m`,
        '  1 finding with an automatic fix that keeps behaviour.',
        '  1 finding with suggested changes that alter behaviour.',
        '',
      ].join('\n'),
    );
  });

  it('positions padded to the widest in a file', () => {
    const [first] = findings;
    const far = { ...first!, range: { ...first!.range, startLine: 120, startColumn: 14 } };
    const lines = formatStylish([first!, far], { color: false }).split('\n');

    expect(lines[1]).toBe(`  3:8     error    ${SYNTAX_MESSAGE}  valid-yaml`);
    expect(lines[2]).toBe(`  120:14  error    ${SYNTAX_MESSAGE}  valid-yaml`);
  });

  it('suppressed count in the summary', () => {
    expect(formatStylish(findings, { color: false, suppressedCount: 2 })).toMatch(
      /\n {2}2 suppressed by annotation \(listed in --format json\)\.\n$/,
    );
  });

  it('warnings only marked with a warning sign', () => {
    const warnings = findings.filter((finding) => finding.severity === 'warning');

    expect(formatStylish(warnings, { color: false })).toMatch(
      /\n⚠ 1 problem \(0 errors, 1 warning, 0 info\)\n/,
    );
  });

  it('no problems', () => {
    expect(formatStylish([], { color: false })).toBe('No problems found.\n');
    expect(formatStylish([], { color: true, suppressedCount: 1 })).toBe(
      'No problems found (1 suppressed by annotation).\n',
    );
  });
});

describe('countFindings', () => {
  it('counts by severity and fix kind', () => {
    expect(countFindings(sampleRun().result.findings)).toEqual({
      errors: 2,
      warnings: 1,
      infos: 0,
      fixable: 1,
      withSuggestions: 1,
    });
  });
});
