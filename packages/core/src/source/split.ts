/** One document of a YAML stream, as offsets into the stream's text. */
export interface DocumentSpan {
  /**
   * Position of the document in the stream, from 0, counting empty documents between two "---"
   * lines too. A "---" on the first content line opens document 0.
   */
  readonly index: number;
  /** Offset of the first character after the separator line (or of the stream start). */
  readonly start: number;
  /** Offset just past the last character of the document. */
  readonly end: number;
  /** The problem found on the separator line that opened this document, if any. */
  readonly separatorProblem?: { readonly start: number; readonly end: number };
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Splits a YAML stream into documents the way kubectl does (apimachinery's YAML reader): a line
 * that starts with `---` at column 0 ends the current document. Only spaces and a comment may
 * follow the marker on that line; anything else is reported as a separator problem. A `---`
 * inside an indented block scalar is content, because it does not start at column 0.
 */
export function splitDocuments(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let start = text.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  let separatorProblem: DocumentSpan['separatorProblem'];
  let lineStart = start;

  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;

    if (text.startsWith('---', lineStart)) {
      // Comments and directives before the first "---" belong to the document it opens; they
      // are no document of their own, for YAML and for kubectl alike.
      const leading = spans.length === 0 && isBlankDocument(text, { index: 0, start, end: lineStart });
      if (!leading) spans.push({ index: spans.length, start, end: lineStart, separatorProblem });
      const rest = text.slice(lineStart + 3, lineEnd).trim();
      separatorProblem =
        rest.length > 0 && !rest.startsWith('#')
          ? { start: lineStart, end: text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd }
          : undefined;
      start = newline === -1 ? text.length : newline + 1;
    }

    if (newline === -1) break;
    lineStart = newline + 1;
  }

  spans.push({ index: spans.length, start, end: text.length, separatorProblem });
  return spans;
}

/** True when a document span holds nothing but blank lines, comments and directives. */
export function isBlankDocument(text: string, span: DocumentSpan): boolean {
  let lineStart = span.start;
  while (lineStart < span.end) {
    let newline = text.indexOf('\n', lineStart);
    if (newline === -1 || newline > span.end) newline = span.end;
    const line = text.slice(lineStart, newline).trim();
    if (line !== '' && !line.startsWith('#') && !line.startsWith('%') && line !== '...') {
      return false;
    }
    lineStart = newline + 1;
  }
  return true;
}
