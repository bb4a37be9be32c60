/** Numbers of kubeharden diagnostics of one document by severity. */
export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
  /** Information and hint diagnostics. */
  readonly infos: number;
}

/** Content of the status bar item for a document's counts. */
export interface StatusText {
  /** Text with codicons, such as `$(shield) $(error) 7 $(warning) 3`. */
  readonly text: string;
  /** The counts in words, which screen readers read and the tooltip starts with. */
  readonly label: string;
  readonly tooltip: string;
}

/** Text, accessible label and tooltip of the status bar item for a document's counts. */
export function formatStatus(counts: DiagnosticCounts): StatusText {
  const total = counts.errors + counts.warnings + counts.infos;
  if (total === 0) {
    const label = 'kubeharden: no problems in this file';
    return {
      text: '$(shield) kubeharden',
      label,
      tooltip: `${label}. Click to open the Problems view.`,
    };
  }
  const parts = [`$(error) ${counts.errors}`, `$(warning) ${counts.warnings}`];
  if (counts.infos > 0) parts.push(`$(info) ${counts.infos}`);
  const label =
    `kubeharden: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')} ` +
    `and ${counts.infos} info in this file`;
  return {
    text: `$(shield) ${parts.join(' ')}`,
    label,
    tooltip: `${label}. Click to open the Problems view.`,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
