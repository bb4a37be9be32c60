import {
  defineRule,
  formatPath,
  type FixProposal,
  type K8sObject,
  type RuleContext,
} from '@kubeharden/core';

import { isEnumNode, isObjectNode, type SchemaNode } from '../schema/node.js';
import type { WrongTypeIssue } from '../validate/issues.js';
import { validationOf } from '../validate/results.js';
import { describeActual, describeExpected } from './describe.js';
import { DEFAULT_SCHEMA_KINDS } from './kinds.js';

// Plain scalars that YAML 1.1, which kubectl follows, reads as booleans.
const YAML11_BOOLEANS =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

export const validFieldTypes = defineRule({
  id: 'valid-field-types',
  meta: {
    area: 'schema',
    severity: 'error',
    description: 'Every field has a value of the type its schema declares.',
    remediation:
      'Write the value in the expected type: quote text that YAML would read as a number or a boolean, and write objects and lists where the schema expects them.',
    rationale:
      'The API server rejects an object whose field has the wrong type, so the whole object, with the controls it carries, is not applied. YAML makes this easy to get wrong: an unquoted 1.10 is the number 1.1 and an unquoted yes is a boolean. Fields that accept an integer or a string (IntOrString, Quantity) accept both.',
    hipaa: [],
    fixable: 'fix',
    kinds: DEFAULT_SCHEMA_KINDS,
    limitations: [
      'The bundled schemas do not distinguish integers from other numbers, so 1.5 passes where an integer is expected, except in CustomResourceDefinitions that say integer.',
      'A mapping or a list where a scalar is expected is reported at its key, because findings about collections point at their key.',
    ],
  },
  create(context: RuleContext) {
    return {
      object(object) {
        for (const issue of validationOf(object, context.objects).issues) {
          if (issue.code !== 'wrong-type') continue;

          const written = sourceText(object, issue);
          const fix = conversionFix(object, issue, written);
          context.report({
            object,
            path: issue.path,
            target: 'value',
            message: messageOf(issue, written),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
});

function messageOf(issue: WrongTypeIssue, written: string | undefined): string {
  const actual = describeActual(issue.actual);
  // Say how a number or boolean was written when YAML read it differently: 1.10 as 1.1, yes as true.
  const spelling =
    written !== undefined && typeof issue.actual !== 'string' && written !== String(issue.actual)
      ? ` (written ${written})`
      : '';
  return `Field ${formatPath(issue.path)} must be ${describeExpected(issue.expected)}, not ${actual}${spelling}.`;
}

/** Returns the text of a scalar value as written in the file, or `undefined` for a collection. */
function sourceText(object: K8sObject, issue: WrongTypeIssue): string | undefined {
  if (issue.actual !== null && typeof issue.actual === 'object') return undefined;
  const range = object.rangeOf(issue.path, 'value');
  const text = object.document.file.text.slice(range.start, range.end);
  return text.includes('\n') ? undefined : text;
}

/**
 * Builds the edit that writes the value in the expected type when the intent is clear. It quotes
 * a plain scalar where a string is expected, unquotes a number or boolean written as a string,
 * and wraps a port number or name into a ServiceBackendPort.
 */
function conversionFix(
  object: K8sObject,
  issue: WrongTypeIssue,
  written: string | undefined,
): FixProposal | undefined {
  if (written === undefined) return undefined;
  const expected = expectedScalar(issue.expected);
  const actual = issue.actual;
  const quoted = written.startsWith('"') || written.startsWith("'");

  let replacement: string | undefined;
  let description: string | undefined;
  if (
    expected === 'string' &&
    !quoted &&
    (typeof actual === 'number' || typeof actual === 'boolean')
  ) {
    replacement = JSON.stringify(written);
    description = `Quote ${written} so that it stays text`;
  } else if (
    (expected === 'number' || expected === 'integer') &&
    typeof actual === 'string' &&
    quoted
  ) {
    if (DECIMAL.test(actual) && (expected === 'number' || Number.isInteger(Number(actual)))) {
      replacement = actual;
      description = `Write ${actual} as a number`;
    }
  } else if (
    expected === 'boolean' &&
    typeof actual === 'string' &&
    quoted &&
    /^(?:true|false)$/.test(actual)
  ) {
    replacement = actual;
    description = `Write ${actual} as a boolean`;
  } else if (
    isBackendPort(issue.expected) &&
    !quoted &&
    typeof actual === 'number' &&
    Number.isInteger(actual)
  ) {
    replacement = `{ number: ${actual} }`;
    description = `Write the port as number: ${actual}`;
  } else if (
    isBackendPort(issue.expected) &&
    typeof actual === 'string' &&
    !YAML11_BOOLEANS.test(written)
  ) {
    replacement = `{ name: ${written} }`;
    description = `Write the port as name: ${actual}`;
  }
  if (replacement === undefined || description === undefined) return undefined;

  const range = object.rangeOf(issue.path, 'value');
  return { description, edits: [{ start: range.start, end: range.end, text: replacement }] };
}

function expectedScalar(node: SchemaNode): string | undefined {
  if (typeof node === 'string') return node;
  if (isEnumNode(node)) return node.type ?? 'string';
  return undefined;
}

function isBackendPort(node: SchemaNode): boolean {
  return isObjectNode(node) && node.title === 'ServiceBackendPort';
}
