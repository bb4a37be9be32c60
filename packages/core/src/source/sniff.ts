import type { DocumentSpan } from './split.js';

/** What a cheap look at a document's top-level lines tells before any parsing. */
export interface DocumentSniff {
  /** `kind` from a top-level `kind:` line, or `undefined` when no such line was found. */
  readonly kind?: string;
  readonly apiVersion?: string;
  /** Offset of the first `{{` outside a comment: the document is a Helm or Go template. */
  readonly templateMarker?: number;
}

const KIND_LINE = /^kind:[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?\r?$/m;
const API_VERSION_LINE = /^apiVersion:[ \t]*(["']?)([A-Za-z0-9./-]+)\1[ \t]*(?:#.*)?\r?$/m;

/**
 * Reads `kind` and `apiVersion` from lines that start at column 0, and finds template markers.
 * A document written in flow style or JSON yields no kind and must be parsed to be known.
 */
export function sniffDocument(text: string, span: DocumentSpan): DocumentSniff {
  const body = text.slice(span.start, span.end);
  const kind = KIND_LINE.exec(body)?.[2];
  const apiVersion = API_VERSION_LINE.exec(body)?.[2];
  const marker = findTemplateMarker(body);
  return {
    kind,
    apiVersion,
    templateMarker: marker === undefined ? undefined : span.start + marker,
  };
}

const KEY_AND_VALUE = /^((?:"[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)):(?:[ \t]+|$)(.*)$/;
const BLOCK_SCALAR_HEADER = /^[|>][-+0-9]*[ \t]*(#.*)?$/;

/**
 * Finds a `{{` that starts a plain key, value or sequence item, which is how Helm and Go templates
 * write their actions. A `{{` inside a quoted string, inside a block scalar or in the middle of a
 * plain string is content (Argo CD ApplicationSets, Prometheus alert texts), not a template.
 */
function findTemplateMarker(body: string): number | undefined {
  if (!body.includes('{{')) return undefined;

  let blockParentColumn = -1;
  let openQuote: '"' | "'" | undefined;
  let lineStart = 0;
  while (lineStart < body.length) {
    const newline = body.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? body.length : newline;
    const line = body.slice(lineStart, lineEnd).replace(/\r$/, '');
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    const offset = lineStart;
    lineStart = lineEnd + 1;

    if (openQuote) {
      if (closingQuoteAt(line, 0, openQuote) >= 0) openQuote = undefined;
      continue;
    }
    if (blockParentColumn >= 0) {
      if (content === '' || indent > blockParentColumn) continue;
      blockParentColumn = -1;
    }
    if (content === '' || content.startsWith('#')) continue;

    let column = indent;
    let rest = content;
    while (rest === '-' || rest.startsWith('- ')) {
      const stripped = rest.slice(1).trimStart();
      column += rest.length - stripped.length;
      rest = stripped;
    }
    const itemColumn = column;
    if (rest.startsWith('{{')) return offset + column;

    const pair = KEY_AND_VALUE.exec(rest);
    const value = pair ? (pair[2] ?? '') : rest;
    if (pair && value.startsWith('{{')) {
      return offset + column + (rest.length - value.length);
    }
    const quote = value[0];
    if ((quote === '"' || quote === "'") && closingQuoteAt(value, 1, quote) < 0) openQuote = quote;
    // Lines indented deeper than the key (or the sequence dash) that opened a block scalar are its content.
    if (BLOCK_SCALAR_HEADER.test(value)) blockParentColumn = pair ? itemColumn : Math.max(itemColumn - 2, 0);
  }
  return undefined;
}

/** Offset of the quote that closes a quoted scalar in `text` from `from`, or -1 when it goes on. */
function closingQuoteAt(text: string, from: number, quote: '"' | "'"): number {
  for (let index = from; index < text.length; index++) {
    const character = text[index];
    if (quote === '"' && character === '\\') {
      index++;
    } else if (character === quote) {
      // In single quotes, two quotes in a row are an escaped quote.
      if (quote === "'" && text[index + 1] === "'") index++;
      else return index;
    }
  }
  return -1;
}
