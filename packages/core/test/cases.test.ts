import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

import { describeShared } from '../../../test/shared.js';
import { loadObjects, SourceFile } from '../src/index.js';

// Cases rebuilt from public bug reports against YAML tools. Each file's first line states the
// expected verdict, which these tests assert for kubeharden's source layer.
describeShared('YAML parsing cases', 'cases/', (casesDir) => {
  const read = (name: string): string => readFileSync(join(casesDir, `${name}.yaml`), 'utf8');

  /** The verdict line, without a byte order mark. */
  const verdictOf = (text: string): string => text.replace(/^\uFEFF/, '').split('\n')[0]!;

  it('case-34 certificate lines and empty documents', () => {
    const text = read('case-34');
    const { objects, problems } = loadObjects(text, 'case-34.yaml');
    const file = new SourceFile('case-34.yaml', text);

    expect(verdictOf(text)).toMatch(/^# expect: exactly ONE ConfigMap and no error/);
    expect(objects.map((object) => `${object.kind}/${object.name}`)).toEqual([
      'ConfigMap/ca-bundle',
    ]);
    expect(problems).toEqual([]);
    expect(file.documents).toHaveLength(1);
    expect(file.problems).toEqual([]);
    expect(objects[0]?.value.data).toEqual({
      'ca.crt':
        '-----BEGIN CERTIFICATE-----\nTUlJQkVYQU1QTEVPTkxZTk9UQVJFQUxDRVJUSUZJQ0FURQ==\n-----END CERTIFICATE-----\n',
    });
  });

  it('case-35 template marker', () => {
    const text = read('case-35');
    const { objects, problems } = loadObjects(text, 'case-35.yaml');
    const problem = problems[0]!;

    expect(verdictOf(text)).toMatch(
      /^# expect: a single, located diagnostic saying that template syntax was found/,
    );
    expect(problems).toHaveLength(1);
    expect(problem.ruleId).toBe('no-unrendered-templates');
    expect(problem.message).toMatch(/template/i);
    expect(problem.message).toMatch(/render it/);
    const firstMarkerLine =
      text.split('\n').findIndex((line) => !line.startsWith('#') && line.includes('{{')) + 1;

    expect(problem.range.startLine).toBe(firstMarkerLine);
    expect(text.slice(problem.range.start, problem.range.end)).toBe('{{ .Values.web.replicas }}');
    expect(objects).toEqual([]);
  });

  it('case-37 duplicate securityContext', () => {
    const text = read('case-37');
    const { objects, problems } = loadObjects(text, 'case-37.yaml');
    const lines = text.split('\n');
    const occurrences = lines.flatMap((line, index) =>
      line.trim() === 'securityContext:' ? [index + 1] : [],
    );

    expect(verdictOf(text)).toMatch(
      /^# expect: error "duplicate key securityContext" at both occurrences/,
    );
    expect(occurrences).toHaveLength(2);
    expect(problems.map((problem) => problem.ruleId)).toEqual([
      'no-duplicate-keys',
      'no-duplicate-keys',
    ]);
    expect(problems.map((problem) => problem.severity)).toEqual(['error', 'error']);
    expect(problems.map((problem) => problem.range.startLine)).toEqual(occurrences);
    expect(problems.map((problem) => text.slice(problem.range.start, problem.range.end))).toEqual([
      'securityContext',
      'securityContext',
    ]);
    expect(problems[0]?.message).toMatch(/Duplicate key "securityContext"/);
    expect(objects).toEqual([]);
  });

  it('case-42 byte order mark', () => {
    const text = read('case-42');
    const { objects, problems } = loadObjects(text, 'case-42.yaml');
    const file = new SourceFile('case-42.yaml', text);

    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(verdictOf(text)).toMatch(/^# expect: the UTF-8 byte order mark/);
    expect(file.documents[0]?.sniff.kind).toBe('Service');
    expect(objects.map((object) => `${object.kind}/${object.namespace}/${object.name}`)).toEqual([
      'Service/example/app',
    ]);
    expect(problems.filter((problem) => problem.severity !== 'info')).toEqual([]);
    expect(objects[0]?.rangeOf(['spec', 'ports', 0]).startLine).toBe(11);
  });
});
