import type { ComplianceReport, EvidenceItem, RequirementResult } from '../compliance/assess.js';
import { STATUS_LABELS } from '../compliance/status.js';
import { ruleDocsUrl } from '../rules/docs-url.js';
import {
  cellsSentence,
  DISCLAIMER,
  findingLocation,
  findingsSentence,
  MAX_LISTED_EVIDENCE,
  MAX_LISTED_FINDINGS,
  objectLabel,
  reportDate,
  requirementAnchor,
  requirementHeading,
  statusCountsSentence,
} from './compliance-common.js';

/** Renders a compliance report as GitHub-flavoured Markdown: summary and checklist, then details. */
export function formatComplianceMarkdown(report: ComplianceReport): string {
  const lines: string[] = [];
  const { summary } = report;

  lines.push(`# ${report.framework.name} compliance report`, '');
  lines.push('| | |', '| --- | --- |');
  lines.push(`| Scope | ${cell(report.scope)} |`);
  lines.push(`| Date | ${reportDate(report)} |`);
  const publisher = report.framework.organization ? `, ${report.framework.organization}` : '';
  lines.push(`| Framework | ${cell(`${report.framework.name} (${report.framework.source}${publisher})`)} |`);
  lines.push(`| Tool | kubeharden ${cell(report.tool.version)}, ${summary.rules} rules |`);
  lines.push('', `> ${DISCLAIMER}`, '');

  lines.push('## Summary', '');
  lines.push(`Requirements: ${statusCountsSentence(summary.requirements)}.`, '');
  lines.push(`${findingsSentence(summary)}`, '');

  if (report.checklist.length > 0) {
    lines.push('### Checklist', '');
    lines.push('| Safeguard | Status | Requirements | Findings |', '| --- | --- | --- | --- |');
    for (const result of report.checklist) {
      const detail = result.item.responsibility && result.status === 'not-checkable'
        ? `${result.cells.map((entry) => entry.requirementId).join(', ')}; ${result.item.responsibility}'s responsibility`
        : cellsSentence(result);
      lines.push(
        `| ${cell(result.item.title)} | ${STATUS_LABELS[result.status]} | ${cell(detail)} | ${result.findings} |`,
      );
    }
    lines.push('');
  }

  lines.push('### Requirements', '');
  lines.push('| Requirement | Status | Findings | Evidence |', '| --- | --- | --- | --- |');
  for (const result of report.requirements) {
    const link = `[${cell(requirementHeading(result))}](#${requirementAnchor(result.requirement.id)})`;
    lines.push(`| ${link} | ${STATUS_LABELS[result.status]} | ${result.findings.length} | ${result.evidence.length} |`);
  }
  lines.push('');

  lines.push('## Details', '');
  for (const result of report.requirements) lines.push(...requirementSection(result));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function requirementSection(result: RequirementResult): string[] {
  const lines: string[] = [];
  lines.push(`<a id="${requirementAnchor(result.requirement.id)}"></a>`, '');
  lines.push(`### ${requirementHeading(result)}`, '');
  lines.push(`**Status: ${STATUS_LABELS[result.status]}.** ${result.reason}`, '');
  lines.push(`${result.requirement.summary}`, '');
  if (result.requirement.responsibility) {
    lines.push(`Responsibility: ${result.requirement.responsibility}.`, '');
  }
  if (result.ruleIds.length > 0) {
    lines.push(`Rules: ${result.ruleIds.map((id) => `\`${id}\``).join(', ')}.`, '');
  }

  if (result.findings.length > 0) {
    lines.push(`#### Findings that break it (${result.findings.length})`, '');
    lines.push('| Severity | Location | Object | Message | Rule |', '| --- | --- | --- | --- | --- |');
    for (const finding of result.findings.slice(0, MAX_LISTED_FINDINGS)) {
      const object = finding.object ? objectLabel(finding.object) : '';
      lines.push(
        `| ${finding.severity} | ${cell(findingLocation(finding))} | ${cell(object)} | ${cell(finding.message)} | [${finding.ruleId}](${ruleDocsUrl(finding.ruleId)}) |`,
      );
    }
    lines.push(...more(result.findings.length, MAX_LISTED_FINDINGS, 'findings'), '');
  }

  if (result.suppressed.length > 0) {
    lines.push(`#### Accepted by annotation (${result.suppressed.length})`, '');
    for (const finding of result.suppressed.slice(0, MAX_LISTED_FINDINGS)) {
      const object = finding.object ? `${objectLabel(finding.object)}, ` : '';
      lines.push(`- ${object}${findingLocation(finding)}: ${finding.message} Reason: ${finding.suppression.reason}`);
    }
    lines.push(...more(result.suppressed.length, MAX_LISTED_FINDINGS, 'accepted findings'), '');
  }

  lines.push(`#### Evidence (${result.evidence.length})`, '');
  if (result.evidence.length === 0) lines.push('None found.');
  for (const item of result.evidence.slice(0, MAX_LISTED_EVIDENCE)) lines.push(`- ${evidenceText(item)}`);
  lines.push(...more(result.evidence.length, MAX_LISTED_EVIDENCE, 'evidence items'), '');

  if (result.actions.length > 0) {
    lines.push('#### What to do', '');
    for (const action of result.actions) {
      const source = action.ruleId ? ` (\`${action.ruleId}\`, ${action.findings} finding${action.findings === 1 ? '' : 's'})` : '';
      lines.push(`- ${action.text}${source}`);
    }
    lines.push('');
  }
  return lines;
}

function evidenceText(item: EvidenceItem): string {
  if (!item.object) return item.description;
  const where = item.file ? ` in ${item.file}${item.line ? `:${item.line}` : ''}` : '';
  return `${objectLabel(item.object)}${where}: ${item.description}`;
}

function more(total: number, shown: number, what: string): string[] {
  return total > shown ? ['', `…and ${total - shown} more ${what} (the JSON report lists them all).`] : [];
}

/** Makes text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}
