import { applyFixes, type Finding } from '@kubeharden/core';

// Each pass applies the fixes that do not overlap; later passes pick up the ones skipped.
// ESLint stops after 10 passes as well, which bounds a pair of rules that undo each other.
const MAX_PASSES = 10;

/**
 * Applies every automatic fix (never a suggestion, which changes behaviour) of a file's findings,
 * checking the text again after each pass. Returns the fixed text, which equals `text` when
 * nothing was fixable.
 */
export function fixAllText(text: string, findingsOf: (text: string) => readonly Finding[]): string {
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = findingsOf(current).flatMap((finding) => (finding.fix ? [finding.fix] : []));
    if (fixes.length === 0) break;
    const result = applyFixes(current, fixes);
    if (result.applied.length === 0 || result.output === current) break;
    current = result.output;
  }
  return current;
}
