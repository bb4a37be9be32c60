/**
 * Compares strings by UTF-16 code units. For the ASCII names of Kubernetes objects this is the
 * byte order in which netpol-analyzer sorts its output.
 */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Compares unsigned address values, for sorting. */
export function compareBigInts(a: bigint, b: bigint): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
