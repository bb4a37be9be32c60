import type { Finding, Rule } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { applied, engineFindings, findingsOf, positionOf } from '../helpers.js';

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

export interface RuleCase {
  readonly name: string;
  readonly code: string;
}

export interface InvalidCase extends RuleCase {
  /** Every finding of the rule, in source order. */
  readonly findings: readonly ExpectedFinding[];
}

/**
 * Declares the tests of one schema rule through the real engine. Valid cases produce no finding
 * of the rule. Invalid cases produce exactly the expected findings and proposals, and applying
 * a proposal removes its finding without a YAML error.
 */
export function testRule(
  rule: Rule,
  cases: { valid: readonly RuleCase[]; invalid: readonly InvalidCase[] },
): void {
  describe(rule.id, () => {
    describe('valid', () => {
      for (const testCase of cases.valid) {
        it(testCase.name, () => {
          expect(engineFindings(testCase.code)).toEqual([]);
          expect(findingsOf(rule.id, testCase.code).map((finding) => finding.message)).toEqual([]);
        });
      }
    });

    describe('invalid', () => {
      for (const testCase of cases.invalid) {
        describe(testCase.name, () => declareInvalid(rule, testCase));
      }
    });
  });
}

function declareInvalid(rule: Rule, testCase: InvalidCase): void {
  const { code, findings: expected } = testCase;
  const actual = (): Finding[] => findingsOf(rule.id, code);

  it('findings', () => {
    const findings = actual();

    expect(engineFindings(code)).toEqual([]);
    expect(findings.map((finding) => finding.message)).toEqual(
      expected.map((finding) => finding.message),
    );
    expected.forEach((expectation, index) => {
      expect(positionOf(findings[index]!), `position of finding ${index}`).toEqual(
        expectation.position,
      );
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
    for (const finding of actual()) {
      for (const proposal of [
        ...(finding.fix ? [finding.fix] : []),
        ...(finding.suggestions ?? []),
      ]) {
        const output = applied(code, proposal);
        const label = proposal.description;

        expect(engineFindings(output), label).toEqual([]);
        expect(
          findingsOf(rule.id, output).some((other) => other.message === finding.message),
          label,
        ).toBe(false);
      }
    }
  });
}
