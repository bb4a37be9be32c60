// Text helpers. The first group rebuilds the forbidden detail strings of Pod Security Admission
// character for character; the second writes the per-field messages of this package.

import type { PssContainerRef } from './types.js';

/** Quotes each item and joins them with `", "`, without escaping, as upstream `joinQuote` does. */
export function joinQuote(items: readonly string[]): string {
  if (items.length === 0) return '';
  return `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Orders strings by code point, which is the byte order of their UTF-8 form that Go sorts by. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** Returns the distinct strings in Go sort order, as `sets.List` does. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareCodePoints);
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Quotes a string as Go's `%q` verb does: printable characters stay, the rest is escaped. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const escape = GO_ESCAPES[char];
    if (escape !== undefined) {
      out += escape;
      continue;
    }
    if (PRINTABLE.test(char)) {
      out += char;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if (code <= 0xffff) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** Phrases such as `container "app"` or `containers "a", "b"` that start upstream details. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

const LIST_LABELS: Readonly<Record<PssContainerRef['list'], string>> = {
  initContainers: 'Init container',
  containers: 'Container',
  ephemeralContainers: 'Ephemeral container',
};

/** Names a container at the start of a message: `Init container "setup"`. */
export function containerLabel(ref: PssContainerRef): string {
  const label = LIST_LABELS[ref.list];
  if (ref.name === '') return `${label} at ${ref.list}[${ref.index}]`;
  return `${label} ${JSON.stringify(ref.name)}`;
}

/** Renders a value inside a message: strings in double quotes, other scalars bare. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}
