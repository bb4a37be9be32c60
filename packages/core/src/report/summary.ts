import type { Finding } from '../engine/finding.js';

export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings that carry a fix that keeps behaviour. */
  readonly fixable: number;
  /** Findings that carry only suggestions. */
  readonly withSuggestions: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  let withSuggestions = 0;
  for (const finding of findings) {
    if (finding.severity === 'error') errors++;
    else if (finding.severity === 'warning') warnings++;
    else infos++;
    if (finding.fix) fixable++;
    else if (finding.suggestions?.length) withSuggestions++;
  }
  return { errors, warnings, infos, fixable, withSuggestions };
}
