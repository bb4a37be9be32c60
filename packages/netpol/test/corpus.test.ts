import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Finding } from '@kubeharden/core';
import { beforeAll, expect, it } from 'vitest';

import { describeShared } from '../../../test/shared.js';
import { NETPOL_RULES } from '../src/index.js';
import { checkFiles } from './rules/tester.js';

interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

function yamlFiles(folder: string): ManifestFile[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** Problems of one finding's range against its file text; empty when the range is consistent. */
function rangeProblems(finding: Finding, text: string): string[] {
  const { start, end, startLine, startColumn, endLine, endColumn } = finding.range;
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1))
    lineStarts.push(index + 1);
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

// Manifests of public projects, with 69 files that define NetworkPolicies: every rule must read
// all of them without failing and locate every finding inside its file.
describeShared('corpus', 'corpus/', (corpusDir) => {
  const ruleIds = new Set(NETPOL_RULES.map((rule) => rule.id));
  let files: ManifestFile[];
  let together: readonly Finding[];
  let oneByOne: Finding[];

  beforeAll(() => {
    files = yamlFiles(corpusDir);
    together = checkFiles(files, { completeManifests: true }).findings;
    oneByOne = files.flatMap((file) => checkFiles([file]).findings);
  });

  it('no rule failure', () => {
    const failures = [...together, ...oneByOne].filter(
      (finding) => finding.ruleId === 'rule-failure',
    );

    expect(failures.map((finding) => `${finding.file}: ${finding.message}`)).toEqual([]);
  });

  it('findings of every file', () => {
    const own = oneByOne.filter((finding) => ruleIds.has(finding.ruleId));

    const reported = new Set(own.map((finding) => finding.ruleId));

    expect(own.length).toBeGreaterThan(100);
    expect(reported).toContain('require-default-deny-ingress');
    expect(reported).toContain('require-workload-isolation');
    expect(reported).toContain('no-allow-all-peers');
  });

  it('ranges inside their files', () => {
    const texts = new Map(files.map((file) => [file.path, file.text]));
    const problems = [...together, ...oneByOne]
      .filter((finding) => ruleIds.has(finding.ruleId))
      .flatMap((finding) => rangeProblems(finding, texts.get(finding.file) ?? ''));

    expect(problems).toEqual([]);
  });

  it('messages end with a period', () => {
    const bad = [...together, ...oneByOne].filter(
      (finding) => ruleIds.has(finding.ruleId) && !/^[A-Za-z"].*\.$/s.test(finding.message),
    );

    expect(bad.map((finding) => finding.message)).toEqual([]);
  });
});
