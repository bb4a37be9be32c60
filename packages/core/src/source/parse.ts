import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  parseDocument,
  Parser,
  YAMLParseError,
  type Alias,
  type CST,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';

import type { SourceLimits } from './limits.js';
import type { SourceProblem } from './problems.js';
import { isMergeKey, kubectlTags } from './schema.js';
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

const PARSE_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  customTags: kubectlTags,
} as const;

/** Parses one document of a stream as kubectl would, collecting problems instead of throwing. */
export function parseDocumentSpan(
  text: string,
  span: DocumentSpan,
  limits: SourceLimits,
): ParsedDocument {
  const problems: SourceProblem[] = [];
  const body = text.slice(span.start, span.end);
  const shift = span.start;

  const tokens = parseTokens(body, limits.maxDepth);
  if (tokens.tooDeepAt !== undefined) {
    problems.push(depthProblem(limits.maxDepth, shift + tokens.tooDeepAt));
    return { span, tree: parseDocument(''), value: undefined, problems };
  }

  let tree: Document.Parsed;
  try {
    tree = compose(tokens.tokens, body.length);
  } catch (error) {
    // The composer recurses once per nesting level. The token check above keeps the depth low,
    // so this catch is a safety net for call stacks smaller than usual.
    problems.push(limitProblem(error, span));
    return { span, tree: parseDocument(''), value: undefined, problems };
  }

  // One syntax error per document: the first one, because later ones are mostly its echoes.
  const error = tree.errors[0];
  if (error) {
    // An error at the end of input (an unclosed bracket) points at the last character of the
    // document, so its line is this document's and not the separator after it.
    const contentEnd = Math.max(body.trimEnd().length, 1);
    const start = Math.min(error.pos[0], contentEnd - 1);
    problems.push({
      code: 'syntax',
      message: describeSyntaxError(error.code, error.message),
      start: shift + start,
      end: shift + Math.max(Math.min(error.pos[1], contentEnd), start + 1),
    });
    return { span, tree, value: undefined, problems };
  }

  const tooDeep = checkStructure(tree, shift, limits.maxDepth, problems);
  if (tooDeep || problems.length > 0) return { span, tree, value: undefined, problems };

  const excessive = findExcessiveAlias(tree, limits.maxAliasCount);
  if (excessive?.range) {
    problems.push({
      code: 'limit',
      message: `Document expands more than ${limits.maxAliasCount} aliases when alias "*${excessive.source}" is expanded; write the repeated content out or use fewer nested aliases.`,
      start: shift + excessive.range[0],
      end: shift + excessive.range[1],
    });
    return { span, tree, value: undefined, problems };
  }

  let value: unknown;
  try {
    // The expansion count above bounds aliases, so the `yaml` package's own count is off.
    value = tree.toJS({ maxAliasCount: -1 });
  } catch (error) {
    problems.push(limitProblem(error, span));
    return { span, tree, value: undefined, problems };
  }
  return { span, tree, value, problems };
}

// The parser keeps one stack entry per open collection, plus the document and at most a few
// entries for the pair or scalar being read, so a stack this much deeper than the depth limit
// means the limit is exceeded.
const PARSER_STACK_OVERHEAD = 4;

/**
 * Runs the `yaml` package's lexer and parser, which keep explicit stacks instead of recursing,
 * and stops as soon as the nesting passes the limit. The composer recurses once per level, so
 * deep nesting would overflow its call stack, and only after seconds of work.
 */
function parseTokens(
  body: string,
  maxDepth: number,
): { tokens: CST.Token[]; tooDeepAt?: undefined } | { tokens?: undefined; tooDeepAt: number } {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(body)) {
    const offset = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > maxDepth + PARSER_STACK_OVERHEAD) return { tooDeepAt: offset };
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/** Builds the document from parser tokens, as `parseDocument` of the `yaml` package does. */
function compose(tokens: readonly CST.Token[], length: number): Document.Parsed {
  const documents = [...new Composer(PARSE_OPTIONS).compose(tokens, true, length)];
  const first = documents[0]!;
  const second = documents[1];
  if (second) {
    // The splitter cuts at "---" lines, so a second document here started after a "..." line.
    first.errors.push(
      new YAMLParseError(
        [second.range[0], second.range[1]],
        'MULTIPLE_DOCS',
        'Source contains multiple documents',
      ),
    );
  }
  return first as Document.Parsed;
}

function depthProblem(maxDepth: number, start: number): SourceProblem {
  return {
    code: 'limit',
    message: `Document nests deeper than ${maxDepth} levels; flatten it or split it into smaller documents.`,
    start,
    end: start + 1,
  };
}

const DEPTH_MESSAGE =
  'Document is nested too deeply to parse safely; flatten it or split it into smaller documents.';

function limitProblem(error: unknown, span: DocumentSpan): SourceProblem {
  const reason = error instanceof Error ? error.message : String(error);
  const message =
    error instanceof RangeError ? DEPTH_MESSAGE : `Document could not be read: ${reason}.`;
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

/**
 * Reports an alias that names no anchor before it, or that points at a node containing it,
 * which would make the value infinite.
 */
function checkAlias(
  tree: Document.Parsed,
  alias: Alias,
  shift: number,
  problems: SourceProblem[],
): void {
  const source = alias.resolve(tree);
  if (!alias.range) return;
  if (!source) {
    problems.push({
      code: 'syntax',
      message: `Invalid YAML: alias "*${alias.source}" names no anchor; define "&${alias.source}" before it.`,
      start: shift + alias.range[0],
      end: shift + alias.range[1],
    });
    return;
  }
  if (contains(source, alias)) {
    problems.push({
      code: 'limit',
      message: `Alias "*${alias.source}" refers to a node that contains it, which makes the value infinite; replace the alias with the content it should have.`,
      start: shift + alias.range[0],
      end: shift + alias.range[1],
    });
  }
}

/** True when the text of `inner` lies inside the text of `outer`. */
function contains(outer: Node | undefined, inner: Node): boolean {
  if (!outer?.range || !inner.range) return false;
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[2];
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
      problems.push(depthProblem(maxDepth, shift + start));
      return true;
    }

    if (isMap(node)) {
      checkMerges(tree, node, shift, problems);
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (isScalar(key) && !isMergeKey(key) && key.range) {
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

/**
 * Reports keys whose value depends on the reader because a `<<` merge key sets them too. go-yaml
 * v2, and so kubectl, lets the last writer in document order win, while YAML 1.1 and the `yaml`
 * package keep an explicit key over a merged one and an earlier merge over a later one. Both
 * agree when explicit keys follow the merge keys and no two merge keys set the same key.
 */
function checkMerges(
  tree: Document.Parsed,
  map: YAMLMap,
  shift: number,
  problems: SourceProblem[],
): void {
  const setBy = new Map<string, Node>();
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || !key.range) continue;
    if (!isMergeKey(key)) {
      setBy.set(String(key.value), key);
      continue;
    }

    // A merge of the mapping that contains it is an alias cycle, which checkAlias reports.
    if (isAlias(pair.value) && contains(pair.value.resolve(tree), pair.value)) continue;
    const names = mergedKeys(tree, pair.value, MERGE_NESTING_LIMIT);
    if (names === undefined) {
      problems.push({
        code: 'syntax',
        message:
          'Invalid YAML: merge key "<<" needs a mapping, an alias of one, or a list of them.',
        start: shift + key.range[0],
        end: shift + key.range[1],
      });
      continue;
    }
    const repeated = [...names].filter((name) => setBy.has(name));
    for (const name of repeated) {
      const earlier = setBy.get(name)!;
      problems.push({
        code: 'duplicate-key',
        message: `Key "${name}" is set here and again by a later "<<" merge key; kubectl keeps the merged value and other tools this one, so move the merge key above it.`,
        start: shift + earlier.range![0],
        end: shift + earlier.range![1],
      });
    }
    if (repeated.length > 0) {
      problems.push({
        code: 'duplicate-key',
        message: `Merge key "<<" sets ${repeated.map((name) => `"${name}"`).join(', ')} again after this mapping set ${repeated.length === 1 ? 'it' : 'them'} above; tools disagree on which value wins, so put the merge key first.`,
        start: shift + key.range[0],
        end: shift + key.range[1],
      });
    }
    for (const name of names) setBy.set(name, key);
  }
}

// Merge sources that merge further sources are followed this many levels deep.
const MERGE_NESTING_LIMIT = 16;

/** The keys a `<<` merge value sets, or `undefined` when it is not a mapping or a list of them. */
function mergedKeys(
  tree: Document.Parsed,
  value: unknown,
  budget: number,
): Set<string> | undefined {
  const target = isAlias(value) ? value.resolve(tree) : value;
  const sources = isSeq(target)
    ? target.items.map((item) => (isAlias(item) ? item.resolve(tree) : item))
    : [target];
  const names = new Set<string>();
  for (const source of sources) {
    if (!isMap(source)) return undefined;
    for (const pair of source.items) {
      if (!isScalar(pair.key)) continue;
      if (!isMergeKey(pair.key)) {
        names.add(String(pair.key.value));
      } else if (budget > 0) {
        for (const name of mergedKeys(tree, pair.value, budget - 1) ?? []) names.add(name);
      }
    }
  }
  return names;
}

/**
 * Finds the alias at which the number of aliases met while expanding the document, every alias
 * replaced by its anchored node, passes `limit`. An anchored node ends before its first alias
 * (cycles are reported earlier), so one walk in document order has the count inside each alias
 * target when it reaches the alias, and an alias bomb costs time linear in its text.
 */
function findExcessiveAlias(tree: Document.Parsed, limit: number): Alias | undefined {
  const insideCounts = new Map<unknown, number>();
  let total = 0;
  let found: Alias | undefined;

  const visit = (node: unknown): number => {
    if (isAlias(node)) {
      const count = 1 + (insideCounts.get(node.resolve(tree)) ?? 0);
      total += count;
      if (total > limit) found ??= node;
      return count;
    }
    if (!isMap(node) && !isSeq(node)) return 0;

    let count = 0;
    for (const item of node.items) {
      count += isPair(item) ? visit(item.key) + visit(item.value) : visit(item);
    }
    insideCounts.set(node, count);
    return count;
  };
  visit(tree.contents);
  return found;
}
