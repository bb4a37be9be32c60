import type { ComplianceReport, EvidenceItem } from '../compliance/assess.js';
import type { ComplianceStatus } from '../compliance/status.js';
import type { Finding, SuppressedFinding } from '../engine/finding.js';
import type { ObjectRef } from '../model/object.js';
import { formatPath } from '../model/path.js';

/** A finding as the compliance report lists it: located, without fix edits. */
export interface ComplianceJsonFinding {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly object?: ObjectRef;
  readonly path: string;
  /** The reason given in the suppression annotation, for accepted findings. */
  readonly suppressionReason?: string;
}

export interface ComplianceJson {
  readonly tool: ComplianceReport['tool'];
  readonly framework: ComplianceReport['framework'];
  readonly generatedAt: string;
  readonly scope: string;
  readonly summary: ComplianceReport['summary'];
  readonly checklist: readonly {
    readonly id: string;
    readonly title: string;
    readonly status: ComplianceStatus;
    readonly reason: string;
    readonly responsibility?: string;
    readonly requirements: readonly { readonly id: string; readonly status: ComplianceStatus }[];
    readonly rules: readonly string[];
    readonly findings: number;
  }[];
  readonly requirements: readonly {
    readonly id: string;
    readonly title: string;
    readonly specification?: 'R' | 'A';
    readonly summary: string;
    readonly status: ComplianceStatus;
    readonly reason: string;
    readonly responsibility?: string;
    readonly rules: readonly string[];
    readonly evidence: readonly EvidenceItem[];
    readonly findings: readonly ComplianceJsonFinding[];
    readonly accepted: readonly ComplianceJsonFinding[];
    readonly actions: readonly { readonly text: string; readonly ruleId?: string; readonly findings?: number }[];
  }[];
}

/** Builds the JSON form of a compliance report, with every evidence object and finding. */
export function buildComplianceJson(report: ComplianceReport): ComplianceJson {
  return {
    tool: report.tool,
    framework: report.framework,
    generatedAt: report.generatedAt,
    scope: report.scope,
    summary: report.summary,
    checklist: report.checklist.map((result) => ({
      id: result.item.id,
      title: result.item.title,
      status: result.status,
      reason: result.reason,
      ...(result.item.responsibility ? { responsibility: result.item.responsibility } : {}),
      requirements: result.cells.map((cell) => ({ id: cell.requirementId, status: cell.status })),
      rules: result.ruleIds,
      findings: result.findings,
    })),
    requirements: report.requirements.map((result) => ({
      id: result.requirement.id,
      title: result.requirement.title,
      ...(result.requirement.specification ? { specification: result.requirement.specification } : {}),
      summary: result.requirement.summary,
      status: result.status,
      reason: result.reason,
      ...(result.requirement.responsibility ? { responsibility: result.requirement.responsibility } : {}),
      rules: result.ruleIds,
      evidence: result.evidence,
      findings: result.findings.map(compactFinding),
      accepted: result.suppressed.map(compactFinding),
      actions: result.actions,
    })),
  };
}

export function formatComplianceJson(report: ComplianceReport): string {
  return `${JSON.stringify(buildComplianceJson(report), null, 2)}\n`;
}

function compactFinding(finding: Finding | SuppressedFinding): ComplianceJsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: finding.file,
    line: finding.range.startLine,
    column: finding.range.startColumn,
    endLine: finding.range.endLine,
    endColumn: finding.range.endColumn,
    ...(finding.object ? { object: finding.object } : {}),
    path: formatPath(finding.path),
    ...('suppression' in finding ? { suppressionReason: finding.suppression.reason } : {}),
  };
}
