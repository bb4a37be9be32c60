import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

import type { Path } from '../model/path.js';

/** Where a path ends in a parsed document: the deepest existing node and the pair that holds it. */
export interface Location {
  /** How many segments of the path exist; equal to the path's length when all of it exists. */
  readonly depth: number;
  /** The node at `path.slice(0, depth)`, with aliases resolved to their anchored node. */
  readonly node: Node | null;
  /** The mapping pair whose value is `node`, when the last existing segment is a key. */
  readonly pair?: Pair;
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
  if (!isMap(map) || budget <= 0) return undefined;

  // Explicit keys win over merged ones, and the last explicit occurrence wins like in toJS.
  let found: Pair | undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value !== '<<' && String(item.key.value) === key) {
      found = item;
    }
  }
  if (found) return found;

  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key) || item.key.value !== '<<') continue;
    const source = resolveAlias(tree, item.value);
    const sources = isSeq(source) ? source.items.map((entry) => resolveAlias(tree, entry)) : [source];
    for (const merged of sources) {
      if (!merged) continue;
      const pair = findPair(tree, merged, key, budget - 1);
      if (pair) return pair;
    }
  }
  return undefined;
}

/** Walks `path` from the document root as far as it exists. */
export function locate(tree: Document.Parsed, path: Path): Location {
  let node = resolveAlias(tree, tree.contents);
  let pair: Pair | undefined;
  let depth = 0;

  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!isSeq(node)) break;
      const item = node.items[segment];
      if (item === undefined) break;
      node = resolveAlias(tree, item);
      pair = undefined;
    } else {
      if (!node || !isMap(node)) break;
      const found = findPair(tree, node, segment);
      if (!found) break;
      pair = found;
      node = resolveAlias(tree, found.value);
    }
    depth++;
  }
  return { depth, node, pair };
}
