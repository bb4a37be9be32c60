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
  type Rule,
  type Settings,
} from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { RBAC_RULES } from '../../src/rules/index.js';

/** The registry the command line uses for this area: the engine's source rules and the RBAC rules. */
export const REGISTRY = new RuleRegistry([...SOURCE_RULES, ...RBAC_RULES]);

export interface RunOptions {
  /** `completeManifests` of the configuration. */
  readonly complete?: boolean;
  readonly defaultNamespace?: string;
}

export interface ExpectedProposal {
  readonly description: string;
  /** The whole text after applying the proposal. */
  readonly output: string;
}

export interface ExpectedFinding {
  readonly message: string;
  /** 1-based `[startLine, startColumn, endLine, endColumn]`. */
  readonly position: readonly [number, number, number, number];
  readonly fix?: ExpectedProposal;
  readonly suggestions?: readonly ExpectedProposal[];
}

export interface ValidCase extends RunOptions {
  readonly name: string;
  readonly code: string;
}

export interface InvalidCase extends ValidCase {
  /** Every finding of the rule, in source order. */
  readonly findings: readonly ExpectedFinding[];
}

export function settingsFor(options: RunOptions = {}): Settings {
  return {
    ...DEFAULT_SETTINGS,
    defaultNamespace: options.defaultNamespace ?? DEFAULT_SETTINGS.defaultNamespace,
    completeManifests: options.complete ?? false,
  };
}

/** Checks one file named `test.yaml` through the real engine and returns every finding. */
export function checkText(text: string, options: RunOptions = {}): readonly Finding[] {
  return check([new SourceFile('test.yaml', text)], {
    registry: REGISTRY,
    settings: settingsFor(options),
  }).findings;
}

export function findingsOf(ruleId: string, text: string, options: RunOptions = {}): Finding[] {
  return checkText(text, options).filter((finding) => finding.ruleId === ruleId);
}

/** Findings of the engine's own rules (syntax errors, rule crashes); a test manifest has none. */
export function engineFindings(text: string, options: RunOptions = {}): Finding[] {
  const sourceIds = new Set(SOURCE_RULES.map((rule) => rule.id));
  return checkText(text, options).filter((finding) => sourceIds.has(finding.ruleId));
}

export function positionOf(finding: Finding): [number, number, number, number] {
  const { range } = finding;
  return [range.startLine, range.startColumn, range.endLine, range.endColumn];
}

export function applied(text: string, proposal: FixProposal): string {
  return applyFixes(text, [proposal]).output;
}

/**
 * Builds a manifest from an indented template literal. It drops the first line break and the
 * indentation common to all lines and ends the text with one line break, so columns in
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

/** Lines of `before` that no edit of the proposal touches, in order. */
function untouchedLines(before: string, proposal: FixProposal): string[] {
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

function isSubsequence(items: readonly string[], list: readonly string[]): boolean {
  let position = 0;
  for (const entry of list) {
    if (position < items.length && entry === items[position]) position++;
  }
  return position === items.length;
}

function proposalsOf(finding: Finding): FixProposal[] {
  return [...(finding.fix ? [finding.fix] : []), ...(finding.suggestions ?? [])];
}

/**
 * Declares the tests of one rule, run through the engine with the source and RBAC rules.
 * Valid cases produce no finding of the rule. Invalid cases produce exactly the expected
 * findings, fixes and suggestions. Each proposal removes its finding and keeps the YAML valid and
 * the untouched lines, and applying the fixes a second time changes nothing.
 */
export function testRule(
  rule: Rule,
  cases: { readonly valid: readonly ValidCase[]; readonly invalid: readonly InvalidCase[] },
): void {
  describe(rule.id, () => {
    describe('valid', () => {
      for (const testCase of cases.valid) {
        it(testCase.name, () => {
          expect(engineFindings(testCase.code, testCase)).toEqual([]);
          expect(findingsOf(rule.id, testCase.code, testCase)).toEqual([]);
        });
      }
    });

    describe('invalid', () => {
      for (const testCase of cases.invalid) {
        describe(testCase.name, () => declareInvalidTests(rule, testCase));
      }
    });
  });
}

function declareInvalidTests(rule: Rule, testCase: InvalidCase): void {
  const { code, findings: expected } = testCase;
  const actual = (): Finding[] => findingsOf(rule.id, code, testCase);

  it('findings', () => {
    const findings = actual();

    expect(engineFindings(code, testCase)).toEqual([]);
    expect(findings.map((finding) => finding.message)).toEqual(
      expected.map((finding) => finding.message),
    );
    expected.forEach((expectation, index) => {
      expect(positionOf(findings[index]!), `finding ${index}`).toEqual(expectation.position);
    });
  });

  it('fix and suggestions', () => {
    const findings = actual();

    expected.forEach((expectation, index) => {
      const finding = findings[index]!;
      if (expectation.fix) {
        expect(finding.fix?.description, `fix of finding ${index}`).toBe(
          expectation.fix.description,
        );
        expect(applied(code, finding.fix!), `fix of finding ${index}`).toBe(expectation.fix.output);
      } else {
        expect(finding.fix, `fix of finding ${index}`).toBeUndefined();
      }

      const suggestions = finding.suggestions ?? [];
      const expectedSuggestions = expectation.suggestions ?? [];
      expect(
        suggestions.map((suggestion) => suggestion.description),
        `suggestions of finding ${index}`,
      ).toEqual(expectedSuggestions.map((suggestion) => suggestion.description));
      expectedSuggestions.forEach((suggestion, position) => {
        expect(
          applied(code, suggestions[position]!),
          `suggestion ${position} of finding ${index}`,
        ).toBe(suggestion.output);
      });
    });
  });

  if (!expected.some((finding) => finding.fix || finding.suggestions?.length)) return;

  it('finding gone after each proposal', () => {
    for (const finding of actual()) {
      for (const proposal of proposalsOf(finding)) {
        const output = applied(code, proposal);
        const remaining = findingsOf(rule.id, output, testCase).filter(
          (other) => formatPath(other.path) === formatPath(finding.path),
        );

        expect(engineFindings(output, testCase), proposal.description).toEqual([]);
        expect(remaining, proposal.description).toEqual([]);
        expect(
          isSubsequence(untouchedLines(code, proposal), output.split('\n')),
          proposal.description,
        ).toBe(true);
      }
    }
  });

  if (!expected.some((finding) => finding.fix)) return;

  it('second fix pass unchanged', () => {
    const fixPass = (text: string): string =>
      applyFixes(
        text,
        findingsOf(rule.id, text, testCase).flatMap((finding) =>
          finding.fix ? [finding.fix] : [],
        ),
      ).output;
    const once = fixPass(code);

    expect(once).not.toBe(code);
    expect(fixPass(once)).toBe(once);
  });
}
