import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

import { describeShared } from '../../../test/shared.js';
import { check, LineIndex, SourceFile, type Finding } from '../src/index.js';
import { registryWith, testRule } from './helpers.js';

// Paths every probe finding points at: the object, a field most objects have, and a field that
// is usually missing, so ranges of missing fields and sequence items are exercised too.
const PROBE_PATHS = [
  [],
  ['metadata', 'name'],
  ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'runAsNonRoot'],
];

/** Reports at each probe path of every object, so the run locates a finding on every object. */
const probe = testRule('corpus-probe', 'all', (context) => ({
  object(object) {
    for (const path of PROBE_PATHS) context.report({ object, path, message: 'Probe.' });
  },
}));

/** Rows of SOURCES.tsv: each file's YAML document count and Kubernetes object count. */
function readSources(corpus: string): Map<string, { documents: number; objects: number }> {
  const [header, ...rows] = readFileSync(join(corpus, 'SOURCES.tsv'), 'utf8').trim().split('\n');
  const columns = header!.split('\t');
  const column = (name: string): number => columns.indexOf(name);
  return new Map(
    rows.map((row) => {
      const cells = row.split('\t');
      return [
        cells[column('file')]!,
        {
          documents: Number(cells[column('yaml_docs')]),
          objects: Number(cells[column('k8s_objects')]),
        },
      ];
    }),
  );
}

/** Returns the first thing wrong with a finding's range, or `undefined` when it is valid. */
function rangeProblem(file: SourceFile, lines: LineIndex, finding: Finding): string | undefined {
  const { range } = finding;
  if (!(range.start >= 0 && range.start <= range.end && range.end <= file.text.length)) {
    return `offsets ${range.start}-${range.end} outside a text of ${file.text.length}`;
  }
  const start = lines.position(range.start);
  const end = lines.position(range.end);
  if (start.line !== range.startLine || start.column !== range.startColumn)
    return 'start position differs from offset';
  if (end.line !== range.endLine || end.column !== range.endColumn)
    return 'end position differs from offset';
  const document = file.documents.find((candidate) => candidate.index === finding.documentIndex);
  if (
    finding.object &&
    (!document || range.start < document.span.start || range.end > document.span.end)
  ) {
    return `range outside document ${finding.documentIndex}`;
  }
  return undefined;
}

describeShared('real-world corpus', 'corpus/', (corpus) => {
  const sources = readSources(corpus);
  const projects = readdirSync(corpus, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it('listed files present', () => {
    expect(sources.size).toBeGreaterThan(700);
    expect(projects.length).toBeGreaterThan(10);
  });

  for (const project of projects) {
    it(`${project} manifests`, () => {
      const names = readdirSync(join(corpus, project))
        .filter((name) => /\.ya?ml$/.test(name))
        .sort();
      expect(names.length).toBeGreaterThan(0);

      for (const name of names) {
        const relative = `${project}/${name}`;
        const file = new SourceFile(relative, readFileSync(join(corpus, relative), 'utf8'));
        const result = check([file], { registry: registryWith(probe) });
        const lines = new LineIndex(file.text);
        const source = sources.get(relative);
        const sourceFindings = result.findings.filter(
          (finding) => finding.ruleId !== 'corpus-probe',
        );
        const hasList = result.objects.all.some((object) => object.path.length > 0);

        expect(source, `${relative} in SOURCES.tsv`).toBeDefined();
        expect(file.documents.length, `${relative} documents`).toBe(source?.documents);
        if (!hasList && sourceFindings.length === 0) {
          expect(result.objects.all.length, `${relative} objects`).toBe(source?.objects);
        }
        expect(
          result.findings.filter((finding) => finding.ruleId === 'rule-failure'),
          relative,
        ).toEqual([]);
        expect(
          result.findings.filter((finding) => finding.ruleId === 'corpus-probe').length,
          relative,
        ).toBe(result.objects.all.length * PROBE_PATHS.length);
        for (const finding of result.findings) {
          expect(
            rangeProblem(file, lines, finding),
            `${relative} ${finding.ruleId} ${JSON.stringify(finding.path)}`,
          ).toBeUndefined();
        }
      }
    });
  }
});
