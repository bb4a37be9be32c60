import { describe, expect, it } from 'vitest';

import { SourceFile, splitDocuments } from '../../src/index.js';
import { yaml } from '../helpers.js';

const CERTIFICATE_MAP = yaml(
  'apiVersion: v1',
  'kind: ConfigMap',
  'data:',
  '  ca.crt: |',
  '    -----BEGIN CERTIFICATE-----',
  '    TUlJQkVYQU1QTEU=',
  '    -----END CERTIFICATE-----',
);

/** Lists the text of each document of a file that kubeharden keeps, in order. */
function documentTexts(text: string): string[] {
  return new SourceFile('test.yaml', text).documents.map((document) =>
    text.slice(document.span.start, document.span.end),
  );
}

describe('splitDocuments', () => {
  it('single document without separator', () => {
    const spans = splitDocuments('a: 1\n');

    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ index: 0, start: 0, end: 5 });
  });

  it('separator at column 0 only', () => {
    const text = yaml('a: 1', '---', 'b: 2', ' ---', 'c: 3');

    expect(documentTexts(text)).toEqual(['a: 1\n', 'b: 2\n ---\nc: 3\n']);
  });

  it('certificate lines in an indented block scalar', () => {
    const file = new SourceFile('ca.yaml', CERTIFICATE_MAP);

    expect(file.documents).toHaveLength(1);
    expect(file.problems).toEqual([]);
    expect(file.documents[0]?.value).toMatchObject({
      data: {
        'ca.crt': '-----BEGIN CERTIFICATE-----\nTUlJQkVYQU1QTEU=\n-----END CERTIFICATE-----\n',
      },
    });
  });

  it('leading separator opens document 0', () => {
    const file = new SourceFile('test.yaml', yaml('---', '', 'a: 1'));

    expect(file.documents).toHaveLength(1);
    expect(file.documents[0]?.index).toBe(0);
    expect(file.problems).toEqual([]);
  });

  it('comments before the leading separator', () => {
    const file = new SourceFile('test.yaml', yaml('# header', '%YAML 1.1', '---', 'a: 1'));

    expect(file.documents.map((document) => document.index)).toEqual([0]);
    expect(file.documents[0]?.value).toEqual({ a: 1 });
  });

  it('trailing separator ignored', () => {
    const file = new SourceFile('test.yaml', yaml('a: 1', '---'));

    expect(file.documents).toHaveLength(1);
    expect(file.problems).toEqual([]);
  });

  it('separator with a comment', () => {
    const file = new SourceFile('test.yaml', yaml('--- # first', 'a: 1', '---   # second', 'b: 2'));

    expect(file.problems).toEqual([]);
    expect(file.documents.map((document) => document.value)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('separator followed by spaces or a tab', () => {
    const file = new SourceFile('test.yaml', 'a: 1\n---  \t\nb: 2\n');

    expect(file.problems).toEqual([]);
    expect(file.documents).toHaveLength(2);
  });

  it('content after the separator reported', () => {
    const text = yaml('a: 1', '--- b: 2', 'c: 3');
    const file = new SourceFile('test.yaml', text);
    const problem = file.problems[0];

    expect(file.problems).toHaveLength(1);
    expect(problem?.code).toBe('separator');
    expect(text.slice(problem!.start, problem!.end)).toBe('--- b: 2');
    expect(problem?.message).toMatch(/^Document separator "---" is followed by content/);
  });

  it('four dashes reported as a separator with content', () => {
    const file = new SourceFile('test.yaml', yaml('a: 1', '----', 'b: 2'));

    expect(file.problems.map((problem) => problem.code)).toEqual(['separator']);
    expect(file.documents).toHaveLength(2);
  });

  it('byte order mark skipped', () => {
    const text = '\uFEFFapiVersion: v1\nkind: Service\n';
    const spans = splitDocuments(text);
    const file = new SourceFile('bom.yaml', text);

    expect(spans[0]?.start).toBe(1);
    expect(file.hasByteOrderMark).toBe(true);
    expect(file.documents[0]?.sniff.kind).toBe('Service');
    expect(file.documents[0]?.value).toEqual({ apiVersion: 'v1', kind: 'Service' });
  });

  it('byte order mark before a leading separator', () => {
    const file = new SourceFile('bom.yaml', '\uFEFF---\nkind: Service\n');

    expect(file.documents).toHaveLength(1);
    expect(file.documents[0]?.value).toEqual({ kind: 'Service' });
  });

  it('CRLF line breaks', () => {
    const text = 'a: 1\r\n---\r\nb: 2\r\n--- x\r\nc: 3\r\n';
    const file = new SourceFile('crlf.yaml', text);
    const problem = file.problems[0];

    expect(file.documents.map((document) => document.value)).toEqual([
      { a: 1 },
      { b: 2 },
      { c: 3 },
    ]);
    expect(file.lineBreak).toBe('\r\n');
    expect(text.slice(problem!.start, problem!.end)).toBe('--- x');
  });

  it('empty documents ignored', () => {
    const file = new SourceFile(
      'test.yaml',
      yaml('---', '---', '# only a comment', '---', '', '---', 'a: 1', '---', '...'),
    );

    expect(file.documents).toHaveLength(1);
    expect(file.documents[0]?.value).toEqual({ a: 1 });
  });

  it('document indexes count empty documents', () => {
    const file = new SourceFile('test.yaml', yaml('a: 1', '---', '---', 'b: 2', '---', 'c: 3'));

    expect(file.documents.map((document) => document.index)).toEqual([0, 2, 3]);
  });

  it('spans cover the text between separators', () => {
    const text = yaml('a: 1', '---', 'b: 2');
    const spans = splitDocuments(text);

    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(['a: 1\n', 'b: 2\n']);
  });

  it('separator on the last line without a line break', () => {
    const file = new SourceFile('test.yaml', 'a: 1\n---');

    expect(file.documents).toHaveLength(1);
    expect(file.problems).toEqual([]);
  });

  it('file over the size limit', () => {
    const limits = { maxFileSize: 10, maxDocumentSize: 10, maxDepth: 10, maxAliasCount: 10 };
    const file = new SourceFile('big.yaml', 'a: 12345678901\n', { limits });

    expect(file.documents).toEqual([]);
    expect(file.problems[0]?.code).toBe('limit');
    expect(file.problems[0]?.message).toMatch(/^File is 15 characters long, over the limit of 10/);
  });
});
