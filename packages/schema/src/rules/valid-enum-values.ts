import {
  defineRule,
  formatPath,
  type FixProposal,
  type K8sObject,
  type RuleContext,
} from '@kubeharden/core';

import type { InvalidValueIssue } from '../validate/issues.js';
import { validationOf } from '../validate/results.js';
import { describeActual, listNames } from './describe.js';
import { DEFAULT_SCHEMA_KINDS } from './kinds.js';

export const validEnumValues = defineRule({
  id: 'valid-enum-values',
  meta: {
    area: 'schema',
    severity: 'error',
    description: 'Fields with a fixed set of values hold one of them.',
    remediation:
      'Use one of the values the message lists, spelt exactly so; values are case-sensitive.',
    rationale:
      'The API server rejects a value outside the declared set, such as imagePullPolicy: always or a TLS mode that a CRD does not know, so the object and its controls are not applied.',
    hipaa: [],
    fixable: 'fix',
    kinds: DEFAULT_SCHEMA_KINDS,
    limitations: [
      'The sets of the built-in kinds are those of the Kubernetes version the bundled schemas were generated from; a value added in a later version is reported.',
    ],
  },
  create(context: RuleContext) {
    return {
      object(object) {
        for (const issue of validationOf(object, context.objects).issues) {
          if (issue.code !== 'invalid-value') continue;

          const fix = caseFix(object, issue);
          context.report({
            object,
            path: issue.path,
            target: 'value',
            message: `Field ${formatPath(issue.path)} has ${describeActual(issue.actual)}, which is not one of ${listNames(issue.allowed, 'or')}.`,
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
});

/** Corrects the case of a value that differs from an allowed one only in case, such as always. */
function caseFix(object: K8sObject, issue: InvalidValueIssue): FixProposal | undefined {
  if (typeof issue.actual !== 'string') return undefined;
  const lower = issue.actual.toLowerCase();
  const matches = issue.allowed.filter(
    (value): value is string => typeof value === 'string' && value.toLowerCase() === lower,
  );
  if (matches.length !== 1) return undefined;

  const range = object.rangeOf(issue.path, 'value');
  const written = object.document.file.text.slice(range.start, range.end);
  const quote = written.startsWith('"') || written.startsWith("'") ? written[0]! : '';
  const value = matches[0]!;
  return {
    description: `Write ${value}`,
    edits: [
      { start: range.start, end: range.end, text: quote ? `${quote}${value}${quote}` : value },
    ],
  };
}
