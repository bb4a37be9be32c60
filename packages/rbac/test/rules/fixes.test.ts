import { applyEdits, type TextEdit } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { composeEdit } from '../../src/rules/fixes.js';

/** Composes edits given one after another, each in offsets of the text the previous produced. */
function composeAll(original: string, steps: readonly TextEdit[]): TextEdit[] {
  let composed: TextEdit[] = [];
  for (const step of steps) composed = composeEdit(composed, step, applyEdits(original, composed));
  return composed;
}

describe('composeEdit', () => {
  const original = 'a: 1\nb: 2\n';

  it('insertions at one offset merged', () => {
    const composed = composeAll(original, [
      { start: 9, end: 9, text: '\nc: 3' },
      { start: 14, end: 14, text: '\nd: 4' },
    ]);

    expect(composed).toEqual([{ start: 9, end: 9, text: '\nc: 3\nd: 4' }]);
    expect(applyEdits(original, composed)).toBe('a: 1\nb: 2\nc: 3\nd: 4\n');
  });

  it('edit before an insertion kept apart', () => {
    const composed = composeAll(original, [
      { start: 9, end: 9, text: '\nc: 3' },
      { start: 3, end: 4, text: '10' },
    ]);

    expect(composed).toEqual([
      { start: 3, end: 4, text: '10' },
      { start: 9, end: 9, text: '\nc: 3' },
    ]);
    expect(applyEdits(original, composed)).toBe('a: 10\nb: 2\nc: 3\n');
  });

  it('edit after a replacement shifted back', () => {
    const composed = composeAll(original, [
      { start: 3, end: 4, text: '100' },
      { start: 10, end: 11, text: '5' },
    ]);

    expect(composed).toEqual([
      { start: 3, end: 4, text: '100' },
      { start: 8, end: 9, text: '5' },
    ]);
    expect(applyEdits(original, composed)).toBe('a: 100\nb: 5\n');
  });

  it('edit inside an inserted text merged', () => {
    const composed = composeAll(original, [
      { start: 9, end: 9, text: '\nc: 3' },
      { start: 13, end: 14, text: '7' },
    ]);

    expect(composed).toEqual([{ start: 9, end: 9, text: '\nc: 7' }]);
  });
});
