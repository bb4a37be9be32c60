import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';

import type { Path } from '../model/path.js';
import type { SourceDocument } from './file.js';
import { locate } from './locate.js';

/** A replacement of the text between two offsets of a file. An insertion has `start === end`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const DEFAULT_INDENT = 2;

/** Renders a value as YAML 1.1 text (quoting strings such as "yes"), without a final newline. */
function render(value: unknown, style: 'block' | 'flow', indent: number): string {
  const document = new Document(value, { version: '1.1' });
  const text = document.toString({
    indent,
    collectionStyle: style === 'flow' ? 'flow' : 'block',
    lineWidth: 0,
  });
  return text.replace(/\r?\n$/, '');
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** End offset of the last non-blank character at or before `offset`, as the end of its line. */
function endOfContentLine(text: string, offset: number): number {
  let last = offset - 1;
  while (last > 0 && /\s/.test(text[last] ?? '')) last--;
  const newline = text.indexOf('\n', last);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function indentLines(block: string, indent: string, lineBreak: string): string {
  return block
    .split('\n')
    .map((line, index) => (index === 0 || line === '' ? line : indent + line))
    .join(lineBreak);
}

/** Builds `{a: {b: value}}` for the missing tail `['a', 'b']` of a path. */
function nest(keys: readonly (string | number)[], value: unknown): unknown {
  let result = value;
  for (let index = keys.length - 1; index >= 0; index--) {
    const key = keys[index];
    result = typeof key === 'number' ? [result] : { [key as string]: result };
  }
  return result;
}

/** Indentation step of the collection that holds `node`, read from the file, or 2. */
function indentStep(document: SourceDocument, mapNode: Node, parentKeyStart: number | undefined): number {
  if (parentKeyStart === undefined || !mapNode.range) return DEFAULT_INDENT;
  const text = document.file.text;
  const shift = document.span.start;
  const step = columnOf(text, shift + mapNode.range[0]) - columnOf(text, parentKeyStart);
  return step > 0 ? step : DEFAULT_INDENT;
}

/**
 * Returns the edits that make `path` hold `value`, creating missing mappings in the style of the
 * surrounding text, or `undefined` when the document's shape does not allow it (for example a
 * scalar where a mapping is needed). Only the edited node's text changes.
 */
export function setValueEdits(
  document: SourceDocument,
  path: Path,
  value: unknown,
): TextEdit[] | undefined {
  const { tree } = document.parse();
  const text = document.file.text;
  const shift = document.span.start;
  const lineBreak = document.file.lineBreak;
  const location = locate(tree, path);
  const node = location.node;
  const keyStart = location.pair?.key && (location.pair.key as Node).range
    ? shift + (location.pair.key as Node).range![0]
    : undefined;

  if (location.depth === path.length) {
    if (!node?.range) return undefined;
    const start = shift + node.range[0];
    const end = shift + node.range[1];
    const isFlow = (isMap(node) || isSeq(node)) && node.flow;
    if (isScalar(node) || isFlow || value === null || typeof value !== 'object') {
      if (isScalar(node) && node.value === null && value !== null && typeof value === 'object') {
        return [replaceNullWithBlock(document, start, end, keyStart, value)];
      }
      return [{ start, end, text: render(value, 'flow', DEFAULT_INDENT) }];
    }
    const column = columnOf(text, start);
    const block = render(value, 'block', indentStep(document, node, keyStart));
    return [{ start, end: endOfContentLine(text, end), text: indentLines(block, ' '.repeat(column), lineBreak) }];
  }

  const missing = path.slice(location.depth);
  const head = missing[0]!;

  if (typeof head === 'number') {
    if (!isSeq(node) || head !== node.items.length) return undefined;
    return appendEdits(document, path.slice(0, location.depth), nest(missing.slice(1), value));
  }

  const addition = { [head]: nest(missing.slice(1), value) };

  if (isScalar(node) && node.value === null && node.range) {
    return [replaceNullWithBlock(document, shift + node.range[0], shift + node.range[1], keyStart, addition)];
  }
  if (!isMap(node) || !node.range) return undefined;

  if (node.items.length === 0 && isAloneOnKeyLine(text, shift + node.range[0], shift + node.range[1], keyStart)) {
    return [replaceNullWithBlock(document, shift + node.range[0], shift + node.range[1], keyStart, addition)];
  }
  if (node.flow || node.items.length === 0) {
    const inner = render(addition, 'flow', DEFAULT_INDENT).replace(/^\{\s*/, '').replace(/\s*\}$/, '');
    const last = node.items[node.items.length - 1];
    const lastNode = (last?.value ?? last?.key) as Node | undefined;
    if (lastNode?.range) {
      const after = shift + lastNode.range[1];
      return [{ start: after, end: after, text: `, ${inner}` }];
    }
    const close = text.lastIndexOf('}', shift + node.range[1]);
    if (close < shift + node.range[0]) return undefined;
    return [{ start: close, end: close, text: inner }];
  }

  const lastPair = node.items[node.items.length - 1]!;
  const lastValue = (lastPair.value ?? lastPair.key) as Node;
  const anchor = lastValue.range ? shift + lastValue.range[1] : shift + node.range[1];
  const insertAt = endOfContentLine(text, anchor);
  const column = columnOf(text, shift + node.range[0]);
  const block = render(addition, 'block', indentStep(document, node, keyStart));
  const indent = ' '.repeat(column);
  return [{ start: insertAt, end: insertAt, text: lineBreak + indent + indentLines(block, indent, lineBreak) }];
}

/** True for `key: {}` written on one line of a block mapping, which reads better as a block. */
function isAloneOnKeyLine(text: string, start: number, end: number, keyStart: number | undefined): boolean {
  if (keyStart === undefined) return false;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const keyLinePrefix = text.slice(lineStart, keyStart).trim();
  if (keyLinePrefix !== '' && keyLinePrefix !== '-') return false;
  if (text.slice(keyStart, start).includes('\n')) return false;
  const rest = text.slice(end, endOfContentLine(text, end + 1));
  return /^\s*(#.*)?$/.test(rest);
}

/** Replaces an empty value (`key:` or `key: null`) with an indented block mapping. */
function replaceNullWithBlock(
  document: SourceDocument,
  start: number,
  end: number,
  keyStart: number | undefined,
  value: object,
): TextEdit {
  const text = document.file.text;
  const lineBreak = document.file.lineBreak;
  const keyColumn = keyStart === undefined ? 0 : columnOf(text, keyStart);
  const indent = ' '.repeat(keyColumn + DEFAULT_INDENT);
  const block = render(value, 'block', DEFAULT_INDENT);
  // Keep the text after an empty value (a comment) where it was: after the key.
  let from = start;
  while (text[from - 1] === ' ' || text[from - 1] === '\t') from--;
  return { start: from, end, text: lineBreak + indent + indentLines(block, indent, lineBreak) };
}

/** Returns the edits that append `item` to the sequence at `path`. */
export function appendEdits(
  document: SourceDocument,
  path: Path,
  item: unknown,
): TextEdit[] | undefined {
  const { tree } = document.parse();
  const text = document.file.text;
  const shift = document.span.start;
  const lineBreak = document.file.lineBreak;
  const node = locate(tree, path).node;
  if (!isSeq(node) || !node.range) return undefined;

  if (node.flow || node.items.length === 0) {
    const close = text.lastIndexOf(']', shift + node.range[1]);
    if (close < shift + node.range[0]) return undefined;
    const rendered = render(item, 'flow', DEFAULT_INDENT);
    return [{ start: close, end: close, text: node.items.length === 0 ? rendered : `, ${rendered}` }];
  }

  const lastItem = node.items[node.items.length - 1] as Node;
  const firstItem = node.items[0] as Node;
  if (!lastItem.range || !firstItem.range) return undefined;
  const dash = text.lastIndexOf('-', shift + firstItem.range[0]);
  const dashColumn = columnOf(text, dash);
  const itemColumn = columnOf(text, shift + firstItem.range[0]) - dashColumn;
  const insertAt = endOfContentLine(text, shift + lastItem.range[1]);
  const block = render(item, 'block', DEFAULT_INDENT);
  const indent = ' '.repeat(dashColumn);
  const padded = indentLines(block, ' '.repeat(dashColumn + itemColumn), lineBreak);
  return [{ start: insertAt, end: insertAt, text: `${lineBreak}${indent}-${' '.repeat(Math.max(itemColumn - 1, 1))}${padded}` }];
}

/** Returns the edit that renames the key at the end of `path`. */
export function renameKeyEdits(document: SourceDocument, path: Path, newKey: string): TextEdit[] | undefined {
  const location = locate(document.parse().tree, path);
  const key = location.pair?.key as Node | undefined;
  if (location.depth !== path.length || !key?.range) return undefined;
  const shift = document.span.start;
  return [{ start: shift + key.range[0], end: shift + key.range[1], text: render(newKey, 'flow', DEFAULT_INDENT) }];
}

/** Returns the edit that removes the field at `path` with its whole lines, comments inside it too. */
export function removeFieldEdits(document: SourceDocument, path: Path): TextEdit[] | undefined {
  if (typeof path[path.length - 1] === 'number') return removeItemEdits(document, path);
  const location = locate(document.parse().tree, path);
  const key = location.pair?.key as Node | undefined;
  const value = location.pair?.value as Node | undefined;
  if (location.depth !== path.length || !key?.range) return undefined;

  const text = document.file.text;
  const shift = document.span.start;
  const lineStart = text.lastIndexOf('\n', shift + key.range[0] - 1) + 1;
  const onlyKeyOnLine = text.slice(lineStart, shift + key.range[0]).trim() === '';
  const end = value?.range ? shift + value.range[1] : shift + key.range[1];
  const lineEnd = endOfContentLine(text, end);
  if (!onlyKeyOnLine) return undefined;
  const next = text.indexOf('\n', lineEnd);
  return [{ start: lineStart, end: next === -1 ? lineEnd : next + 1, text: '' }];
}

/** Returns the edit that removes a sequence item: its `- ` lines in block style, or the entry in flow style. */
function removeItemEdits(document: SourceDocument, path: Path): TextEdit[] | undefined {
  const tree = document.parse().tree;
  const parent = locate(tree, path.slice(0, -1));
  const index = path[path.length - 1] as number;
  if (parent.depth !== path.length - 1 || !isSeq(parent.node)) return undefined;
  const item = parent.node.items[index] as Node | undefined;
  if (!item?.range) return undefined;

  const text = document.file.text;
  const shift = document.span.start;
  if (parent.node.flow) {
    const next = parent.node.items[index + 1] as Node | undefined;
    const previous = parent.node.items[index - 1] as Node | undefined;
    if (next?.range) return [{ start: shift + item.range[0], end: shift + next.range[0], text: '' }];
    if (previous?.range) return [{ start: shift + previous.range[1], end: shift + item.range[1], text: '' }];
    return [{ start: shift + item.range[0], end: shift + item.range[1], text: '' }];
  }
  if (parent.node.items.length === 1) return undefined;
  const dash = text.lastIndexOf('-', shift + item.range[0]);
  const lineStart = text.lastIndexOf('\n', dash - 1) + 1;
  if (text.slice(lineStart, dash).trim() !== '') return undefined;
  const lineEnd = endOfContentLine(text, shift + item.range[1]);
  const next = text.indexOf('\n', lineEnd);
  return [{ start: lineStart, end: next === -1 ? lineEnd : next + 1, text: '' }];
}
