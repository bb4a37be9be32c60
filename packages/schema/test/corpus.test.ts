import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LineIndex, type Finding } from '@kubeharden/core';
import { expect, it } from 'vitest';

import { describeShared } from '../../../test/shared.js';
import { createSchemaRules, SCHEMA_RULES } from '../src/index.js';
import { checkFiles, registryOf, textAt } from './helpers.js';

const SCHEMA_RULE_IDS = new Set(SCHEMA_RULES.map((rule) => rule.id));

function listYaml(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listYaml(path));
    else if (/\.ya?ml$/i.test(entry.name)) files.push(path);
  }
  return files.sort();
}

/** Range problems of one finding of the schema rules, as readable strings; empty when the range is right. */
function rangeProblems(finding: Finding, text: string): string[] {
  const { range } = finding;
  const label = `${finding.file}:${range.startLine} ${finding.ruleId}`;
  const problems: string[] = [];
  const lines = new LineIndex(text);

  if (!(range.start >= 0 && range.start < range.end && range.end <= text.length)) {
    problems.push(
      `${label}: offsets ${range.start}-${range.end} outside 0-${text.length} or empty`,
    );
  }
  if (
    lines.offset(range.startLine, range.startColumn) !== range.start ||
    lines.offset(range.endLine, range.endColumn) !== range.end
  ) {
    problems.push(`${label}: line and column do not match the offsets`);
  }
  const last = finding.path[finding.path.length - 1];
  const covered = textAt(text, finding);
  if (
    finding.ruleId === 'no-unknown-fields' &&
    covered.replace(/^["']|["']$/g, '') !== String(last)
  ) {
    problems.push(
      `${label}: range covers ${JSON.stringify(covered)}, not the key ${JSON.stringify(last)}`,
    );
  }
  return problems;
}

describeShared('schema validation over the corpus', 'corpus/', (folder) => {
  const paths = listYaml(folder);
  const texts = new Map(paths.map((path) => [path, readFileSync(path, 'utf8')]));

  it('default kinds in one run', () => {
    const findings = checkFiles([...texts]);
    const schemaFindings = findings.filter((finding) => SCHEMA_RULE_IDS.has(finding.ruleId));

    expect(findings.filter((finding) => finding.ruleId === 'rule-failure')).toEqual([]);
    expect(schemaFindings.length).toBeGreaterThan(0);
    expect(
      schemaFindings.flatMap((finding) => rangeProblems(finding, texts.get(finding.file)!)),
    ).toEqual([]);
  });

  it('every kind, file by file', () => {
    const registry = registryOf(createSchemaRules({ kinds: 'all' }));
    const failures: Finding[] = [];
    const problems: string[] = [];

    for (const [path, text] of texts) {
      const findings = checkFiles([[path, text]], registry);
      failures.push(...findings.filter((finding) => finding.ruleId === 'rule-failure'));
      for (const finding of findings) {
        if (SCHEMA_RULE_IDS.has(finding.ruleId)) problems.push(...rangeProblems(finding, text));
      }
    }

    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
  });
});
