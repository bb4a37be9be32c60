import { isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml';

import type { Path } from '../model/path.js';
import { DEFAULT_LIMITS, type SourceLimits } from './limits.js';
import { LineIndex } from './lines.js';
import { locate } from './locate.js';
import { parseDocumentSpan, type ParsedDocument } from './parse.js';
import type { SourceProblem } from './problems.js';
import { sniffDocument, type DocumentSniff } from './sniff.js';
import { isBlankDocument, splitDocuments, type DocumentSpan } from './split.js';

/** A span of source text with both offsets and 1-based line and column positions. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Parsed documents keyed by their text. Offsets in the stored trees and problems are relative to
 * the document's start, so a document that moved within its file is reused as it is.
 */
export type DocumentCache = Map<string, ParsedDocument>;

export interface SourceFileOptions {
  readonly limits?: SourceLimits;
  /** Reuse parses of unchanged documents, for a language server that re-checks on every edit. */
  readonly cache?: DocumentCache;
}

/** Part of a field that a range covers: its key or its value. */
export type RangeTarget = 'key' | 'value';

/** One YAML file: its text, its documents, and the problems found in its syntax. */
export class SourceFile {
  readonly path: string;
  readonly text: string;
  readonly documents: readonly SourceDocument[];
  readonly limits: SourceLimits;
  /** Problems that concern the file as a whole (size, separators). */
  readonly problems: readonly SourceProblem[];
  #lines: LineIndex | undefined;

  /** Parsed documents by their text, shared between versions of a file that an editor changes. */
  readonly cache: DocumentCache | undefined;

  constructor(path: string, text: string, options: SourceFileOptions = {}) {
    const limits = options.limits ?? DEFAULT_LIMITS;
    this.path = path;
    this.text = text;
    this.limits = limits;
    this.cache = options.cache;

    if (text.length > limits.maxFileSize) {
      this.documents = [];
      this.problems = [
        {
          code: 'limit',
          message: `File is ${text.length} characters long, over the limit of ${limits.maxFileSize}; split it or raise the limit.`,
          start: 0,
          end: Math.min(text.length, 1),
        },
      ];
      return;
    }

    const problems: SourceProblem[] = [];
    const documents: SourceDocument[] = [];
    for (const span of splitDocuments(text)) {
      if (span.separatorProblem) {
        problems.push({
          code: 'separator',
          message:
            'Document separator "---" is followed by content on the same line; kubectl accepts only a comment there, so move the content to the next line.',
          ...span.separatorProblem,
        });
      }
      if (!isBlankDocument(text, span)) documents.push(new SourceDocument(this, span));
    }
    this.documents = documents;
    this.problems = problems;
  }

  get lines(): LineIndex {
    this.#lines ??= new LineIndex(this.text);
    return this.#lines;
  }

  /** True when the text starts with a UTF-8 byte order mark. */
  get hasByteOrderMark(): boolean {
    return this.text.startsWith('\uFEFF');
  }

  /** The line break the file uses, for edits that add lines. */
  get lineBreak(): '\n' | '\r\n' {
    const first = this.text.indexOf('\n');
    return first > 0 && this.text[first - 1] === '\r' ? '\r\n' : '\n';
  }

  /** Turns a pair of offsets into a range with line and column positions. */
  range(start: number, end: number): SourceRange {
    const from = this.lines.position(start);
    const to = this.lines.position(Math.max(end, start));
    return {
      start,
      end: Math.max(end, start),
      startLine: from.line,
      startColumn: from.column,
      endLine: to.line,
      endColumn: to.column,
    };
  }
}

/** One document of a file; parsed on first use, so documents no rule reads cost a regex. */
export class SourceDocument {
  readonly file: SourceFile;
  readonly span: DocumentSpan;
  readonly sniff: DocumentSniff;
  #parsed: ParsedDocument | undefined;

  constructor(file: SourceFile, span: DocumentSpan) {
    this.file = file;
    this.span = span;
    this.sniff = sniffDocument(file.text, span);
  }

  get index(): number {
    return this.span.index;
  }

  get isParsed(): boolean {
    return this.#parsed !== undefined;
  }

  /** Parses the document (once) and returns its tree, value and problems. */
  parse(): ParsedDocument {
    if (this.#parsed) return this.#parsed;

    const body = this.file.text.slice(this.span.start, this.span.end);
    const cache = this.file.cache;
    let relative = cache?.get(body);
    if (!relative && body.length > this.file.limits.maxDocumentSize) {
      relative = oversizedDocument(body.length, this.file.limits.maxDocumentSize);
    }
    if (!relative) {
      relative = parseDocumentSpan(body, { index: 0, start: 0, end: body.length }, this.file.limits);
      cache?.set(body, relative);
    }
    const shift = this.span.start;
    this.#parsed = {
      span: this.span,
      tree: relative.tree,
      value: relative.value,
      problems: relative.problems.map((problem) => ({
        ...problem,
        start: problem.start + shift,
        end: problem.end + shift,
      })),
    };
    return this.#parsed;
  }

  /** The plain value, or `undefined` when the document has syntax problems. */
  get value(): unknown {
    return this.parse().value;
  }

  /**
   * Returns the range a finding about `path` should cover: the key or value of the field when
   * it exists, otherwise the key of the nearest existing parent.
   */
  rangeOf(path: Path, target: RangeTarget = 'value'): SourceRange {
    const [start, end] = this.offsetsOf(path, target);
    return this.file.range(start, end);
  }

  /** Offsets in the file for `rangeOf`. */
  offsetsOf(path: Path, target: RangeTarget = 'value'): [number, number] {
    const { tree } = this.parse();
    const location = locate(tree, path);
    const shift = this.span.start;
    const complete = location.depth === path.length;

    const pick = (node: Node | null | undefined): [number, number] | undefined =>
      node?.range ? [shift + node.range[0], shift + node.range[1]] : undefined;

    if (complete && target === 'value' && isScalar(location.node)) {
      const value = pick(location.node);
      if (value && value[1] > value[0]) return value;
    }
    if (location.pair) {
      const key = pick(location.pair.key as Node);
      if (key) return key;
    }
    const itemKey =
      location.depth === 0 ? kindPair(location.node) : firstKeyOfItem(location.node);
    if (itemKey) {
      const value = pick(itemKey.value as Node);
      if (value && value[1] > value[0]) return value;
      const key = pick(itemKey.key as Node);
      if (key) return key;
    }
    const node = pick(location.node);
    if (node) return [node[0], Math.max(node[0] + 1, lineEndOf(this.file.text, node[0]))];
    return [this.span.start, Math.max(this.span.start, lineEndOf(this.file.text, this.span.start))];
  }

  /** True when every segment of `path` exists in the document. */
  has(path: Path): boolean {
    return locate(this.parse().tree, path).depth === path.length;
  }
}

function oversizedDocument(size: number, limit: number): ParsedDocument {
  return {
    span: { index: 0, start: 0, end: size },
    tree: parseDocument(''),
    value: undefined,
    problems: [
      {
        code: 'limit',
        message: `Document is ${size} characters long, over the limit of ${limit}; split it into smaller documents.`,
        start: 0,
        end: 1,
      },
    ],
  };
}

/** For a mapping inside a sequence, the `name` pair (or the first pair) that identifies it. */
function firstKeyOfItem(node: Node | null): Pair | undefined {
  if (!isMap(node) || node.items.length === 0) return undefined;
  const named = node.items.find((pair) => isScalar(pair.key) && pair.key.value === 'name');
  // An item of a List is a whole object, which findings locate by its kind like any other.
  return (named ?? kindPair(node) ?? node.items[0]) as Pair | undefined;
}

function kindPair(node: Node | null): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((pair) => isScalar(pair.key) && pair.key.value === 'kind') as
    | Pair
    | undefined;
}

function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

