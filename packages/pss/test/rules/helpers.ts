import {
  applyFixes,
  check,
  DEFAULT_SETTINGS,
  formatPath,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  type Finding,
  type FixProposal,
  type PssLevel,
  type Settings,
} from '@kubeharden/core';

import { PSS_RULES } from '../../src/rules/index.js';

/** The registry the command line uses for these areas: the engine's source rules and the PSS rules. */
export const REGISTRY = new RuleRegistry([...SOURCE_RULES, ...PSS_RULES]);

/** Settings of one test run; rule options apply to the rule under test. */
export interface RunOptions {
  readonly level?: PssLevel;
  readonly version?: string;
  /** Options per rule id, as `rules.<id>.options` of the configuration file. */
  readonly options?: Readonly<Record<string, unknown>>;
}

export function settingsFor(options: RunOptions = {}): Settings {
  const rules = Object.fromEntries(
    Object.entries(options.options ?? {}).map(([id, ruleOptions]) => [
      id,
      { options: ruleOptions },
    ]),
  );
  return {
    ...DEFAULT_SETTINGS,
    pss: { level: options.level ?? 'restricted', version: options.version ?? 'latest' },
    rules,
  };
}

/** Checks one file named `test.yaml` through the real engine and returns every finding. */
export function checkText(text: string, options: RunOptions = {}): readonly Finding[] {
  return check([new SourceFile('test.yaml', text)], {
    registry: REGISTRY,
    settings: settingsFor(options),
  }).findings;
}

/** Findings of one rule, in source order. */
export function findingsOf(ruleId: string, text: string, options: RunOptions = {}): Finding[] {
  return checkText(text, options).filter((finding) => finding.ruleId === ruleId);
}

/** Findings of the engine's own rules (syntax errors, rule crashes); a test manifest should have none. */
export function engineFindings(text: string, options: RunOptions = {}): Finding[] {
  const sourceIds = new Set(SOURCE_RULES.map((rule) => rule.id));
  return checkText(text, options).filter((finding) => sourceIds.has(finding.ruleId));
}

/** Returns the 1-based `[startLine, startColumn, endLine, endColumn]` of a finding. */
export function positionOf(finding: Finding): [number, number, number, number] {
  const { range } = finding;
  return [range.startLine, range.startColumn, range.endLine, range.endColumn];
}

/** Applies one proposal and returns the new text. */
export function applied(text: string, proposal: FixProposal): string {
  return applyFixes(text, [proposal]).output;
}

/** Applies every automatic fix of one rule once, as a single `--fix` pass would. */
export function fixPass(ruleId: string, text: string, options: RunOptions = {}): string {
  const fixes = findingsOf(ruleId, text, options).flatMap((finding) =>
    finding.fix ? [finding.fix] : [],
  );
  return applyFixes(text, fixes).output;
}

/** True when a finding with the same path and message is still reported. */
export function stillReported(finding: Finding, findings: readonly Finding[]): boolean {
  const path = formatPath(finding.path);
  return findings.some(
    (other) => formatPath(other.path) === path && other.message === finding.message,
  );
}

/**
 * Builds a manifest from an indented template literal. It drops the first line break and the
 * indentation common to all lines and ends the text with one line break, so the columns in
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

/** Comments of a text, with the offset where each starts. */
function commentsOf(text: string): { offset: number; text: string }[] {
  const comments: { offset: number; text: string }[] = [];
  for (const match of text.matchAll(/(^|[ \t])(#[^\n]*)/gm)) {
    comments.push({ offset: match.index + match[1]!.length, text: match[2]! });
  }
  return comments;
}

/**
 * Comments of `before` that a proposal must keep: all of them except those inside a span its
 * edits replace (a removed field takes the comments on its own lines with it).
 */
export function keptComments(before: string, proposal: FixProposal): string[] {
  return commentsOf(before)
    .filter(
      (comment) =>
        !proposal.edits.some((edit) => comment.offset >= edit.start && comment.offset < edit.end),
    )
    .map((comment) => comment.text);
}

export function commentTexts(text: string): string[] {
  return commentsOf(text).map((comment) => comment.text);
}

/** Lines of `before` that no edit of the proposal touches, in order. */
export function untouchedLines(before: string, proposal: FixProposal): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const line of before.split('\n')) {
    const end = start + line.length;
    const touched = proposal.edits.some((edit) =>
      edit.start === edit.end
        ? edit.start > start && edit.start < end
        : edit.start <= end && edit.end > start,
    );
    if (!touched) lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** True when `items` appear in `list` in the same order, possibly with other entries between. */
export function isSubsequence(items: readonly string[], list: readonly string[]): boolean {
  let position = 0;
  for (const entry of list) {
    if (position < items.length && entry === items[position]) position++;
  }
  return position === items.length;
}
