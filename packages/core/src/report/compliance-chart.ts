import { COMPLIANCE_STATUSES, STATUS_LABELS, type ComplianceStatus } from '../compliance/status.js';
import { escapeHtml } from './html-escape.js';

export interface ChartRow {
  readonly label: string;
  readonly counts: Readonly<Record<ComplianceStatus, number>>;
}

/** Fill colours by status; each bar segment also carries its count, so colour is not the only cue. */
export const STATUS_COLORS: Readonly<Record<ComplianceStatus, string>> = {
  met: '#2e7d32',
  'partly-met': '#b26a00',
  'not-met': '#c62828',
  'not-checkable': '#6b7280',
};

const LABEL_WIDTH = 300;
const BAR_WIDTH = 340;
const ROW_HEIGHT = 34;
const LINE_HEIGHT = 14;
// Labels longer than this many characters wrap onto a second line, which fits LABEL_WIDTH at 13 px.
const MAX_LABEL_LINE = 40;
const BAR_HEIGHT = 20;
const LEGEND_HEIGHT = 34;

/**
 * Draws a horizontal stacked bar per row, one segment per status, as inline SVG. Bars share one
 * scale (the longest row fills the width), so rows with more requirements are longer.
 */
export function renderStatusChart(rows: readonly ChartRow[], title: string): string {
  const totals = rows.map((row) => COMPLIANCE_STATUSES.reduce((sum, status) => sum + row.counts[status], 0));
  const scale = BAR_WIDTH / Math.max(1, ...totals);
  const width = LABEL_WIDTH + BAR_WIDTH + 40;
  const height = LEGEND_HEIGHT + rows.length * ROW_HEIGHT + 4;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${escapeHtml(title)}</title>`,
  );

  let legendX = 0;
  for (const status of COMPLIANCE_STATUSES) {
    parts.push(
      `<rect x="${legendX}" y="6" width="14" height="14" rx="2" fill="${STATUS_COLORS[status]}"/>`,
      `<text x="${legendX + 20}" y="18" class="legend">${escapeHtml(STATUS_LABELS[status])}</text>`,
    );
    legendX += 40 + STATUS_LABELS[status].length * 7;
  }

  rows.forEach((row, index) => {
    const y = LEGEND_HEIGHT + index * ROW_HEIGHT;
    const lines = wrapLabel(row.label);
    const firstBaseline = y + BAR_HEIGHT / 2 + 5 - ((lines.length - 1) * LINE_HEIGHT) / 2;
    const spans = lines
      .map((line, lineIndex) => `<tspan x="${LABEL_WIDTH - 10}" y="${firstBaseline + lineIndex * LINE_HEIGHT}">${escapeHtml(line)}</tspan>`)
      .join('');
    parts.push(`<text text-anchor="end" class="row-label">${spans}</text>`);
    let x = LABEL_WIDTH;
    for (const status of COMPLIANCE_STATUSES) {
      const count = row.counts[status];
      if (count === 0) continue;
      const segment = count * scale;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${segment.toFixed(1)}" height="${BAR_HEIGHT}" fill="${STATUS_COLORS[status]}"><title>${escapeHtml(`${row.label}: ${count} ${STATUS_LABELS[status].toLowerCase()}`)}</title></rect>`,
        `<text x="${(x + segment / 2).toFixed(1)}" y="${y + BAR_HEIGHT / 2 + 5}" text-anchor="middle" class="count">${count}</text>`,
      );
      x += segment;
    }
  });

  parts.push('</svg>');
  return parts.join('\n');
}

/** Splits a label at spaces into at most two lines of about `MAX_LABEL_LINE` characters. */
function wrapLabel(label: string): string[] {
  if (label.length <= MAX_LABEL_LINE) return [label];
  const words = label.split(' ');
  let first = '';
  while (words.length > 0 && `${first} ${words[0]}`.trim().length <= MAX_LABEL_LINE) first = `${first} ${words.shift()}`.trim();
  return first === '' ? [label] : [first, words.join(' ')];
}
