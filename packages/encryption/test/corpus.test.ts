import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

import { check, RuleRegistry, SOURCE_RULES, SourceFile, type Finding } from '@kubeharden/core';

import { describeShared } from '../../../test/shared.js';
import { AUDIT_RULES } from '../../audit/src/index.js';
import { ENCRYPTION_RULES } from '../src/index.js';

const registry = new RuleRegistry([...SOURCE_RULES, ...ENCRYPTION_RULES, ...AUDIT_RULES]);
const OWN_RULES = new Set([...ENCRYPTION_RULES, ...AUDIT_RULES].map((rule) => rule.id));

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Checks that a finding's range lies inside the text and matches its offsets. */
function expectValidRange(finding: Finding, file: SourceFile): void {
  const { range } = finding;
  const label = `${file.path}: ${finding.ruleId} ${finding.message}`;
  expect(range.start, label).toBeGreaterThanOrEqual(0);
  expect(range.end, label).toBeLessThanOrEqual(file.text.length);
  expect(range.end, label).toBeGreaterThan(range.start);
  const from = file.lines.position(range.start);
  const to = file.lines.position(range.end);
  expect([range.startLine, range.startColumn, range.endLine, range.endColumn], label).toEqual([
    from.line,
    from.column,
    to.line,
    to.column,
  ]);
}

function expectSound(finding: Finding, file: SourceFile): void {
  expectValidRange(finding, file);
  expect(finding.ruleId, finding.message).not.toBe('rule-failure');
  if (!OWN_RULES.has(finding.ruleId)) return;
  expect(finding.message, finding.ruleId).toMatch(/^[A-Z].*\.$/);
  expect(finding.message, finding.ruleId).not.toContain(finding.ruleId);
}

describeShared('encryption and audit rules on the corpus', 'corpus/', (directory) => {
  const projects = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it.each(projects)('%s file by file', (project) => {
    const files = yamlFiles(join(directory, project));
    expect(files.length).toBeGreaterThan(0);
    for (const path of files) {
      const file = new SourceFile(path, readFileSync(path, 'utf8'));
      for (const finding of check([file], { registry }).findings) expectSound(finding, file);
    }
  });

  it.each(projects)('%s as one run', (project) => {
    const files = yamlFiles(join(directory, project)).map(
      (path) => new SourceFile(path, readFileSync(path, 'utf8')),
    );
    const byPath = new Map(files.map((file) => [file.path, file]));
    for (const finding of check(files, { registry, settings: undefined }).findings)
      expectSound(finding, byPath.get(finding.file)!);
  });
});
