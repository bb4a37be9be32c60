import { Document, isMap, isScalar, isSeq, Scalar, visit, type Node, type Tags } from 'yaml';

import type { SourceDocument } from './file.js';
import { kubectlTags } from './schema.js';

/** Layout of block collections, read from a document so that inserted text matches it. */
export interface BlockLayout {
  /** Spaces between the column of a key and the column of the mapping nested under it. */
  readonly indent: number;
  /** Whether a sequence under a key is indented (`key:\n  - a`) or starts at the key's column. */
  readonly indentSeq: boolean;
}

export const DEFAULT_LAYOUT: BlockLayout = { indent: 2, indentSeq: true };

const MERGE_TAG = 'tag:yaml.org,2002:merge';

// Without the merge tag a `<<` key is an ordinary string, which the visitor below quotes.
function renderTags(tags: Tags): Tags {
  return kubectlTags(tags).filter((tag) => typeof tag === 'string' || tag.tag !== MERGE_TAG);
}

/**
 * Renders a value as YAML text, without a final newline, that kubectl reads back as the same
 * value. Strings that YAML 1.1 or Go would read as another type are quoted (`"yes"`, `"0644"`,
 * `"0o644"`), and so is a `<<` key. In flow style, strings with line breaks are double-quoted
 * with escapes so the text stays on one line. Strings with a colon are quoted there too, because
 * the scanner of older gopkg.in/yaml.v2 releases rejects `a:b` inside a flow collection.
 */
export function render(value: unknown, style: 'block' | 'flow', layout: BlockLayout): string {
  const document = new Document(value, {
    version: '1.1',
    customTags: renderTags,
    aliasDuplicateObjects: false,
  });
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      const oneLine = style === 'flow' && /[\n\r\u0085\u2028\u2029]/.test(node.value);
      const colonInFlow = style === 'flow' && node.value.includes(':');
      if (node.value === '<<' || oneLine || colonInFlow) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const text = document.toString({
    indent: layout.indent,
    indentSeq: layout.indentSeq,
    // `any` keeps new collections in block style but writes an empty one as `{}` or `[]` on
    // its key's line, where `block` would put it on a line of its own.
    collectionStyle: style === 'flow' ? 'flow' : 'any',
    flowCollectionPadding: false,
    doubleQuotedAsJSON: true,
    lineWidth: 0,
  });
  return text.replace(/\r?\n$/, '');
}

/** Column (from 0) of an offset in a text, not counting a byte order mark before the first line. */
export function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const byteOrderMark = lineStart === 0 && text.startsWith('\uFEFF') && offset > 0 ? 1 : 0;
  return offset - lineStart - byteOrderMark;
}

/**
 * Reads the indentation step and the sequence style of a document from its first block mapping
 * and its first block sequence under a key, in breadth-first order. A document without them
 * gets the defaults.
 */
export function layoutOf(document: SourceDocument): BlockLayout {
  const { tree } = document.parse();
  const text = document.file.text;
  const shift = document.span.start;
  let indent: number | undefined;
  let indentSeq: boolean | undefined;

  const pending: unknown[] = [tree.contents];
  for (let next = 0; next < pending.length; next++) {
    if (indent !== undefined && indentSeq !== undefined) break;
    const node = pending[next];
    if (isSeq(node)) pending.push(...node.items);
    if (!isMap(node)) continue;

    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!isMap(value) && !isSeq(value)) continue;
      pending.push(value);
      if (value.flow || !value.range || !isScalar(key) || !key.range) continue;

      const keyColumn = columnOf(text, shift + key.range[0]);
      const valueColumn = columnOf(text, shift + value.range[0]);
      if (isMap(value) && indent === undefined && valueColumn > keyColumn)
        indent = valueColumn - keyColumn;
      if (isSeq(value) && indentSeq === undefined) indentSeq = valueColumn > keyColumn;
    }
  }
  return {
    indent: indent ?? DEFAULT_LAYOUT.indent,
    indentSeq: indentSeq ?? DEFAULT_LAYOUT.indentSeq,
  };
}
