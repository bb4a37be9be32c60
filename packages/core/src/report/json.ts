import type { CheckStatistics } from '../engine/run.js';
import type { Finding, SuppressedFinding } from '../engine/finding.js';
import { countFindings, type FindingCounts } from './summary.js';

export interface JsonReport {
  readonly tool: { readonly name: 'kubeharden'; readonly version: string };
  readonly summary: FindingCounts & { readonly suppressed: number } & CheckStatistics;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}

/** Builds the JSON report: every finding with its range and fixes, and the suppressed ones. */
export function buildJsonReport(
  findings: readonly Finding[],
  suppressed: readonly SuppressedFinding[],
  statistics: CheckStatistics,
  version: string,
): JsonReport {
  return {
    tool: { name: 'kubeharden', version },
    summary: { ...countFindings(findings), suppressed: suppressed.length, ...statistics },
    findings,
    suppressed,
  };
}

export function formatJson(report: JsonReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
