import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { check, chosenFix, SourceFile, splitDocuments, type Finding } from '@kubeharden/core';

import { describeShared } from '../../../test/shared.js';
import { main } from '../src/main.js';
import { createRegistry } from '../src/registry.js';

function listYaml(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listYaml(path));
    else if (/\.ya?ml$/i.test(entry.name)) files.push(path);
  }
  return files.sort();
}

function documentsOf(text: string): string[] {
  return splitDocuments(text).map((span) => text.slice(span.start, span.end));
}

const quiet = { stdout: () => {}, stderr: () => {} };

describeShared('check --fix over the corpus', 'corpus', (corpus) => {
  let copy: string;
  let files: string[];
  let before: Map<string, string>;
  let modes: Map<string, number>;
  let findingsBefore: readonly Finding[];
  let exitCode: number;

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), 'kubeharden-fix-corpus-'));
    cpSync(corpus, copy, { recursive: true });
    files = listYaml(copy);
    before = new Map(files.map((path) => [path, readFileSync(path, 'utf8')]));
    modes = new Map(files.map((path) => [path, statSync(path).mode & 0o7777]));
    const registry = createRegistry();
    findingsBefore = check(
      files.map((path) => new SourceFile(path, before.get(path)!)),
      { registry },
    ).findings;
    exitCode = await main(['check', copy, '--fix', '--format', 'json', '-o', join(copy, '..', `${relative(tmpdir(), copy)}.json`)], quiet);
  }, 600_000);

  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
    rmSync(join(copy, '..', `${relative(tmpdir(), copy)}.json`), { force: true });
  });

  it('changes only files with fixes', () => {
    const fixable = new Set(findingsBefore.filter((finding) => chosenFix(finding, ['fix'])).map((finding) => finding.file));
    const changed = files.filter((path) => readFileSync(path, 'utf8') !== before.get(path));
    expect(exitCode).toBeLessThan(2);
    expect(changed.length).toBeGreaterThan(0);
    for (const path of changed) expect(fixable.has(path), path).toBe(true);
  });

  it('leaves changed files parseable', () => {
    const registry = createRegistry();
    const changed = files.filter((path) => readFileSync(path, 'utf8') !== before.get(path));
    const result = check(changed.map((path) => new SourceFile(path, readFileSync(path, 'utf8'))), { registry });
    const broken = result.findings.filter((finding) => ['valid-yaml', 'no-duplicate-keys'].includes(finding.ruleId));
    expect(broken).toEqual([]);
  });

  it('removes every finding that had a fix', () => {
    const registry = createRegistry();
    const after = check(files.map((path) => new SourceFile(path, readFileSync(path, 'utf8'))), { registry }).findings;
    const stillFixable = after.filter((finding) => chosenFix(finding, ['fix']));
    expect(stillFixable.map((finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId}`)).toEqual([]);
  });

  it('keeps documents without fixes byte-identical', () => {
    const fixedDocuments = new Set(
      findingsBefore.filter((finding) => chosenFix(finding, ['fix'])).map((finding) => `${finding.file}#${finding.documentIndex}`),
    );
    for (const path of files) {
      const original = documentsOf(before.get(path)!);
      const fixed = documentsOf(readFileSync(path, 'utf8'));
      expect(fixed.length, path).toBe(original.length);
      original.forEach((text, index) => {
        if (!fixedDocuments.has(`${path}#${index}`)) expect(fixed[index], `${path} document ${index}`).toBe(text);
      });
    }
  });

  it('keeps file modes', () => {
    for (const path of files) expect(statSync(path).mode & 0o7777, path).toBe(modes.get(path));
  });

  it('makes a second run a no-op', async () => {
    const first = new Map(files.map((path) => [path, readFileSync(path, 'utf8')]));
    await main(['check', copy, '--fix', '--format', 'json', '-o', join(copy, '..', `${relative(tmpdir(), copy)}.json`)], quiet);
    for (const path of files) expect(readFileSync(path, 'utf8'), path).toBe(first.get(path));
  });
});
