import {
  applyFixes,
  check,
  DEFAULT_SETTINGS,
  formatPath,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  type CheckResult,
  type Finding,
  type FixProposal,
  type Rule,
  type Settings,
} from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { NETPOL_RULES } from '../../src/index.js';

/** The engine's source rules and every NetworkPolicy rule, as the command line registers them. */
export const REGISTRY = new RuleRegistry([...SOURCE_RULES, ...NETPOL_RULES]);

/** Settings of one test run. */
export interface RunOptions {
  /** Options per rule id, as `rules.<id>.options` of the configuration file. */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly completeManifests?: boolean;
}

export function settingsFor(options: RunOptions = {}): Settings {
  const rules = Object.fromEntries(
    Object.entries(options.options ?? {}).map(([id, ruleOptions]) => [
      id,
      { options: ruleOptions },
    ]),
  );
  return { ...DEFAULT_SETTINGS, completeManifests: options.completeManifests ?? false, rules };
}

/** Checks one file named `test.yaml` through the real engine and returns every finding. */
export function checkText(text: string, options: RunOptions = {}): readonly Finding[] {
  return check([new SourceFile('test.yaml', text)], {
    registry: REGISTRY,
    settings: settingsFor(options),
  }).findings;
}

/** Checks several files through the real engine; returns the findings and the objects of the run. */
export function checkFiles(
  files: readonly { readonly path: string; readonly text: string }[],
  options: RunOptions = {},
): CheckResult {
  const sources = files.map((file) => new SourceFile(file.path, file.text));
  return check(sources, { registry: REGISTRY, settings: settingsFor(options) });
}

/** Findings of one rule, in source order. */
export function findingsOf(ruleId: string, text: string, options: RunOptions = {}): Finding[] {
  return checkText(text, options).filter((finding) => finding.ruleId === ruleId);
}

/** Findings of the engine's own rules (syntax errors, rule failures); test manifests have none. */
export function engineFindings(text: string, options: RunOptions = {}): Finding[] {
  const sourceIds = new Set(SOURCE_RULES.map((rule) => rule.id));
  return checkText(text, options).filter((finding) => sourceIds.has(finding.ruleId));
}

/** Returns the 1-based `[startLine, startColumn, endLine, endColumn]` of a finding. */
export function positionOf(finding: Finding): [number, number, number, number] {
  const { range } = finding;
  return [range.startLine, range.startColumn, range.endLine, range.endColumn];
}

export function applied(text: string, proposal: FixProposal): string {
  return applyFixes(text, [proposal]).output;
}

/**
 * Builds a manifest from an indented template literal. It drops the first line break and the
 * indentation common to all lines and ends the text with one line break, so positions in
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

/** A proposed edit as a test expects it: its description and the whole text after applying it. */
export interface ExpectedProposal {
  readonly description: string;
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

/**
 * Declares the tests of one rule, run through the real engine with every NetworkPolicy rule
 * registered. Valid cases produce no finding of the rule. Invalid cases produce exactly the
 * expected findings and proposals, and each proposal removes its finding without an engine
 * finding in the output.
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

  it('findings', () => {
    const findings = findingsOf(rule.id, code, testCase);

    expect(engineFindings(code, testCase)).toEqual([]);
    expect(findings.map((finding) => finding.message)).toEqual(
      expected.map((finding) => finding.message),
    );
    expected.forEach((expectation, index) => {
      expect(positionOf(findings[index]!), `finding ${index}`).toEqual(expectation.position);
    });
  });

  it('fix and suggestions', () => {
    const findings = findingsOf(rule.id, code, testCase);

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
      expect(
        suggestions.map((suggestion) => suggestion.description),
        `suggestions of finding ${index}`,
      ).toEqual((expectation.suggestions ?? []).map((suggestion) => suggestion.description));
      (expectation.suggestions ?? []).forEach((suggestion, position) => {
        expect(
          applied(code, suggestions[position]!),
          `suggestion ${position} of finding ${index}`,
        ).toBe(suggestion.output);
      });
    });
  });

  if (!expected.some((finding) => finding.fix || finding.suggestions?.length)) return;

  it('finding gone after each proposal', () => {
    for (const finding of findingsOf(rule.id, code, testCase)) {
      const proposals = [...(finding.fix ? [finding.fix] : []), ...(finding.suggestions ?? [])];
      for (const proposal of proposals) {
        const output = applied(code, proposal);
        const again = findingsOf(rule.id, output, testCase);

        expect(engineFindings(output, testCase), proposal.description).toEqual([]);
        expect(
          again.some(
            (other) =>
              formatPath(other.path) === formatPath(finding.path) &&
              other.message === finding.message,
          ),
          proposal.description,
        ).toBe(false);
      }
    }
  });
}
