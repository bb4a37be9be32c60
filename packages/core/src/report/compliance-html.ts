import type { ChecklistResult, ComplianceReport, EvidenceItem, RequirementResult } from '../compliance/assess.js';
import { COMPLIANCE_STATUSES, STATUS_LABELS, type ComplianceStatus } from '../compliance/status.js';
import { ruleDocsUrl } from '../rules/docs-url.js';
import { renderStatusChart, STATUS_COLORS, type ChartRow } from './compliance-chart.js';
import {
  DISCLAIMER,
  findingLocation,
  findingsSentence,
  MAX_LISTED_EVIDENCE,
  MAX_LISTED_FINDINGS,
  objectLabel,
  reportDate,
  requirementAnchor,
  requirementHeading,
} from './compliance-common.js';
import { escapeHtml as e } from './html-escape.js';

/**
 * Renders a compliance report as one self-contained HTML page: inline CSS and SVG, no scripts,
 * and a Content-Security-Policy that forbids loading anything, so it can be mailed or archived.
 */
export function formatComplianceHtml(report: ComplianceReport): string {
  const title = `${report.framework.name} compliance report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="kubeharden ${e(report.tool.version)}">
<title>${e(title)}: ${e(report.scope)}, ${e(report.generatedAt.slice(0, 10))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(title)}</h1>
${metadata(report)}
</header>
<main>
${summarySection(report)}
<section id="details" aria-labelledby="details-title">
<h2 id="details-title">Details by requirement</h2>
${report.requirements.map(requirementSection).join('\n')}
</section>
</main>
<footer>
<p>Made by kubeharden ${e(report.tool.version)} on ${e(reportDate(report))}. ${e(DISCLAIMER)}</p>
</footer>
</body>
</html>
`;
}

function metadata(report: ComplianceReport): string {
  const publisher = report.framework.organization ? `, ${report.framework.organization}` : '';
  const rows: [string, string][] = [
    ['Scope', report.scope],
    ['Date', reportDate(report)],
    ['Framework', `${report.framework.name} (${report.framework.source}${publisher})`],
    ['Tool', `kubeharden ${report.tool.version}, ${report.summary.rules} rules`],
  ];
  return `<dl class="meta">${rows.map(([term, value]) => `<dt>${e(term)}</dt><dd>${e(value)}</dd>`).join('')}</dl>`;
}

function summarySection(report: ComplianceReport): string {
  const { summary } = report;
  const tiles = COMPLIANCE_STATUSES.map(
    (status) =>
      `<div class="tile" style="border-color:${STATUS_COLORS[status]}"><span class="tile-count">${summary.requirements[status]}</span><span class="tile-label">${e(STATUS_LABELS[status])}</span></div>`,
  ).join('');
  const findings = findingsSentence(summary);

  const parts = [
    '<section id="summary" aria-labelledby="summary-title">',
    '<h2 id="summary-title">Summary</h2>',
    `<div class="tiles" aria-label="Requirements by status">${tiles}</div>`,
    `<p>${e(findings)}</p>`,
  ];
  if (report.checklist.length > 0) {
    const chartTitle = 'Safeguards of each checklist area by status';
    parts.push(
      '<figure class="chart-figure">',
      renderStatusChart(report.checklist.map(chartRow), chartTitle),
      `<figcaption>${e(chartTitle)}: every requirement an area supports counts once, judged by the rules of that area.</figcaption>`,
      '</figure>',
      '<h3 id="checklist">Checklist</h3>',
      checklistTable(report.checklist),
    );
  }
  parts.push('<h3 id="requirements">Requirements</h3>', requirementsTable(report.requirements));
  parts.push(`<p class="disclaimer">${e(DISCLAIMER)}</p>`, '</section>');
  return parts.join('\n');
}

function chartRow(result: ChecklistResult): ChartRow {
  const counts: Record<ComplianceStatus, number> = { met: 0, 'partly-met': 0, 'not-met': 0, 'not-checkable': 0 };
  for (const cell of result.cells) counts[cell.status]++;
  return { label: result.item.title, counts };
}

function checklistTable(checklist: readonly ChecklistResult[]): string {
  const rows = checklist.map((result) => {
    const cells = result.cells
      .map(
        (cell) =>
          `<li><a href="#${requirementAnchor(cell.requirementId)}">${e(cell.requirementId)}</a> <span class="mini mini-${cell.status}">${e(STATUS_LABELS[cell.status])}</span></li>`,
      )
      .join('');
    return `<tr><th scope="row">${e(result.item.title)}</th><td>${badge(result.status)}</td><td><ul class="cells">${cells}</ul><span class="note">${e(result.reason)}</span></td><td class="number">${result.findings}</td></tr>`;
  });
  return `<table class="checklist"><thead><tr><th scope="col">Safeguard</th><th scope="col">Status</th><th scope="col">Requirements</th><th scope="col">Findings</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function requirementsTable(requirements: readonly RequirementResult[]): string {
  const rows = requirements.map(
    (result) =>
      `<tr><th scope="row"><a href="#${requirementAnchor(result.requirement.id)}">${e(requirementHeading(result))}</a></th><td>${badge(result.status)}</td><td class="number">${result.findings.length}</td><td class="number">${result.evidence.length}</td></tr>`,
  );
  return `<table class="requirements"><thead><tr><th scope="col">Requirement</th><th scope="col">Status</th><th scope="col">Findings</th><th scope="col">Evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function requirementSection(result: RequirementResult): string {
  const parts: string[] = [];
  parts.push(
    `<article class="requirement status-${result.status}" id="${requirementAnchor(result.requirement.id)}">`,
    `<h3>${e(requirementHeading(result))} ${badge(result.status)}</h3>`,
    `<p class="summary">${e(result.requirement.summary)}</p>`,
    `<p class="reason">${e(result.reason)}</p>`,
  );
  if (result.requirement.responsibility) {
    parts.push(`<p><strong>Responsibility:</strong> ${e(result.requirement.responsibility)}.</p>`);
  }
  if (result.ruleIds.length > 0) {
    parts.push(`<p class="rules"><strong>Rules:</strong> ${result.ruleIds.map((id) => `<code>${e(id)}</code>`).join(', ')}</p>`);
  }

  if (result.findings.length > 0) {
    const rows = result.findings.slice(0, MAX_LISTED_FINDINGS).map((finding) => {
      const object = finding.object ? `${e(objectLabel(finding.object))}<br>` : '';
      const rule = `<a class="rule" href="${e(ruleDocsUrl(finding.ruleId))}"><code>${e(finding.ruleId)}</code></a>`;
      return `<tr><td><span class="severity severity-${finding.severity}">${e(finding.severity)}</span></td><td class="where">${object}<code>${e(findingLocation(finding))}</code></td><td>${e(finding.message)}<br>${rule}</td></tr>`;
    });
    parts.push(
      `<h4>Findings that break it (${result.findings.length})</h4>`,
      `<table class="findings"><thead><tr><th scope="col">Severity</th><th scope="col">Object and location</th><th scope="col">Message and rule</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
      more(result.findings.length, MAX_LISTED_FINDINGS, 'findings'),
    );
  }

  if (result.suppressed.length > 0) {
    const items = result.suppressed.slice(0, MAX_LISTED_FINDINGS).map((finding) => {
      const object = finding.object ? `${objectLabel(finding.object)}, ` : '';
      return `<li>${e(object)}<code>${e(findingLocation(finding))}</code>: ${e(finding.message)} <em>Reason: ${e(finding.suppression.reason)}</em></li>`;
    });
    parts.push(
      `<h4>Accepted by annotation (${result.suppressed.length})</h4>`,
      `<ul>${items.join('')}</ul>`,
      more(result.suppressed.length, MAX_LISTED_FINDINGS, 'accepted findings'),
    );
  }

  parts.push(`<h4>Evidence (${result.evidence.length})</h4>`);
  if (result.evidence.length === 0) {
    parts.push('<p class="none">None found.</p>');
  } else {
    parts.push(
      `<ul class="evidence">${result.evidence.slice(0, MAX_LISTED_EVIDENCE).map(evidenceItem).join('')}</ul>`,
      more(result.evidence.length, MAX_LISTED_EVIDENCE, 'evidence items'),
    );
  }

  if (result.actions.length > 0) {
    const items = result.actions.map((action) => {
      const source = action.ruleId
        ? ` <span class="source">(<code>${e(action.ruleId)}</code>, ${action.findings} finding${action.findings === 1 ? '' : 's'})</span>`
        : '';
      return `<li>${e(action.text)}${source}</li>`;
    });
    parts.push('<h4>What to do</h4>', `<ul class="actions">${items.join('')}</ul>`);
  }
  parts.push('</article>');
  return parts.filter((part) => part !== '').join('\n');
}

function evidenceItem(item: EvidenceItem): string {
  if (!item.object) return `<li>${e(item.description)}</li>`;
  const where = item.file ? ` <code>${e(`${item.file}${item.line ? `:${item.line}` : ''}`)}</code>` : '';
  return `<li>${e(objectLabel(item.object))}${where}: ${e(item.description)}</li>`;
}

function badge(status: ComplianceStatus): string {
  return `<span class="badge badge-${status}">${e(STATUS_LABELS[status])}</span>`;
}

function more(total: number, shown: number, what: string): string {
  return total > shown ? `<p class="more">…and ${total - shown} more ${e(what)}; the JSON report lists them all.</p>` : '';
}

const STYLE = `
:root { color-scheme: light; --text: #1f2933; --muted: #52606d; --rule: #d9dee4; --band: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--text); background: #fff; }
h1 { font-size: 1.8em; margin: 0 0 12px; }
h2 { font-size: 1.35em; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.1em; margin: 24px 0 8px; }
h4 { font-size: 0.95em; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; }
a { color: #1d4ed8; }
code { font: 0.9em/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; color: var(--muted); }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 12px 0; }
.tile { border: 1px solid var(--rule); border-left-width: 6px; border-radius: 6px; padding: 8px 12px; background: var(--band); }
.tile-count { display: block; font-size: 1.8em; font-weight: 700; line-height: 1.1; }
.tile-label { color: var(--muted); font-size: 0.9em; }
.chart-figure { margin: 16px 0; }
.chart { max-width: 100%; height: auto; font-family: inherit; }
.chart .row-label { font-size: 13px; fill: var(--text); }
.chart .legend { font-size: 12px; fill: var(--muted); }
.chart .count { font-size: 12px; font-weight: 700; fill: #fff; }
figcaption { color: var(--muted); font-size: 0.9em; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-size: 0.93em; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--rule); }
thead th { background: var(--band); font-weight: 600; }
tbody th { font-weight: 600; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.8em; font-weight: 600; color: #fff; white-space: nowrap; vertical-align: middle; }
.badge-met { background: ${STATUS_COLORS.met}; }
.badge-partly-met { background: ${STATUS_COLORS['partly-met']}; }
.badge-not-met { background: ${STATUS_COLORS['not-met']}; }
.badge-not-checkable { background: ${STATUS_COLORS['not-checkable']}; }
.cells { list-style: none; margin: 0; padding: 0; }
.mini { font-size: 0.8em; font-weight: 600; }
.mini-met { color: ${STATUS_COLORS.met}; }
.mini-partly-met { color: ${STATUS_COLORS['partly-met']}; }
.mini-not-met { color: ${STATUS_COLORS['not-met']}; }
.mini-not-checkable { color: ${STATUS_COLORS['not-checkable']}; }
.note { color: var(--muted); font-size: 0.9em; }
.severity { font-weight: 600; }
.findings .where { width: 34%; }
.findings .where code, .findings .rule { font-size: 0.85em; color: var(--muted); }
.severity-error { color: #b91c1c; }
.severity-warning { color: #92400e; }
.severity-info { color: #1e40af; }
.requirement { border: 1px solid var(--rule); border-left-width: 6px; border-radius: 6px; padding: 4px 16px 12px; margin: 16px 0; }
.requirement.status-met { border-left-color: ${STATUS_COLORS.met}; }
.requirement.status-partly-met { border-left-color: ${STATUS_COLORS['partly-met']}; }
.requirement.status-not-met { border-left-color: ${STATUS_COLORS['not-met']}; }
.requirement.status-not-checkable { border-left-color: ${STATUS_COLORS['not-checkable']}; }
.requirement h3 { margin-top: 12px; }
.summary { font-style: italic; margin: 4px 0; }
.reason { margin: 4px 0; }
.evidence { columns: 2; column-gap: 32px; padding-left: 18px; }
.evidence li { break-inside: avoid; }
.more, .none, .source, .disclaimer, footer { color: var(--muted); }
footer { margin-top: 32px; border-top: 1px solid var(--rule); font-size: 0.85em; }
@media (max-width: 700px) { .tiles { grid-template-columns: repeat(2, 1fr); } .evidence { columns: 1; } body { padding: 16px; } }
@media print {
  @page { margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  .badge, .tile, .chart rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  #details { break-before: page; }
  thead { display: table-header-group; }
  tr, .tile { break-inside: avoid; }
}
`;
