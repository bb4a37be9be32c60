/**
 * Edit distance between two field names with case ignored, counting an insertion, a deletion, a
 * substitution or a swap of two adjacent characters as one edit (optimal string alignment).
 */
export function editDistance(first: string, second: string): number {
  const a = first.toLowerCase();
  const b = second.toLowerCase();
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[] = new Array<number>(rows * columns).fill(0);
  const at = (row: number, column: number): number => table[row * columns + column]!;

  for (let row = 0; row < rows; row++) table[row * columns] = row;
  for (let column = 0; column < columns; column++) table[column] = column;
  for (let row = 1; row < rows; row++) {
    for (let column = 1; column < columns; column++) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1;
      let best = Math.min(
        at(row - 1, column) + 1,
        at(row, column - 1) + 1,
        at(row - 1, column - 1) + cost,
      );
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) {
        best = Math.min(best, at(row - 2, column - 2) + 1);
      }
      table[row * columns + column] = best;
    }
  }
  return at(rows - 1, columns - 1);
}

/**
 * Returns the largest distance at which a known name counts as a likely misspelling. Names of up
 * to 3 characters allow only a change of case, names of up to 7 one edit, longer names two, so
 * that short names such as `port` and `path` are not taken for each other's typos.
 */
function maxDistance(name: string): number {
  if (name.length <= 3) return 0;
  return name.length <= 7 ? 1 : 2;
}

/** Returns the known names close to `name`, closest first; names at the same distance keep their order. */
export function closeNames(name: string, known: readonly string[]): string[] {
  const limit = maxDistance(name);
  return known
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .map(({ candidate }) => candidate);
}

/** Returns the single closest name, or `undefined` when none is close or several tie. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = maxDistance(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance > limit) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  return tied ? undefined : best;
}
