import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Alias,
  type Document,
  type Node,
  type Tags,
} from 'yaml';

import type { SourceLimits } from './limits.js';
import type { SourceProblem } from './problems.js';
import type { DocumentSpan } from './split.js';

/** A parsed document: the `yaml` syntax tree, its plain value, and where it sits in the file. */
export interface ParsedDocument {
  readonly span: DocumentSpan;
  /** The syntax tree; offsets in it are relative to `span.start`. */
  readonly tree: Document.Parsed;
  /** The plain value as kubectl reads it, or `undefined` when problems made it unreliable. */
  readonly value: unknown;
  readonly problems: readonly SourceProblem[];
}

// kubectl reads YAML through go-yaml v2, which follows YAML 1.1 for booleans (yes, no, on, off,
// y, n), octal (0644) and merge keys, but reads sexagesimal numbers (1:30) and timestamps as
// strings. The `yaml` package's 1.1 schema would turn those into numbers and dates.
const KUBECTL_EXCLUDED_TAG_FORMATS = new Set(['TIME']);

function kubectlTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    if (typeof tag === 'string') return true;
    if (tag.tag === 'tag:yaml.org,2002:timestamp') return false;
    return !('format' in tag && tag.format && KUBECTL_EXCLUDED_TAG_FORMATS.has(tag.format));
  });
}

/** Parses one document of a stream as kubectl would, collecting problems instead of throwing. */
export function parseDocumentSpan(
  text: string,
  span: DocumentSpan,
  limits: SourceLimits,
): ParsedDocument {
  const problems: SourceProblem[] = [];
  const body = text.slice(span.start, span.end);
  const shift = span.start;

  let tree: Document.Parsed;
  try {
    tree = parseDocument(body, {
      version: '1.1',
      merge: true,
      uniqueKeys: false,
      prettyErrors: false,
      customTags: kubectlTags,
    });
  } catch (error) {
    // The composer recurses once per nesting level; a stack overflow means hostile depth.
    problems.push(limitProblem(error, span));
    return { span, tree: parseDocument(''), value: undefined, problems };
  }

  // One syntax error per document: the first one, because later ones are mostly its echoes.
  const error = tree.errors[0];
  if (error) {
    const overflow = /call stack/i.test(error.message);
    problems.push({
      code: overflow ? 'limit' : 'syntax',
      message: overflow ? DEPTH_MESSAGE : describeSyntaxError(error.code, error.message),
      start: shift + error.pos[0],
      end: shift + Math.max(error.pos[1], error.pos[0] + 1),
    });
    return { span, tree, value: undefined, problems };
  }

  const depthProblem = checkStructure(tree, shift, limits.maxDepth, problems);
  if (depthProblem || problems.length > 0) return { span, tree, value: undefined, problems };

  let value: unknown;
  try {
    value = tree.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    problems.push(limitProblem(error, span));
    return { span, tree, value: undefined, problems };
  }
  return { span, tree, value, problems };
}

const DEPTH_MESSAGE =
  'Document is nested too deeply to parse safely; flatten it or split it into smaller documents.';

function limitProblem(error: unknown, span: DocumentSpan): SourceProblem {
  const reason = error instanceof Error ? error.message : String(error);
  const message =
    error instanceof RangeError
      ? DEPTH_MESSAGE
      : /alias/i.test(reason)
        ? `Document expands too many aliases (${reason}); remove the alias chain or expand it by hand.`
        : `Document could not be read: ${reason}.`;
  return { code: 'limit', message, start: span.start, end: Math.min(span.end, span.start + 1) };
}

// The `yaml` package's messages end with a source excerpt when `prettyErrors` is on; with it
// off they are single sentences, to which this adds what the user can do.
function describeSyntaxError(code: string, message: string): string {
  const sentence = message.replace(/\s+$/, '').replace(/([^.])$/, '$1.');
  const capitalised = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  switch (code) {
    case 'TAB_AS_INDENT':
      return `${capitalised} Indent with spaces; YAML does not allow tabs in indentation.`;
    case 'MULTIPLE_DOCS':
      return `${capitalised} Separate documents with a line that starts with "---".`;
    default:
      return `Invalid YAML: ${capitalised}`;
  }
}

/** Reports an alias that points at a node containing it, which would make the value infinite. */
function checkAlias(tree: Document.Parsed, alias: Alias, shift: number, problems: SourceProblem[]): void {
  const source = alias.resolve(tree);
  if (!source?.range || !alias.range) return;
  if (alias.range[0] >= source.range[0] && alias.range[1] <= source.range[2]) {
    problems.push({
      code: 'limit',
      message: `Alias "*${alias.source}" refers to a node that contains it, which makes the value infinite; replace the alias with the content it should have.`,
      start: shift + alias.range[0],
      end: shift + alias.range[1],
    });
  }
}

/**
 * Walks the tree once to bound its depth and to find duplicate keys. Both occurrences of a
 * duplicate key are reported, because a lenient parser keeps only one of them silently.
 * Returns true when the depth bound was exceeded.
 */
function checkStructure(
  tree: Document.Parsed,
  shift: number,
  maxDepth: number,
  problems: SourceProblem[],
): boolean {
  const stack: { node: Node; depth: number }[] = [];
  const root = tree.contents as Node | null;
  if (root) stack.push({ node: root, depth: 1 });
  const reported = new Set<Node>();

  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > maxDepth) {
      const [start] = node.range ?? [0];
      problems.push({
        code: 'limit',
        message: `Document nests deeper than ${maxDepth} levels; flatten it or split it into smaller documents.`,
        start: shift + start,
        end: shift + start + 1,
      });
      return true;
    }

    if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (isScalar(key) && key.value !== '<<' && key.range) {
          const name = String(key.value);
          const first = seen.get(name);
          if (first?.range) {
            for (const occurrence of reported.has(first) ? [key] : [first, key]) {
              reported.add(occurrence);
              problems.push({
                code: 'duplicate-key',
                message: `Duplicate key "${name}" in one mapping; remove one of its occurrences, because tools disagree on which one wins.`,
                start: shift + occurrence.range![0],
                end: shift + occurrence.range![1],
              });
            }
          } else {
            seen.set(name, key);
          }
        }
        if (isAlias(pair.value)) checkAlias(tree, pair.value, shift, problems);
        else if (pair.value) stack.push({ node: pair.value as Node, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isAlias(item)) checkAlias(tree, item, shift, problems);
        else if (item) stack.push({ node: item as Node, depth: depth + 1 });
      }
    }
  }
  return false;
}
