import {
  applyFixes,
  check,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  type Finding,
  type FixProposal,
  type Rule,
} from '@kubeharden/core';

import { SCHEMA_RULES } from '../src/index.js';

/** The engine's source rules and the schema rules with their default kinds. */
export const REGISTRY = new RuleRegistry([...SOURCE_RULES, ...SCHEMA_RULES]);

/** Checks files given as `[name, text]` pairs through the real engine and returns every finding. */
export function checkFiles(
  files: readonly (readonly [string, string])[],
  registry: RuleRegistry = REGISTRY,
): Finding[] {
  return [
    ...check(
      files.map(([name, text]) => new SourceFile(name, text)),
      { registry },
    ).findings,
  ];
}

/** Findings of one rule for one file named `test.yaml`, in source order. */
export function findingsOf(
  ruleId: string,
  text: string,
  registry: RuleRegistry = REGISTRY,
): Finding[] {
  return checkFiles([['test.yaml', text]], registry).filter((finding) => finding.ruleId === ruleId);
}

/** Findings of the engine's own rules (syntax errors, rule crashes); a test manifest should have none. */
export function engineFindings(text: string): Finding[] {
  const sourceIds = new Set(SOURCE_RULES.map((rule) => rule.id));
  return checkFiles([['test.yaml', text]]).filter((finding) => sourceIds.has(finding.ruleId));
}

/** The 1-based `[startLine, startColumn, endLine, endColumn]` of a finding. */
export function positionOf(finding: Finding): [number, number, number, number] {
  const { range } = finding;
  return [range.startLine, range.startColumn, range.endLine, range.endColumn];
}

/** The text a finding's range covers. */
export function textAt(text: string, finding: Finding): string {
  return text.slice(finding.range.start, finding.range.end);
}

/** The text after applying one proposal. */
export function applied(text: string, proposal: FixProposal): string {
  return applyFixes(text, [proposal]).output;
}

/** A registry of the source rules and the given rules. */
export function registryOf(rules: readonly Rule[]): RuleRegistry {
  return new RuleRegistry([...SOURCE_RULES, ...rules]);
}

/**
 * Builds a manifest from an indented template literal: drops the first line break and the
 * indentation common to all lines, and ends the text with one line break, so that columns in
 * assertions are those of the file as a user would write it.
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce(
    (out, part, index) => out + part + (index < values.length ? String(values[index]) : ''),
    '',
  );
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => /^ */.exec(line)![0].length);
  const common = Math.min(...indents);
  return `${lines.map((line) => line.slice(common)).join('\n')}\n`;
}
