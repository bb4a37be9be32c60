import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

import type { Path } from '../model/path.js';
import { isMergeKey } from './schema.js';

/** Where a path ends in a parsed document: the deepest existing node and the pair that holds it. */
export interface Location {
  /** How many segments of the path exist; equal to the path's length when all of it exists. */
  readonly depth: number;
  /** The node at `path.slice(0, depth)`, with aliases resolved to their anchored node. */
  readonly node: Node | null;
  /** The mapping pair whose value is `node`, when the last existing segment is a key. */
  readonly pair?: Pair;
  /**
   * How many segments lead to the first node reached through an alias or a `<<` merge key, or
   * `undefined` when the walk never left the document's own text. From there on, `node` and
   * `pair` may sit in an anchored node that other places share, so editing them edits those too.
   */
  readonly sharedFrom?: number;
  /** True when `pair` came from a `<<` merge key rather than from the mapping itself. */
  readonly merged?: boolean;
}

/** Resolves an alias to the node it names; other nodes are returned as they are. */
export function resolveAlias(tree: Document.Parsed, node: unknown): Node | null {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 64; hops++) {
    current = current.resolve(tree) ?? null;
  }
  return (current as Node | null) ?? null;
}

/** Finds a key's pair in a mapping, looking through `<<` merge keys as YAML 1.1 defines them. */
export function findPair(tree: Document.Parsed, map: Node, key: string, budget = 64): Pair | undefined {
  return findPairSource(tree, map, key, budget)?.pair;
}

/** Finds a key's pair in a mapping, and whether it came from a `<<` merge key. */
function findPairSource(
  tree: Document.Parsed,
  map: Node,
  key: string,
  budget: number,
): { pair: Pair; merged: boolean } | undefined {
  if (!isMap(map) || budget <= 0) return undefined;

  // Explicit keys win over merged ones, and the last explicit occurrence wins like in toJS.
  let found: Pair | undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && !isMergeKey(item.key) && String(item.key.value) === key) {
      found = item;
    }
  }
  if (found) return { pair: found, merged: false };

  // Earlier sources of a merge win over later ones, as YAML 1.1 defines for `<<: [*a, *b]`.
  for (const item of map.items) {
    if (!isPair(item) || !isMergeKey(item.key)) continue;
    const source = resolveAlias(tree, item.value);
    const sources = isSeq(source) ? source.items.map((entry) => resolveAlias(tree, entry)) : [source];
    for (const merged of sources) {
      if (!merged) continue;
      const pair = findPair(tree, merged, key, budget - 1);
      if (pair) return { pair, merged: true };
    }
  }
  return undefined;
}

/** Walks `path` from the document root as far as it exists. */
export function locate(tree: Document.Parsed, path: Path): Location {
  let node = resolveAlias(tree, tree.contents);
  let pair: Pair | undefined;
  let depth = 0;
  let sharedFrom: number | undefined;
  let merged = false;

  for (const segment of path) {
    let raw: unknown;
    if (typeof segment === 'number') {
      if (!isSeq(node)) break;
      raw = node.items[segment];
      if (raw === undefined) break;
      pair = undefined;
      merged = false;
    } else {
      if (!node || !isMap(node)) break;
      const found = findPairSource(tree, node, segment, 64);
      if (!found) break;
      pair = found.pair;
      raw = found.pair.value;
      merged = found.merged;
      if (merged) sharedFrom ??= depth + 1;
    }
    if (isAlias(raw)) sharedFrom ??= depth + 1;
    node = resolveAlias(tree, raw);
    depth++;
  }
  return { depth, node, pair, merged, ...(sharedFrom === undefined ? {} : { sharedFrom }) };
}
