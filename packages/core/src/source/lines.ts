/** A position in a source text: 1-based line and column, in UTF-16 code units like LSP and SARIF. */
export interface LinePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps offsets of one text to line and column positions. Built once per text, on first use. A
 * byte order mark takes no column, because editors neither show it nor count it.
 */
export class LineIndex {
  readonly #lineStarts: number[];
  /** Code units before the first column of line 1: 1 after a byte order mark, else 0. */
  readonly #firstLineOffset: number;

  constructor(text: string) {
    this.#firstLineOffset = text.startsWith('\uFEFF') ? 1 : 0;
    const starts = [0];
    let next = text.indexOf('\n');
    while (next !== -1) {
      starts.push(next + 1);
      next = text.indexOf('\n', next + 1);
    }
    this.#lineStarts = starts;
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** Returns the 1-based line and column of an offset. */
  position(offset: number): LinePosition {
    const starts = this.#lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    const lineStart = (starts[low] ?? 0) + (low === 0 ? this.#firstLineOffset : 0);
    return { line: low + 1, column: Math.max(offset - lineStart, 0) + 1 };
  }

  /** Returns the offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    const index = Math.min(Math.max(line - 1, 0), this.#lineStarts.length - 1);
    const start = (this.#lineStarts[index] ?? 0) + (index === 0 ? this.#firstLineOffset : 0);
    return start + column - 1;
  }
}
