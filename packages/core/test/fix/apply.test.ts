import { describe, expect, it } from 'vitest';

import { applyEdits, applyFixes, type FixProposal } from '../../src/index.js';

const fix = (description: string, ...edits: [number, number, string][]): FixProposal => ({
  description,
  edits: edits.map(([start, end, text]) => ({ start, end, text })),
});

describe('applyEdits', () => {
  it('edits in any order', () => {
    expect(
      applyEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 1, text: 'A' },
      ]),
    ).toBe('AbcdEf');
  });

  it('insertions and deletions', () => {
    expect(
      applyEdits('abc', [
        { start: 1, end: 1, text: 'X' },
        { start: 2, end: 3, text: '' },
      ]),
    ).toBe('aXb');
  });

  it('no edits', () => {
    expect(applyEdits('abc', [])).toBe('abc');
  });
});

describe('applyFixes', () => {
  it('fixes applied in position order', () => {
    const late = fix('late', [5, 6, 'F']);
    const early = fix('early', [0, 1, 'A']);
    const result = applyFixes('abcdef', [late, early]);

    expect(result.output).toBe('AbcdeF');
    expect(result.applied).toEqual([early, late]);
    expect(result.skipped).toEqual([]);
  });

  it('fix with several edits', () => {
    const result = applyFixes('abcdef', [fix('both ends', [0, 1, 'A'], [5, 6, 'F'])]);

    expect(result.output).toBe('AbcdeF');
  });

  it('overlapping fix skipped', () => {
    const first = fix('first', [1, 3, 'X']);
    const second = fix('second', [2, 4, 'Y']);
    const result = applyFixes('abcdef', [second, first]);

    expect(result.output).toBe('aXdef');
    expect(result.applied).toEqual([first]);
    expect(result.skipped).toEqual([second]);
  });

  it('fix inside the span of another skipped', () => {
    const wide = fix('wide', [0, 1, 'A'], [5, 6, 'F']);
    const inside = fix('inside', [2, 3, 'C']);
    const result = applyFixes('abcdef', [wide, inside]);

    expect(result.output).toBe('AbcdeF');
    expect(result.skipped).toEqual([inside]);
  });

  it('touching fixes skipped', () => {
    const first = fix('first', [0, 2, 'X']);
    const second = fix('second', [2, 3, 'Y']);

    expect(applyFixes('abcd', [first, second]).skipped).toEqual([second]);
  });

  it('two insertions at one offset', () => {
    const first = fix('first', [1, 1, 'X']);
    const second = fix('second', [1, 1, 'Y']);
    const result = applyFixes('ab', [first, second]);

    expect(result.output).toBe('aXb');
    expect(result.skipped).toEqual([second]);
  });

  it('fixes without edits ignored', () => {
    const empty = fix('nothing');
    const result = applyFixes('ab', [empty]);

    expect(result.output).toBe('ab');
    expect(result.applied).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it('overlapping edits inside one fix rejected', () => {
    expect(() => applyFixes('abcdef', [fix('bad', [0, 3, 'X'], [2, 4, 'Y'])])).toThrow(
      /^Fix edits overlap at offsets 0-3 and 2-4/,
    );
  });

  it('same insertion twice inside one fix rejected', () => {
    expect(() => applyFixes('ab', [fix('bad', [1, 1, 'X'], [1, 1, 'Y'])])).toThrow(/overlap/);
  });

  it('edit outside the text rejected', () => {
    expect(() => applyFixes('ab', [fix('bad', [1, 5, 'X'])])).toThrow(
      /outside the text of length 2/,
    );
    expect(() => applyFixes('ab', [fix('bad', [2, 1, 'X'])])).toThrow(/ends before it starts/);
  });

  it('adjacent edits inside one fix accepted', () => {
    expect(applyFixes('abcd', [fix('pair', [0, 2, 'X'], [2, 4, 'Y'])]).output).toBe('XY');
  });
});
