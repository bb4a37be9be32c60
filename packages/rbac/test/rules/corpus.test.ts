import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { check, DEFAULT_SETTINGS, SourceFile, type Finding } from '@kubeharden/core';
import { expect, it } from 'vitest';

import { describeShared } from '../../../../test/shared.js';
import { RBAC_RULES } from '../../src/rules/index.js';
import { REGISTRY } from './rule-tester.js';

const RBAC_IDS = new Set(RBAC_RULES.map((rule) => rule.id));

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Describes why a finding's range is not an exact range of an existing node, or `undefined`. */
function rangeProblem(
  finding: Finding,
  files: ReadonlyMap<string, SourceFile>,
): string | undefined {
  const file = files.get(finding.file);
  const document = file?.documents[finding.documentIndex];
  const { start, end } = finding.range;
  if (file === undefined || document === undefined) return 'unknown file or document';
  if (!(start < end)) return `empty range ${start}-${end}`;
  if (start < document.span.start || end > document.span.end) return 'range outside its document';
  if (file.text.slice(start, end).trim() === '') return 'range covers only white space';
  if (!document.has(finding.path)) return `path ${finding.path.join('.')} does not exist`;
  return undefined;
}

describeShared('RBAC rules over the corpus', 'corpus/', (directory) => {
  const projects = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  // Each project folder is one run, as `kubeharden check <folder>` would check it.
  it.each(projects)('%s without a crash and with exact ranges', (project) => {
    const files = new Map(
      yamlFiles(join(directory, project)).map((path) => [
        path,
        new SourceFile(path, readFileSync(path, 'utf8')),
      ]),
    );

    for (const completeManifests of [false, true]) {
      const result = check([...files.values()], {
        registry: REGISTRY,
        settings: { ...DEFAULT_SETTINGS, completeManifests },
      });
      const failures = result.findings.filter((finding) => finding.ruleId === 'rule-failure');
      const rbacFindings = result.findings.filter((finding) => RBAC_IDS.has(finding.ruleId));

      expect(failures.map((finding) => finding.message)).toEqual([]);
      for (const finding of rbacFindings) {
        const where = `${finding.file}: ${finding.ruleId} at ${finding.path.join('.')}`;

        expect(rangeProblem(finding, files), where).toBeUndefined();
        expect(finding.message, where).toMatch(/^[A-Z].*\.$/);
      }
    }
  });
});
