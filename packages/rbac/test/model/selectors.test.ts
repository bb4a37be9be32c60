import { describe, expect, it } from 'vitest';
import { matchesLabelSelector } from '../../src/model/selectors.js';

const labels = new Map([
  ['tier', 'web'],
  ['team', 'shop'],
]);

describe('matchesLabelSelector', () => {
  it('matches every object with an empty selector', () => {
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector({}, new Map())).toBe(true);
  });

  it('requires every matchLabels entry', () => {
    expect(matchesLabelSelector({ matchLabels: { tier: 'web' } }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { tier: 'web', team: 'ops' } }, labels)).toBe(false);
  });

  it('evaluates the four operators', () => {
    const match = (operator: string, values?: string[]) =>
      matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator, values }] }, labels);
    expect(match('In', ['web', 'db'])).toBe(true);
    expect(match('In', ['db'])).toBe(false);
    expect(match('NotIn', ['db'])).toBe(true);
    expect(match('NotIn', ['web'])).toBe(false);
    expect(match('Exists')).toBe(true);
    expect(match('DoesNotExist')).toBe(false);
  });

  it('matches absent label with negations', () => {
    const selector = {
      matchExpressions: [
        { key: 'zone', operator: 'NotIn', values: ['a'] },
        { key: 'zone', operator: 'DoesNotExist' },
      ],
    };
    expect(matchesLabelSelector(selector, labels)).toBe(true);
  });

  it('combines matchLabels and matchExpressions', () => {
    const selector = {
      matchLabels: { tier: 'web' },
      matchExpressions: [{ key: 'team', operator: 'In', values: ['ops'] }],
    };
    expect(matchesLabelSelector(selector, labels)).toBe(false);
  });

  it('rejects invalid selectors', () => {
    expect(matchesLabelSelector(null, labels)).toBeUndefined();
    expect(
      matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'Like' }] }, labels),
    ).toBeUndefined();
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] },
        labels,
      ),
    ).toBeUndefined();
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['x'] }] },
        labels,
      ),
    ).toBeUndefined();
    expect(matchesLabelSelector({ matchLabels: { tier: true } }, labels)).toBeUndefined();
  });
});
