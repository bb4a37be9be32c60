import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

import type { Path } from '../model/path.js';
import type { SourceDocument } from './file.js';
import { findPair, locate, type Location } from './locate.js';
import { columnOf, layoutOf, render, type BlockLayout } from './render.js';

/** A replacement of the text between two offsets of a file. An insertion has `start === end`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Document data that every edit builder reads. */
interface EditContext {
  readonly document: SourceDocument;
  readonly tree: Document.Parsed;
  readonly text: string;
  /** Offset of the document in its file; node ranges are relative to it. */
  readonly shift: number;
  readonly lineBreak: string;
  readonly layout: BlockLayout;
}

function contextOf(document: SourceDocument): EditContext {
  return {
    document,
    tree: document.parse().tree,
    text: document.file.text,
    shift: document.span.start,
    lineBreak: document.file.lineBreak,
    layout: layoutOf(document),
  };
}

/** End offset of the last non-blank character at or before `offset`, as the end of its line. */
function endOfContentLine(text: string, offset: number): number {
  let last = offset - 1;
  while (last > 0 && /\s/.test(text[last] ?? '')) last--;
  const newline = text.indexOf('\n', last);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** End of the line that contains `offset`, before its line break. */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' && end - 1 >= offset ? end - 1 : end;
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

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

/** Structural equality of plain values, ignoring the order of mapping keys. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  const aEntries = Object.entries(a).filter(([, entry]) => entry !== undefined);
  const bRecord = b as Record<string, unknown>;
  const bSize = Object.values(b).filter((entry) => entry !== undefined).length;
  return (
    aEntries.length === bSize && aEntries.every(([key, entry]) => sameValue(entry, bRecord[key]))
  );
}

/** True when a node of the tree already reads as `value`. */
function holdsValue(tree: Document.Parsed, node: Node | null, value: unknown): boolean {
  const current: unknown = node === null ? null : node.toJS(tree);
  return sameValue(current, value);
}

/**
 * Finds the deepest last node of a block collection, whose text ends the collection. Text
 * appended after a collection goes after this node's line.
 */
function lastLeaf(node: Node): Node {
  let current: Node = node;
  for (;;) {
    if (!(isMap(current) || isSeq(current)) || current.flow || current.items.length === 0)
      return current;
    const last = current.items[current.items.length - 1];
    const next = (isPair(last) ? (last.value ?? last.key) : last) as Node | null;
    if (!next?.range) return current;
    current = next;
  }
}

/**
 * True for a block scalar with keep chomping (`|+`, `>+`): its trailing blank lines are part of
 * its value, so a line inserted after its content would change it.
 */
function keepsTrailingLines(context: EditContext, node: Node): boolean {
  if (
    !isScalar(node) ||
    (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') ||
    !node.range
  ) {
    return false;
  }
  const start = context.shift + node.range[0];
  const header = context.text.slice(start, endOfLine(context.text, start));
  return /^[|>][0-9]*\+|^[|>]\+/.test(header.trim());
}

/**
 * Returns the edits that make `path` hold `value`, creating missing mappings in the style of the
 * surrounding text. Returns an empty list when `path` already has `value`, and `undefined` when
 * the document's shape does not allow the edit: a scalar where a mapping is needed, or a node
 * that an alias or a `<<` merge key shares with other places, which an edit would change too.
 * Only the edited node's text changes.
 */
export function setValueEdits(
  document: SourceDocument,
  path: Path,
  value: unknown,
): TextEdit[] | undefined {
  const context = contextOf(document);
  const location = locate(context.tree, path);
  if (location.depth === path.length) return replaceEdits(context, path, location, value);
  return insertEdits(context, path, location, value);
}

/** Edits that replace the existing node at `path`. */
function replaceEdits(
  context: EditContext,
  path: Path,
  location: Location,
  value: unknown,
): TextEdit[] | undefined {
  const { tree, text, shift } = context;
  if (holdsValue(tree, location.node, value)) return [];

  const shared = location.sharedFrom;
  if (shared !== undefined && shared < path.length) return undefined;
  if (shared === path.length) {
    const parent = locate(tree, path.slice(0, -1));
    // A merged key is overridden by an explicit key in the object's own mapping.
    if (location.merged) return insertEdits(context, path, parent, value);
    // An alias is replaced itself; the anchored node it names stays as it is.
    const alias = location.pair ? location.pair.value : aliasItem(parent, path[path.length - 1]);
    if (!isAlias(alias) || !alias.range) return undefined;
    return [
      {
        start: shift + alias.range[0],
        end: shift + alias.range[1],
        text: render(value, 'flow', context.layout),
      },
    ];
  }

  const node = location.node;
  if (!node?.range) return undefined;
  const start = shift + node.range[0];
  const end = shift + node.range[1];
  const keyStart = keyStartOf(context, location);
  const isFlow = (isMap(node) || isSeq(node)) && node.flow;

  if (isScalar(node) && node.value === null) {
    if (isObject(value)) return replaceNullWithBlock(context, start, end, keyStart, value);
    return [replaceEmptyValue(context, start, end, value)];
  }
  if (isScalar(node) || isFlow || !isObject(value)) {
    return [{ start, end, text: render(value, 'flow', context.layout) }];
  }
  if (keepsTrailingLines(context, lastLeaf(node))) return undefined;

  const column = columnOf(text, start);
  const block = render(value, 'block', {
    ...context.layout,
    indent: indentStep(context, node, keyStart),
  });
  const lineBreak = context.lineBreak;
  return [
    {
      start,
      end: endOfContentLine(text, end),
      text: indentLines(block, ' '.repeat(column), lineBreak),
    },
  ];
}

function aliasItem(parent: Location, index: string | number | undefined): unknown {
  return isSeq(parent.node) && typeof index === 'number' ? parent.node.items[index] : undefined;
}

function keyStartOf(context: EditContext, location: Location): number | undefined {
  const key = location.pair?.key as Node | undefined;
  return key?.range ? context.shift + key.range[0] : undefined;
}

/** Edits that add the missing tail of `path` under the deepest node that exists. */
function insertEdits(
  context: EditContext,
  path: Path,
  location: Location,
  value: unknown,
): TextEdit[] | undefined {
  const { text, shift, lineBreak } = context;
  if (location.sharedFrom !== undefined && location.sharedFrom <= location.depth) return undefined;
  const node = location.node;
  const keyStart = keyStartOf(context, location);
  const missing = path.slice(location.depth);
  const head = missing[0]!;

  if (typeof head === 'number') {
    if (!isSeq(node) || head !== node.items.length) return undefined;
    return appendItem(context, node, nest(missing.slice(1), value));
  }

  const addition = { [head]: nest(missing.slice(1), value) };

  if (isScalar(node) && node.value === null && node.range) {
    return replaceNullWithBlock(
      context,
      shift + node.range[0],
      shift + node.range[1],
      keyStart,
      addition,
    );
  }
  if (!isMap(node) || !node.range) return undefined;

  const start = shift + node.range[0];
  const end = shift + node.range[1];
  if (node.items.length === 0 && isAloneOnKeyLine(text, start, end, keyStart)) {
    return replaceNullWithBlock(context, start, end, keyStart, addition);
  }
  if (node.flow || node.items.length === 0) return insertIntoFlowMap(context, node, addition);

  const last = lastLeaf(node);
  if (keepsTrailingLines(context, last)) return undefined;
  const insertAt = endOfContentLine(text, last.range ? shift + last.range[1] : end);
  const column = columnOf(text, start);
  const block = render(addition, 'block', {
    ...context.layout,
    indent: indentStep(context, node, keyStart),
  });
  const indent = ' '.repeat(column);
  return [
    {
      start: insertAt,
      end: insertAt,
      text: lineBreak + indent + indentLines(block, indent, lineBreak),
    },
  ];
}

/** Adds entries to a flow mapping (`{a: 1}` or `{}`), after its last entry. */
function insertIntoFlowMap(
  context: EditContext,
  node: Node,
  addition: object,
): TextEdit[] | undefined {
  if (!isMap(node) || !node.range) return undefined;
  const { text, shift } = context;
  const inner = render(addition, 'flow', context.layout).replace(/^\{/, '').replace(/\}$/, '');
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

/** Indentation step under the mapping `node`: its offset from its parent key, or the document's. */
function indentStep(context: EditContext, node: Node, parentKeyStart: number | undefined): number {
  if (parentKeyStart === undefined || !node.range) return context.layout.indent;
  const step =
    columnOf(context.text, context.shift + node.range[0]) - columnOf(context.text, parentKeyStart);
  return step > 0 ? step : context.layout.indent;
}

/** True for `key: {}` written on one line of a block mapping, which reads better as a block. */
function isAloneOnKeyLine(
  text: string,
  start: number,
  end: number,
  keyStart: number | undefined,
): boolean {
  if (keyStart === undefined) return false;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const keyLinePrefix = text.slice(lineStart, keyStart).trim();
  if (keyLinePrefix !== '' && keyLinePrefix !== '-') return false;
  if (text.slice(keyStart, start).includes('\n')) return false;
  const rest = text.slice(end, endOfContentLine(text, end + 1));
  return /^\s*(#.*)?$/.test(rest);
}

/** Splits the text after a value on its line into the comment (with its leading spaces) and the line end. */
function commentAfter(text: string, end: number): { comment: string; lineEnd: number } {
  const lineEnd = endOfLine(text, end);
  const rest = text.slice(end, lineEnd);
  return /^\s*#/.test(rest)
    ? { comment: ` ${rest.trim()}`, lineEnd }
    : { comment: '', lineEnd: end };
}

/**
 * Replaces an empty value (`key:`, `key: ~`, `key: null`, `key: {}`) with an indented block. A
 * comment after the value stays on the key's line.
 */
function replaceNullWithBlock(
  context: EditContext,
  start: number,
  end: number,
  keyStart: number | undefined,
  value: object,
): TextEdit[] | undefined {
  if (keyStart === undefined) return undefined;
  const { text, lineBreak, layout } = context;
  const keyColumn = columnOf(text, keyStart);
  const column = Array.isArray(value) && !layout.indentSeq ? keyColumn : keyColumn + layout.indent;
  const indent = ' '.repeat(column);
  const block = render(value, 'block', layout);

  // The edit starts after the colon, so the spaces before an empty value go with it.
  let from = start;
  while (text[from - 1] === ' ' || text[from - 1] === '\t') from--;
  const { comment, lineEnd } = commentAfter(text, end);
  return [
    {
      start: from,
      end: lineEnd,
      text: comment + lineBreak + indent + indentLines(block, indent, lineBreak),
    },
  ];
}

/** Replaces an empty value with a scalar or flow value on the key's line, keeping a comment after it. */
function replaceEmptyValue(
  context: EditContext,
  start: number,
  end: number,
  value: unknown,
): TextEdit {
  const { text } = context;
  let from = start;
  while (text[from - 1] === ' ' || text[from - 1] === '\t') from--;
  const { comment, lineEnd } = commentAfter(text, end);
  return { start: from, end: lineEnd, text: ` ${render(value, 'flow', context.layout)}${comment}` };
}

/**
 * Returns the edits that append `item` to the sequence at `path`, creating the sequence (and
 * missing parents) when the path is missing or empty. Returns an empty list when the sequence
 * already has an equal item, and `undefined` when the shape does not allow the edit.
 */
export function appendEdits(
  document: SourceDocument,
  path: Path,
  item: unknown,
): TextEdit[] | undefined {
  const context = contextOf(document);
  const location = locate(context.tree, path);
  const node = location.node;
  const isEmpty = location.depth === path.length && isScalar(node) && node.value === null;
  if (location.depth < path.length || isEmpty) return setValueEdits(document, path, [item]);
  if (!isSeq(node)) return undefined;

  const present = node.items.some((existing) =>
    holdsValue(context.tree, existing as Node | null, item),
  );
  if (present) return [];
  if (location.sharedFrom !== undefined) return undefined;
  return appendItem(context, node, item);
}

/** Edits that add `item` after the last item of a sequence, in its style. */
function appendItem(context: EditContext, node: Node, item: unknown): TextEdit[] | undefined {
  const { text, shift, lineBreak } = context;
  if (!isSeq(node) || !node.range) return undefined;

  if (node.flow || node.items.length === 0) {
    const close = text.lastIndexOf(']', shift + node.range[1]);
    if (close < shift + node.range[0]) return undefined;
    const rendered = render(item, 'flow', context.layout);
    return [
      { start: close, end: close, text: node.items.length === 0 ? rendered : `, ${rendered}` },
    ];
  }

  const firstItem = node.items[0] as Node;
  const last = lastLeaf(node);
  if (!firstItem.range || keepsTrailingLines(context, last)) return undefined;
  // The dash sits before the item's own range, which for a nested sequence starts at its own dash.
  const dash = text.lastIndexOf('-', shift + firstItem.range[0] - 1);
  const dashColumn = columnOf(text, dash);
  const itemOffset = columnOf(text, shift + firstItem.range[0]) - dashColumn;
  const insertAt = endOfContentLine(
    text,
    last.range ? shift + last.range[1] : shift + node.range[1],
  );
  const block = render(item, 'block', context.layout);
  const padded = indentLines(block, ' '.repeat(dashColumn + itemOffset), lineBreak);
  const gap = ' '.repeat(Math.max(itemOffset - 1, 1));
  return [
    {
      start: insertAt,
      end: insertAt,
      text: `${lineBreak}${' '.repeat(dashColumn)}-${gap}${padded}`,
    },
  ];
}

/**
 * Returns the edit that renames the key at the end of `path`, or an empty list when that key is
 * missing (already renamed). Returns `undefined` when the new key exists in the same mapping,
 * because the rename would make a duplicate, or when the key comes from a `<<` merge key.
 */
export function renameKeyEdits(
  document: SourceDocument,
  path: Path,
  newKey: string,
): TextEdit[] | undefined {
  const context = contextOf(document);
  const location = locate(context.tree, path);
  if (location.depth !== path.length) return [];
  const key = location.pair?.key as Node | undefined;
  if (!key?.range || location.merged || sharedBefore(location, path.length)) return undefined;

  const parent = locate(context.tree, path.slice(0, -1)).node;
  if (parent && findPair(context.tree, parent, newKey)) return undefined;
  const start = context.shift + key.range[0];
  return [
    { start, end: context.shift + key.range[1], text: render(newKey, 'flow', context.layout) },
  ];
}

/** True when the walk to `path` entered shared text before its last segment. */
function sharedBefore(location: Location, length: number): boolean {
  return location.sharedFrom !== undefined && location.sharedFrom < length;
}

/**
 * Returns the edit that removes the field at `path`: its whole lines in a block mapping, comments
 * inside it too, or the entry in a flow mapping. Returns an empty list when the field is already
 * missing, and `undefined` when it comes from a `<<` merge key or shared text.
 */
export function removeFieldEdits(document: SourceDocument, path: Path): TextEdit[] | undefined {
  const context = contextOf(document);
  if (typeof path[path.length - 1] === 'number') return removeItemEdits(context, path);
  const location = locate(context.tree, path);
  if (location.depth !== path.length) return [];
  const pair = location.pair;
  const key = pair?.key as Node | undefined;
  if (!pair || !key?.range || location.merged || sharedBefore(location, path.length))
    return undefined;

  const parent = locate(context.tree, path.slice(0, -1)).node;
  if (!isMap(parent)) return undefined;
  if (parent.flow)
    return removeFlowEntry(
      context,
      parent.items,
      parent.items.indexOf(pair as Pair<unknown, unknown>),
    );

  const { text, shift } = context;
  const keyStart = shift + key.range[0];
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const value = pair.value as Node | null;
  const contentEnd = value?.range ? shift + value.range[1] : shift + key.range[1];
  const lineEnd = endOfContentLine(text, contentEnd);
  const prefix = text.slice(lineStart, keyStart).trim();

  if (prefix === '') {
    const next = text.indexOf('\n', lineEnd);
    return [{ start: lineStart, end: next === -1 ? lineEnd : next + 1, text: '' }];
  }
  if (prefix !== '-') return undefined;

  // The first key of a sequence item (`- name: x`): the next key moves up behind the dash, or
  // the item becomes an empty mapping.
  const index = parent.items.indexOf(pair as Pair<unknown, unknown>);
  const following = parent.items[index + 1]?.key as Node | undefined;
  if (index !== 0) return undefined;
  if (following?.range) return [{ start: keyStart, end: shift + following.range[0], text: '' }];
  return [{ start: keyStart, end: lineEnd, text: '{}' }];
}

/** Returns the edit that removes a sequence item: its `- ` lines in block style, or the entry in flow style. */
function removeItemEdits(context: EditContext, path: Path): TextEdit[] | undefined {
  const { tree, text, shift } = context;
  const parent = locate(tree, path.slice(0, -1));
  const index = path[path.length - 1] as number;
  if (parent.depth !== path.length - 1) return [];
  if (!isSeq(parent.node) || parent.sharedFrom !== undefined) return undefined;
  const item = parent.node.items[index] as Node | undefined;
  if (item === undefined) return [];
  if (!item.range) return undefined;

  if (parent.node.flow) return removeFlowEntry(context, parent.node.items, index);
  if (parent.node.items.length === 1) return undefined;
  const dash = text.lastIndexOf('-', shift + item.range[0] - 1);
  const lineStart = text.lastIndexOf('\n', dash - 1) + 1;
  if (text.slice(lineStart, dash).trim() !== '') return undefined;
  const lineEnd = endOfContentLine(text, shift + lastLeaf(item).range![1]);
  const next = text.indexOf('\n', lineEnd);
  return [{ start: lineStart, end: next === -1 ? lineEnd : next + 1, text: '' }];
}

/** Removes entry `index` of a flow collection with the comma that separates it from a neighbour. */
function removeFlowEntry(
  context: EditContext,
  items: readonly unknown[],
  index: number,
): TextEdit[] | undefined {
  const shift = context.shift;
  const span = (entry: unknown): [number, number] | undefined => {
    const first = (isPair(entry) ? entry.key : entry) as Node | null;
    const last = (isPair(entry) ? (entry.value ?? entry.key) : entry) as Node | null;
    return first?.range && last?.range
      ? [shift + first.range[0], shift + last.range[1]]
      : undefined;
  };
  const own = span(items[index]);
  if (!own) return undefined;
  const next = span(items[index + 1]);
  if (next) return [{ start: own[0], end: next[0], text: '' }];
  const previous = span(items[index - 1]);
  if (previous) return [{ start: previous[1], end: own[1], text: '' }];
  return [{ start: own[0], end: own[1], text: '' }];
}
