import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Finding, JsonReport } from '@kubeharden/core';
import { beforeAll, expect, it } from 'vitest';

import { describeShared } from '../../../test/shared.js';
import { lineStartsOf, run, sarifValidator } from './helpers.js';

/** Lists the YAML files below `folder`, as `kubeharden check` collects them. */
function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Problems of one finding's range against its file text; empty when the range is consistent. */
function rangeProblems(finding: Finding, text: string, lineStarts: readonly number[]): string[] {
  const { start, end, startLine, startColumn, endLine, endColumn } = finding.range;
  const offsetOf = (line: number, column: number): number | undefined =>
    lineStarts[line - 1] === undefined ? undefined : lineStarts[line - 1]! + column - 1;
  const problems: string[] = [];
  if (!(start >= 0 && end <= text.length))
    problems.push(`offsets ${start}-${end} outside ${text.length} characters`);
  if (!(end > start)) problems.push(`empty range ${start}-${end}`);
  if (offsetOf(startLine, startColumn) !== start)
    problems.push(`start ${startLine}:${startColumn} is not offset ${start}`);
  if (offsetOf(endLine, endColumn) !== end)
    problems.push(`end ${endLine}:${endColumn} is not offset ${end}`);
  return problems.map((problem) => `${finding.file} ${finding.ruleId}: ${problem}`);
}

// About 770 manifests of public projects: the command must read all of them without crashing
// and locate every finding exactly.
describeShared('corpus', 'corpus/', (corpusDir) => {
  let json: { code: number; stdout: string; stderr: string };
  let report: JsonReport;
  let sarif: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    json = await run(['check', '--format', 'json', corpusDir]);
    report = JSON.parse(json.stdout) as JsonReport;
    sarif = await run(['check', '--format', 'sarif', corpusDir]);
  });

  it('run without a usage or internal error', () => {
    expect(json.stderr).toBe('');
    expect([0, 1]).toContain(json.code);
  });

  it('every YAML file read', () => {
    expect(report.summary.files).toBe(yamlFiles(corpusDir).length);
  });

  it('no rule failure', () => {
    const failures = report.findings.filter((finding) => finding.ruleId === 'rule-failure');

    expect(failures.map((finding) => `${finding.file}: ${finding.message}`)).toEqual([]);
  });

  it('ranges inside their files', () => {
    const texts = new Map<string, { text: string; lineStarts: number[] }>();
    const problems: string[] = [];
    for (const finding of [...report.findings, ...report.suppressed]) {
      let entry = texts.get(finding.file);
      if (!entry) {
        const text = readFileSync(finding.file, 'utf8');
        entry = { text, lineStarts: lineStartsOf(text) };
        texts.set(finding.file, entry);
      }
      problems.push(...rangeProblems(finding, entry.text, entry.lineStarts));
    }

    expect(report.findings.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('SARIF log valid against the schema', () => {
    const { valid, errors } = sarifValidator()(JSON.parse(sarif.stdout));

    expect(sarif.code).toBe(json.code);
    expect(sarif.stderr).toBe('');
    expect(errors.slice(0, 5)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('SARIF results match the JSON findings', () => {
    const log = JSON.parse(sarif.stdout);
    const regions = log.runs[0].results.map(
      (result: {
        ruleId: string;
        locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[];
      }) =>
        `${result.ruleId} ${result.locations[0]!.physicalLocation.region.startLine}:${result.locations[0]!.physicalLocation.region.startColumn}`,
    );

    expect(regions).toEqual(
      report.findings.map(
        (finding) => `${finding.ruleId} ${finding.range.startLine}:${finding.range.startColumn}`,
      ),
    );
  });
});
