import {
  applyFixes,
  check,
  DEFAULT_SETTINGS,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  type Finding,
  type Rule,
  type Settings,
} from '@kubeharden/core';
import { stringify } from 'yaml';

import { AUDIT_RULES } from '../../audit/src/index.js';
import { ENCRYPTION_RULES } from '../src/index.js';

export const ALL_RULES: readonly Rule[] = [...ENCRYPTION_RULES, ...AUDIT_RULES];

export interface RunOptions {
  readonly healthData?: Settings['healthData'];
  readonly completeManifests?: boolean;
  /** Options per rule id, as `.kubeharden.yaml` sets them. */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly rules?: readonly Rule[];
}

export function settingsFor(options: RunOptions = {}): Settings {
  const rules = Object.fromEntries(
    Object.entries(options.options ?? {}).map(([id, value]) => [id, { options: value }]),
  );
  return {
    ...DEFAULT_SETTINGS,
    healthData: options.healthData ?? DEFAULT_SETTINGS.healthData,
    completeManifests: options.completeManifests ?? false,
    rules,
  };
}

/** Runs the source rules and the given rules (all encryption and audit rules by default) on one file. */
export function run(text: string, options: RunOptions = {}): Finding[] {
  const registry = new RuleRegistry([...SOURCE_RULES, ...(options.rules ?? ALL_RULES)]);
  return [
    ...check([new SourceFile('test.yaml', text)], { registry, settings: settingsFor(options) })
      .findings,
  ];
}

/** Findings of one rule; fails the test through the caller's expect when others are unexpected. */
export function findingsOf(text: string, ruleId: string, options: RunOptions = {}): Finding[] {
  return run(text, options).filter((finding) => finding.ruleId === ruleId);
}

/** Returns the four numbers of a finding's range, for exact comparisons. */
export function rangeOf(finding: Finding): {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
} {
  const { startLine, startColumn, endLine, endColumn } = finding.range;
  return { startLine, startColumn, endLine, endColumn };
}

/** Applies a finding's fix and returns the new text. */
export function fixed(text: string, finding: Finding): string {
  if (!finding.fix) throw new Error(`Finding of ${finding.ruleId} has no fix.`);
  return applyFixes(text, [finding.fix]).output;
}

/** Applies the suggestion at `index` of a finding and returns the new text. */
export function suggested(text: string, finding: Finding, index = 0): string {
  const suggestion = finding.suggestions?.[index];
  if (!suggestion) throw new Error(`Finding of ${finding.ruleId} has no suggestion ${index}.`);
  return applyFixes(text, [suggestion]).output;
}

/** Turns objects into one YAML stream, as a user would write generated objects to a file. */
export function toYaml(objects: readonly unknown[]): string {
  return objects.map((object) => stringify(object)).join('---\n');
}

/** Joins lines into a YAML text; keeps test documents readable without indentation tricks. */
export function yaml(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}
