import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { renderRuleDoc, renderRuleIndex, type RuleRegistry } from '@kubeharden/core';

/** Lists the rules as a table or as JSON. */
export function formatRules(registry: RuleRegistry, format: 'table' | 'json'): string {
  const rules = registry.list();
  if (format === 'json') {
    const rows = rules.map((rule) => ({
      id: rule.id,
      area: rule.meta.area,
      severity: rule.meta.severity,
      fixable: rule.meta.fixable ?? null,
      hipaa: rule.meta.hipaa,
      description: rule.meta.description,
    }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }

  const header = ['RULE', 'AREA', 'SEVERITY', 'FIXABLE', 'HIPAA'];
  const rows = rules.map((rule) => [
    rule.id,
    rule.meta.area,
    rule.meta.severity,
    rule.meta.fixable ?? '-',
    rule.meta.hipaa.join(', ') || '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (row: readonly string[]): string =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return `${[header, ...rows].map(render).join('\n')}\n`;
}

/** Writes one Markdown page per rule plus an index into `folder`, removing stale pages. */
export function writeRuleDocs(registry: RuleRegistry, folder: string): number {
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.md')) rmSync(join(folder, name));
  }
  const rules = registry.list();
  for (const rule of rules) writeFileSync(join(folder, `${rule.id}.md`), renderRuleDoc(rule));
  writeFileSync(join(folder, 'README.md'), renderRuleIndex(rules));
  return rules.length;
}
