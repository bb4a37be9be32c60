import type { Finding } from '../engine/finding.js';
import { countFindings } from './summary.js';

export interface StylishOptions {
  readonly color: boolean;
  /** Number of findings that annotations suppressed, shown in the summary line. */
  readonly suppressedCount?: number;
}

const STYLES = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4 } as const;

/** Formats findings grouped by file, one line each, with a summary, like ESLint's stylish output. */
export function formatStylish(findings: readonly Finding[], options: StylishOptions): string {
  const paint = (style: keyof typeof STYLES, text: string): string =>
    options.color ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text;

  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }

  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(paint('underline', file));
    const positions = list.map((finding) => `${finding.range.startLine}:${finding.range.startColumn}`);
    const width = Math.max(...positions.map((position) => position.length));
    list.forEach((finding, index) => {
      const severity =
        finding.severity === 'error'
          ? paint('red', 'error  ')
          : finding.severity === 'warning'
            ? paint('yellow', 'warning')
            : paint('blue', 'info   ');
      const position = paint('gray', positions[index]!.padEnd(width));
      lines.push(`  ${position}  ${severity}  ${finding.message}  ${paint('gray', finding.ruleId)}`);
    });
    lines.push('');
  }

  const counts = countFindings(findings);
  const total = counts.errors + counts.warnings + counts.infos;
  const suppressed = options.suppressedCount ?? 0;
  if (total === 0) {
    const note = suppressed > 0 ? ` (${suppressed} suppressed by annotation)` : '';
    return `No problems found${note}.\n`;
  }
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const summary = `${total === 1 ? '1 problem' : `${total} problems`} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${counts.infos} info)`;
  const mark = counts.errors > 0 ? paint('red', '✖') : paint('yellow', '⚠');
  // The mark is painted apart, because its reset code would end the bold summary too.
  lines.push(`${mark} ${paint('bold', summary)}`);
  if (counts.fixable > 0) lines.push(`  ${plural(counts.fixable, 'finding')} with an automatic fix that keeps behaviour.`);
  if (counts.withSuggestions > 0) lines.push(`  ${plural(counts.withSuggestions, 'finding')} with suggested changes that alter behaviour.`);
  if (suppressed > 0) lines.push(`  ${suppressed} suppressed by annotation (listed in --format json).`);
  return `${lines.join('\n')}\n`;
}
