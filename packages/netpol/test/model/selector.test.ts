import { describe, expect, it } from 'vitest';
import { ProblemSink, type ObjectRef } from '../../src/model/problem.js';
import { parseLabelSelector, selectorMatches } from '../../src/model/selector.js';

const REF: ObjectRef = {
  kind: 'NetworkPolicy',
  namespace: 'ns',
  name: 'p',
  location: { index: 0, path: [] },
};
const PATH = ['spec', 'podSelector'];

function parse(value: unknown): {
  matches: (labels: Record<string, string>) => boolean;
  sink: ProblemSink;
} {
  const sink = new ProblemSink(REF);
  const selector = parseLabelSelector(value, PATH, sink);
  return { matches: (labels) => selectorMatches(selector, labels), sink };
}

describe('label selector matching', () => {
  it('empty selector matches everything', () => {
    const { matches, sink } = parse({});

    expect(matches({})).toBe(true);
    expect(matches({ app: 'web' })).toBe(true);
    expect(sink.problems).toEqual([]);
  });

  it('matchLabels requires every pair', () => {
    const { matches } = parse({ matchLabels: { app: 'web', tier: 'front' } });

    expect(matches({ app: 'web', tier: 'front', extra: 'x' })).toBe(true);
    expect(matches({ app: 'web' })).toBe(false);
    expect(matches({ app: 'web', tier: 'back' })).toBe(false);
  });

  it('In needs key and value', () => {
    const { matches } = parse({
      matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }],
    });

    expect(matches({ env: 'stage' })).toBe(true);
    expect(matches({ env: 'dev' })).toBe(false);
    expect(matches({})).toBe(false);
  });

  it('NotIn matches pods without the key', () => {
    const { matches } = parse({
      matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }],
    });

    expect(matches({})).toBe(true);
    expect(matches({ env: 'dev' })).toBe(true);
    expect(matches({ env: 'prod' })).toBe(false);
  });

  it('Exists and DoesNotExist test the key only', () => {
    const exists = parse({ matchExpressions: [{ key: 'team', operator: 'Exists' }] });
    const absent = parse({
      matchExpressions: [{ key: 'team', operator: 'DoesNotExist', values: [] }],
    });

    expect(exists.matches({ team: '' })).toBe(true);
    expect(exists.matches({})).toBe(false);
    expect(absent.matches({})).toBe(true);
    expect(absent.matches({ team: 'a' })).toBe(false);
    expect(absent.sink.problems).toEqual([]);
  });

  it('matchLabels and matchExpressions combine with AND', () => {
    const { matches } = parse({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }],
    });

    expect(matches({ app: 'web', env: 'dev' })).toBe(true);
    expect(matches({ app: 'web', env: 'prod' })).toBe(false);
    expect(matches({ app: 'api' })).toBe(false);
  });
});

describe('label selector problems', () => {
  it('unknown operator matches nothing', () => {
    const { matches, sink } = parse({
      matchExpressions: [{ key: 'env', operator: 'Equals', values: ['prod'] }],
    });

    expect(matches({ env: 'prod' })).toBe(false);
    expect(sink.problems).toHaveLength(1);
    expect(sink.problems[0]).toMatchObject({
      code: 'unknown-selector-operator',
      severity: 'error',
      path: ['spec', 'podSelector', 'matchExpressions', 0, 'operator'],
      message: 'Selector operator "Equals" is not one of In, NotIn, Exists, DoesNotExist.',
    });
  });

  it('lower-case operator is unknown', () => {
    const { sink } = parse({
      matchExpressions: [{ key: 'env', operator: 'in', values: ['prod'] }],
    });

    expect(sink.problems.map((problem) => problem.code)).toEqual(['unknown-selector-operator']);
  });

  it('missing operator points at the expression', () => {
    const { sink } = parse({ matchExpressions: [{ key: 'env', values: ['prod'] }] });

    expect(sink.problems[0]?.path).toEqual(['spec', 'podSelector', 'matchExpressions', 0]);
  });

  it('In without values is invalid', () => {
    const { matches, sink } = parse({ matchExpressions: [{ key: 'env', operator: 'In' }] });

    expect(matches({ env: 'prod' })).toBe(false);
    expect(sink.problems[0]).toMatchObject({
      code: 'invalid-label-selector',
      path: ['spec', 'podSelector', 'matchExpressions', 0],
    });
  });

  it('Exists with values is invalid', () => {
    const { sink } = parse({
      matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }],
    });

    expect(sink.problems[0]).toMatchObject({
      code: 'invalid-label-selector',
      path: ['spec', 'podSelector', 'matchExpressions', 0, 'values'],
    });
  });

  it('number label value is invalid', () => {
    const { matches, sink } = parse({ matchLabels: { version: 2 } });

    expect(matches({ version: '2' })).toBe(false);
    expect(sink.problems[0]).toMatchObject({
      code: 'invalid-label-selector',
      path: ['spec', 'podSelector', 'matchLabels', 'version'],
    });
  });

  it('label value with spaces is invalid', () => {
    const { sink } = parse({
      matchExpressions: [{ key: 'env', operator: 'In', values: ['ok', 'not ok'] }],
    });

    expect(sink.problems[0]?.path).toEqual([
      'spec',
      'podSelector',
      'matchExpressions',
      0,
      'values',
      1,
    ]);
  });

  it('invalid label key is reported', () => {
    const { sink } = parse({ matchLabels: { 'bad key': 'x' } });

    expect(sink.problems[0]).toMatchObject({
      code: 'invalid-label-selector',
      path: ['spec', 'podSelector', 'matchLabels', 'bad key'],
    });
  });

  it('matchLabels list is malformed', () => {
    const { matches, sink } = parse({ matchLabels: ['app=web'] });

    expect(matches({ app: 'web' })).toBe(false);
    expect(sink.problems[0]?.path).toEqual(['spec', 'podSelector', 'matchLabels']);
  });

  it('unknown field is a warning and dropped', () => {
    const { matches, sink } = parse({ matchLabel: { app: 'web' } });

    expect(matches({ app: 'other' })).toBe(true);
    expect(sink.problems[0]).toMatchObject({
      code: 'invalid-label-selector',
      severity: 'warning',
      path: ['spec', 'podSelector', 'matchLabel'],
      target: 'key',
    });
  });
});
