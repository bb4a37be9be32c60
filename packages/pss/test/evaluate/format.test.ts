import { describe, expect, it } from 'vitest';
import { compareCodePoints, goQuote, joinQuote, sortedSet } from '../../src/evaluate/format.js';

describe('goQuote', () => {
  it('plain and escaped characters', () => {
    expect(goQuote('unconfined')).toBe('"unconfined"');
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('tab\there\nline')).toBe('"tab\\there\\nline"');
    expect(goQuote('\x01\x7f')).toBe('"\\x01\\x7f"');
    expect(goQuote('é ü 中')).toBe('"é ü 中"');
    expect(goQuote('\u00a0\u200b')).toBe('"\\u00a0\\u200b"');
  });
});

describe('sortedSet', () => {
  it('byte order and duplicates', () => {
    expect(sortedSet(['b', 'B', 'a', 'b', '10', '9'])).toEqual(['10', '9', 'B', 'a', 'b']);
  });

  it('code point order beyond the BMP', () => {
    expect(compareCodePoints('\u{1F600}', '\uFF5E')).toBeGreaterThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
  });
});

describe('joinQuote', () => {
  it('no escaping', () => {
    expect(joinQuote([])).toBe('');
    expect(joinQuote(['a', 'b="c"'])).toBe('"a", "b="c""');
  });
});
