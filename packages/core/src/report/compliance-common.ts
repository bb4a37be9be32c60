import type { ChecklistResult, ComplianceReport, ComplianceSummary, RequirementResult } from '../compliance/assess.js';
import { COMPLIANCE_STATUSES, STATUS_LABELS, type ComplianceStatus } from '../compliance/status.js';
import type { Finding } from '../engine/finding.js';
import type { ObjectRef } from '../model/object.js';

// Lists longer than this are cut in the Markdown and HTML reports, which a person reads; the
// JSON report always has every item.
export const MAX_LISTED_FINDINGS = 100;
export const MAX_LISTED_EVIDENCE = 30;

/** `Kind/namespace/name` or `Kind/name`. */
export function objectLabel(ref: ObjectRef): string {
  const name = ref.name ?? '<unnamed>';
  return ref.namespace === undefined ? `${ref.kind}/${name}` : `${ref.kind}/${ref.namespace}/${name}`;
}

/** `file:line:column` of a finding. */
export function findingLocation(finding: Finding): string {
  return `${finding.file}:${finding.range.startLine}:${finding.range.startColumn}`;
}

/** The requirement's citation and title, with R or A for its implementation specification. */
export function requirementHeading(result: RequirementResult): string {
  const { requirement } = result;
  let specification = '';
  if (requirement.specification === 'R') specification = ' (required)';
  if (requirement.specification === 'A') specification = ' (addressable)';
  return `${requirement.id} ${requirement.title}${specification}`;
}

/** Counts of requirements by status, in a sentence: "3 met, 1 partly met, …". */
export function statusCountsSentence(counts: Readonly<Record<ComplianceStatus, number>>): string {
  return COMPLIANCE_STATUSES.map((status) => `${counts[status]} ${STATUS_LABELS[status].toLowerCase()}`).join(', ');
}

/** Date and time of the report as `YYYY-MM-DD HH:MM UTC`. */
export function reportDate(report: ComplianceReport): string {
  return `${report.generatedAt.slice(0, 10)} ${report.generatedAt.slice(11, 16)} UTC`;
}

/** Lists the cells of a checklist item as text, e.g. "164.312(b): met". */
export function cellsSentence(result: ChecklistResult): string {
  return result.cells.map((cell) => `${cell.requirementId}: ${STATUS_LABELS[cell.status].toLowerCase()}`).join('; ');
}

/** Anchor id of a requirement's section, made of letters, digits and dashes. */
export function requirementAnchor(id: string): string {
  return `requirement-${id.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

export const DISCLAIMER =
  'This report shows what Kubernetes manifests can give evidence for. It is not a certification: procedural safeguards, cluster configuration outside the manifests and the organisation’s policies need their own review.';

/** Counts the findings of a report in a sentence. */
export function findingsSentence(summary: ComplianceSummary): string {
  const accepted = summary.suppressed > 0 ? `; ${summary.suppressed} accepted by annotation` : '';
  return `Findings: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.infos} info${accepted}, over ${plural(summary.objects, 'object')} in ${plural(summary.files, 'file')}.`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
