import { describe, expect, it } from 'vitest';

import { DEFAULT_LIMITS, loadObjects, SourceFile, type SourceProblem } from '../../src/index.js';
import { onlyDocument, yaml } from '../helpers.js';

/** The `data` mapping of a one-document ConfigMap fixture, as kubectl would read it. */
function dataOf(...lines: string[]): Record<string, unknown> {
  const value = onlyDocument(
    yaml('kind: ConfigMap', 'data:', ...lines.map((line) => `  ${line}`)),
  ).value;
  return (value as { data: Record<string, unknown> }).data;
}

/** Problems of a one-document text, with the text each one covers. */
function problemsOf(text: string): (SourceProblem & { covered: string })[] {
  const document = onlyDocument(text);
  return document
    .parse()
    .problems.map((problem) => ({ ...problem, covered: text.slice(problem.start, problem.end) }));
}

/** Builds the billion-laughs document: ten levels of nine aliases each. */
function aliasBomb(): string {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  for (let level = 1; level < 10; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return yaml(...lines);
}

describe('YAML 1.1 scalars as kubectl reads them', () => {
  it('booleans yes, no, on, off, y, n', () => {
    const data = dataOf(
      'a: yes',
      'b: no',
      'c: on',
      'd: off',
      'e: y',
      'f: n',
      'g: Yes',
      'h: OFF',
      'i: true',
      'j: False',
    );

    expect(data.a).toBe(true);
    expect(data.b).toBe(false);
    expect(data.c).toBe(true);
    expect(data.d).toBe(false);
    expect(data.e).toBe(true);
    expect(data.f).toBe(false);
    expect(data.g).toBe(true);
    expect(data.h).toBe(false);
    expect(data.i).toBe(true);
    expect(data.j).toBe(false);
  });

  it('quoted booleans stay strings', () => {
    const data = dataOf('a: "yes"', "b: 'off'");

    expect(data.a).toBe('yes');
    expect(data.b).toBe('off');
  });

  it('boolean keys become true and false', () => {
    const data = dataOf('y: 1', 'n: 2');

    expect(data).toEqual({ true: 1, false: 2 });
  });

  it('octal 0644 is 420', () => {
    const data = dataOf('mode: 0644', 'negative: -0644', 'quoted: "0644"');

    expect(data.mode).toBe(420);
    expect(data.negative).toBe(-420);
    expect(data.quoted).toBe('0644');
  });

  it('Go base prefixes', () => {
    const data = dataOf(
      'a: 0o644',
      'b: 0O644',
      'c: 0x1F',
      'd: 0X1F',
      'e: 0b101',
      'f: 0B101',
      'g: -0o10',
      'h: 0o6_44',
    );

    expect(data.a).toBe(420);
    expect(data.b).toBe(420);
    expect(data.c).toBe(31);
    expect(data.d).toBe(31);
    expect(data.e).toBe(5);
    expect(data.f).toBe(5);
    expect(data.g).toBe(-8);
    expect(data.h).toBe(420);
  });

  it('underscores and exponents in numbers', () => {
    const data = dataOf('a: 1_000', 'b: 1e3', 'c: 08');

    expect(data.a).toBe(1000);
    expect(data.b).toBe(1000);
    expect(data.c).toBe(8);
  });

  it('sexagesimal 1:30 stays a string', () => {
    expect(dataOf('a: 1:30').a).toBe('1:30');
    expect(dataOf('a: 190:20:30.15').a).toBe('190:20:30.15');
  });

  it('timestamps stay strings', () => {
    const data = dataOf(
      'date: 2001-12-14',
      'time: 2001-12-14T21:59:43.10-05:00',
      'tagged: !!timestamp 2001-12-14',
    );

    expect(data.date).toBe('2001-12-14');
    expect(data.time).toBe('2001-12-14T21:59:43.10-05:00');
    expect(data.tagged).toBe('2001-12-14');
  });

  it('null forms', () => {
    const data = dataOf('a: ~', 'b: null', 'c:', 'd: Null');

    expect(data).toEqual({ a: null, b: null, c: null, d: null });
  });

  it('binary read as decoded text', () => {
    expect(dataOf('a: !!binary aGVsbG8=').a).toBe('hello');
  });

  it('set, omap and pairs read as plain collections', () => {
    const data = dataOf('a: !!set {x, z}', 'b: !!omap [x: 1, z: 2]', 'c: !!pairs [x: 1]');

    expect(data.a).toEqual({ x: null, z: null });
    expect(data.b).toEqual([{ x: 1 }, { z: 2 }]);
    expect(data.c).toEqual([{ x: 1 }]);
  });
});

describe('YAML structure as kubectl reads it', () => {
  it('merge keys resolved', () => {
    const value = onlyDocument(
      yaml(
        'base: &base {x: 1, y: 2}',
        'other: &other {z: 3}',
        'one:',
        '  <<: *base',
        '  x: 9',
        'two:',
        '  <<: [*base, *other]',
      ),
    ).value as Record<string, unknown>;

    expect(value.one).toEqual({ x: 9, true: 2 });
    expect(value.two).toEqual({ x: 1, true: 2, z: 3 });
  });

  it('quoted merge key is an ordinary key', () => {
    const value = onlyDocument(yaml('a:', '  "<<": 1')).value;

    expect(value).toEqual({ a: { '<<': 1 } });
  });

  it('aliases resolved', () => {
    const value = onlyDocument(
      yaml('a: &context {runAsNonRoot: true}', 'b: *context', 'c: [*context]'),
    ).value;

    expect(value).toEqual({
      a: { runAsNonRoot: true },
      b: { runAsNonRoot: true },
      c: [{ runAsNonRoot: true }],
    });
  });

  it('tabs inside content accepted', () => {
    const text = 'kind: ConfigMap\ndata:\n  a: "x\ty"\n  b: x\ty\n  c: 1\t# comment\n';
    const document = onlyDocument(text);

    expect(document.parse().problems).toEqual([]);
    expect(document.value).toEqual({ kind: 'ConfigMap', data: { a: 'x\ty', b: 'x\ty', c: 1 } });
  });

  it('tab as indentation reported', () => {
    const problems = problemsOf('kind: ConfigMap\nmetadata:\n\tname: x\n');

    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('syntax');
    expect(problems[0]?.message).toMatch(/tabs/i);
    expect(problems[0]?.message).toMatch(/Indent with spaces/);
    expect(problems[0]?.start).toBe('kind: ConfigMap\nmetadata:\n'.length);
  });

  it('custom tags kept as plain values', () => {
    const value = onlyDocument(
      yaml('a: !foo bar', 'b: !Ref [x, z]', 'c: !!python/object:os.system {cmd: ls}'),
    ).value;

    expect(value).toEqual({ a: 'bar', b: ['x', 'z'], c: { cmd: 'ls' } });
  });

  it('duplicate keys reported at both occurrences', () => {
    const text = yaml('kind: ConfigMap', 'metadata:', '  name: a', '  labels: {}', '  name: b');
    const problems = problemsOf(text);

    expect(problems.map((problem) => problem.code)).toEqual(['duplicate-key', 'duplicate-key']);
    expect(problems.map((problem) => problem.covered)).toEqual(['name', 'name']);
    expect(problems.map((problem) => problem.start).sort((a, b) => a - b)).toEqual([
      text.indexOf('name: a'),
      text.indexOf('name: b'),
    ]);
    expect(problems[0]?.message).toBe(
      'Duplicate key "name" in one mapping; remove one of its occurrences, because tools disagree on which one wins.',
    );
  });

  it('duplicate keys leave the document unchecked', () => {
    const document = onlyDocument(yaml('kind: ConfigMap', 'kind: Secret'));

    expect(document.value).toBeUndefined();
  });

  it('third occurrence of a key reported once', () => {
    const problems = problemsOf(yaml('a: 1', 'a: 2', 'a: 3'));

    expect(problems.map((problem) => problem.start).sort((a, b) => a - b)).toEqual([0, 5, 10]);
  });

  it('keys equal after YAML 1.1 reading are duplicates', () => {
    const problems = problemsOf(yaml('yes: 1', 'true: 2'));

    expect(problems.map((problem) => problem.covered).sort()).toEqual(['true', 'yes']);
  });

  it('two merge keys in one mapping are no duplicates', () => {
    const text = yaml('a: &a {x: 1}', 'b: &b {y: 2}', 'c:', '  <<: *a', '  <<: *b');

    expect(problemsOf(text)).toEqual([]);
  });

  it('key set before a merge that sets it reported', () => {
    const text = yaml(
      'base: &base {runAsNonRoot: false, fsGroup: 1}',
      'context:',
      '  runAsNonRoot: true',
      '  <<: *base',
    );
    const problems = problemsOf(text);

    expect(problems.map((problem) => [problem.code, problem.covered])).toEqual([
      ['duplicate-key', 'runAsNonRoot'],
      ['duplicate-key', '<<'],
    ]);
    expect(problems[0]?.message).toBe(
      'Key "runAsNonRoot" is set here and again by a later "<<" merge key; kubectl keeps the merged value and other tools this one, so move the merge key above it.',
    );
    expect(problems[1]?.message).toBe(
      'Merge key "<<" sets "runAsNonRoot" again after this mapping set it above; tools disagree on which value wins, so put the merge key first.',
    );
    expect(onlyDocument(text).value).toBeUndefined();
  });

  it('two merges setting one key reported', () => {
    const text = yaml('a: &a {x: 1}', 'b: &b {x: 2}', 'c:', '  <<: *a', '  <<: *b');

    expect(problemsOf(text).map((problem) => problem.start)).toEqual([
      text.indexOf('<<: *a'),
      text.indexOf('<<: *b'),
    ]);
  });

  it('key set through a nested merge reported', () => {
    const text = yaml('a: &a {x: 1}', 'b: &b {<<: *a}', 'c:', '  x: 0', '  <<: *b');

    expect(problemsOf(text).map((problem) => problem.covered)).toEqual(['x', '<<']);
  });

  it('merge of a scalar reported', () => {
    const problems = problemsOf(yaml('s: &s text', 'c:', '  <<: *s'));

    expect(problems.map((problem) => [problem.code, problem.covered])).toEqual([['syntax', '<<']]);
    expect(problems[0]?.message).toBe(
      'Invalid YAML: merge key "<<" needs a mapping, an alias of one, or a list of them.',
    );
  });

  it('one syntax error per document', () => {
    const text = yaml('kind: ConfigMap', 'metadata:', '  name: [a', '  x: ]', '  y: {');
    const problems = problemsOf(text);

    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('syntax');
    expect(problems[0]?.message).toMatch(/^Invalid YAML: /);
  });

  it('other documents checked after a syntax error', () => {
    const text = yaml(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: broken',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: fine}',
    );
    const { objects, problems } = loadObjects(text);

    expect(objects.map((object) => object.name)).toEqual(['fine']);
    expect(problems.map((problem) => problem.ruleId)).toEqual(['valid-yaml']);
    expect(problems[0]?.documentIndex).toBe(0);
  });

  it('unknown alias reported', () => {
    const problems = problemsOf(yaml('a: *missing'));

    expect(problems.map((problem) => problem.code)).toEqual(['syntax']);
    expect(problems[0]?.covered).toBe('*missing');
  });

  it('content after a document end marker reported', () => {
    const problems = problemsOf(yaml('a: 1', '...', 'b: 2'));

    expect(problems.map((problem) => problem.code)).toEqual(['syntax']);
    expect(problems[0]?.message).toMatch(/multiple documents/);
  });
});

describe('limits', () => {
  it('alias bomb fails fast at the alias', () => {
    const text = aliasBomb();
    const started = performance.now();
    const problems = problemsOf(text);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('limit');
    expect(problems[0]?.covered).toMatch(/^\*[a-j]$/);
    expect(problems[0]?.message).toMatch(
      /^Document expands more than 1000 aliases when alias "\*[a-j]" is expanded/,
    );
  });

  it('many aliases of one scalar accepted', () => {
    const lines = ['base: &b value', ...Array.from({ length: 500 }, (_, index) => `k${index}: *b`)];

    expect(problemsOf(yaml(...lines))).toEqual([]);
  });

  it('alias count configurable', () => {
    const limits = { ...DEFAULT_LIMITS, maxAliasCount: 2 };
    const file = new SourceFile('test.yaml', yaml('a: &a x', 'b: *a', 'c: *a', 'd: *a'), {
      limits,
    });
    const problems = file.documents[0]!.parse().problems;

    expect(problems.map((problem) => problem.code)).toEqual(['limit']);
    expect(file.text.slice(problems[0]!.start, problems[0]!.end)).toBe('*a');
    expect(problems[0]!.start).toBe(file.text.indexOf('d: *a') + 3);
  });

  it('alias cycle reported', () => {
    const problems = problemsOf(yaml('a: &a [*a]'));

    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('limit');
    expect(problems[0]?.covered).toBe('*a');
    expect(problems[0]?.message).toMatch(/^Alias "\*a" refers to a node that contains it/);
  });

  it('alias cycle through a merge key reported', () => {
    const problems = problemsOf(yaml('a: &a', '  x: 1', '  <<: *a'));

    expect(problems.map((problem) => problem.covered)).toEqual(['*a']);
  });

  it('deep flow nesting fails fast with a location', () => {
    const prefix = 'kind: ConfigMap\ndata: ';
    const text = `${prefix}${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const started = performance.now();
    const problems = problemsOf(text);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('limit');
    expect(problems[0]?.message).toBe(
      'Document nests deeper than 128 levels; flatten it or split it into smaller documents.',
    );
    expect(problems[0]?.covered).toBe('[');
    expect(problems[0]!.start).toBeGreaterThan(prefix.length + 127);
    expect(problems[0]!.start).toBeLessThan(prefix.length + 140);
  });

  it('unclosed deep nesting fails fast', () => {
    const problems = problemsOf(`data: ${'{a: '.repeat(100_000)}\n`);

    expect(problems.map((problem) => problem.code)).toEqual(['limit']);
  });

  it('deep block nesting fails', () => {
    const problems = problemsOf(`${'- '.repeat(5_000)}x\n`);

    expect(problems.map((problem) => problem.code)).toEqual(['limit']);
  });

  it('nesting at the limit accepted', () => {
    const text = `${'['.repeat(128)}${']'.repeat(128)}\n`;

    expect(problemsOf(text)).toEqual([]);
  });

  it('nesting one past the limit reported', () => {
    const text = `${'['.repeat(129)}${']'.repeat(129)}\n`;
    const problems = problemsOf(text);

    expect(problems.map((problem) => problem.code)).toEqual(['limit']);
    expect(problems[0]?.start).toBe(128);
  });

  it('document over the size limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxDocumentSize: 20 };
    const file = new SourceFile('test.yaml', yaml('a: 1', '---', 'b: 12345678901234567890'), {
      limits,
    });
    const [small, large] = file.documents;

    expect(small?.parse().problems).toEqual([]);
    expect(large?.parse().problems.map((problem) => problem.code)).toEqual(['limit']);
    expect(large?.parse().problems[0]?.start).toBe(large?.span.start);
  });
});

describe('Kubernetes objects of a stream', () => {
  it('List items become objects', () => {
    const text = yaml(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: one}',
      '- apiVersion: apps/v1',
      '  kind: Deployment',
      '  metadata: {name: two}',
    );
    const { objects } = loadObjects(text);

    expect(objects.map((object) => object.kind)).toEqual(['Pod', 'Deployment']);
    expect(objects.map((object) => object.path)).toEqual([
      ['items', 0],
      ['items', 1],
    ]);
    expect(objects[1]?.documentPath(['spec'])).toEqual(['items', 1, 'spec']);
  });

  it('typed List items become objects', () => {
    const text = yaml(
      'apiVersion: v1',
      'kind: NamespaceList',
      'items:',
      '- apiVersion: v1',
      '  kind: Namespace',
      '  metadata: {name: first}',
      '- kind: Namespace',
      '- apiVersion: v1',
      '  kind: Namespace',
      '  metadata: {name: third}',
    );
    const { objects } = loadObjects(text);

    expect(objects.map((object) => object.name)).toEqual(['first', 'third']);
    expect(objects.map((object) => object.path)).toEqual([
      ['items', 0],
      ['items', 2],
    ]);
  });

  it('List item located by its kind', () => {
    const text = yaml('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Pod');
    const object = loadObjects(text).objects[0]!;
    const range = object.rangeOf([]);

    expect(text.slice(range.start, range.end)).toBe('Pod');
    expect(range.startLine).toBe(5);
  });

  it('non-Kubernetes YAML gives no objects and no findings', () => {
    for (const text of [
      yaml('foo: bar', 'list: [1, 2]'),
      yaml('- a', '- b'),
      yaml('just a string'),
      yaml('kind: Pod'),
    ]) {
      const { objects, problems } = loadObjects(text);

      expect(objects).toEqual([]);
      expect(problems).toEqual([]);
    }
  });

  it('object fields read through YAML 1.1', () => {
    const text = yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: on',
      '  labels: {phi: yes}',
    );
    const object = loadObjects(text).objects[0]!;

    expect(object.value.metadata).toEqual({ name: true, labels: { phi: true } });
    expect(object.name).toBeUndefined();
    expect(object.labels).toEqual({ phi: 'true' });
  });
});
