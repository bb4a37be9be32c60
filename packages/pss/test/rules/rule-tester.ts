import type { Finding, FixProposal, Rule } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import {
  applied,
  commentTexts,
  engineFindings,
  findingsOf,
  fixPass,
  isSubsequence,
  keptComments,
  positionOf,
  stillReported,
  untouchedLines,
  type RunOptions,
} from './helpers.js';

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

export interface RuleCases {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

function proposalsOf(finding: Finding): FixProposal[] {
  return [...(finding.fix ? [finding.fix] : []), ...(finding.suggestions ?? [])];
}

/**
 * Declares the tests of one rule, run through the real engine with every PSS and source rule
 * registered. Valid cases must produce no finding of the rule. Invalid cases must produce
 * exactly the expected findings, fixes and suggestions, and every proposal must remove its
 * finding, keep the YAML valid, keep comments and untouched lines, and a second fix pass must
 * change nothing.
 */
export function testRule(rule: Rule, cases: RuleCases): void {
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
        describe(testCase.name, () => {
          declareInvalidTests(rule, testCase);
        });
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
    expect(findings).toHaveLength(expected.length);
    expected.forEach((expectation, index) => {
      const finding = findings[index]!;
      expect(finding.ruleId, `finding ${index}`).toBe(rule.id);
      expect(finding.message, `finding ${index}`).toBe(expectation.message);
      expect(positionOf(finding), `finding ${index}`).toEqual(expectation.position);
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

  const hasProposals = expected.some((finding) => finding.fix || finding.suggestions?.length);
  if (!hasProposals) return;

  it('finding gone after each proposal', () => {
    for (const finding of actual()) {
      for (const proposal of proposalsOf(finding)) {
        const output = applied(code, proposal);
        const label = `${proposal.description} (${finding.message})`;

        expect(engineFindings(output, testCase), label).toEqual([]);
        expect(stillReported(finding, findingsOf(rule.id, output, testCase)), label).toBe(false);
      }
    }
  });

  it('comments and untouched lines kept', () => {
    for (const finding of actual()) {
      for (const proposal of proposalsOf(finding)) {
        const output = applied(code, proposal);
        const label = proposal.description;

        expect(isSubsequence(keptComments(code, proposal), commentTexts(output)), label).toBe(true);
        expect(isSubsequence(untouchedLines(code, proposal), output.split('\n')), label).toBe(true);
      }
    }
  });

  if (expected.some((finding) => finding.fix)) {
    it('second fix pass unchanged', () => {
      const once = fixPass(rule.id, code, testCase);

      expect(once).not.toBe(code);
      expect(fixPass(rule.id, once, testCase)).toBe(once);
    });
  }
}
