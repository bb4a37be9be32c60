import type { Path } from '@kubeharden/core';

import { labelKeyError, labelValueError } from './names.js';
import { compareText } from './order.js';
import { quote, type ProblemSink } from './problem.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** One requirement of a label selector; `matchLabels` entries become `In` with one value. */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/**
 * A compiled `metav1.LabelSelector`. An invalid selector matches nothing, as
 * `metav1.LabelSelectorAsSelector` callers treat a conversion error.
 */
export interface LabelSelector {
  readonly requirements: readonly SelectorRequirement[];
  readonly valid: boolean;
  /** True for `{}`, which matches every label set. */
  readonly empty: boolean;
  /** Canonical text of the selector, equal for selectors that select the same label sets. */
  readonly key: string;
}

export type Labels = Readonly<Record<string, string>>;

/** Matches nothing; stands for a selector that failed validation. */
export const NOTHING: LabelSelector = { requirements: [], valid: false, empty: false, key: '!' };

/** Matches everything, like `{}`. */
export const EVERYTHING: LabelSelector = { requirements: [], valid: true, empty: true, key: '' };

/** Tests whether a label set satisfies every requirement of a selector. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  if (!selector.valid) return false;

  for (const requirement of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    const value = has ? labels[requirement.key] : undefined;
    switch (requirement.operator) {
      case 'In':
        if (value === undefined || !requirement.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && requirement.values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/**
 * Compiles the `metav1.LabelSelector` at `path` of an object. Every validation failure is
 * reported at the offending key or value, and the selector then matches nothing.
 */
export function parseLabelSelector(value: unknown, path: Path, sink: ProblemSink): LabelSelector {
  if (value === null || value === undefined) return EVERYTHING;
  if (!isRecord(value)) {
    sink.error(
      'invalid-label-selector',
      path,
      `Label selector must be a mapping, not ${quote(value)}.`,
    );
    return NOTHING;
  }

  for (const key of Object.keys(value)) {
    // The API server drops unknown fields with a warning, so the rest of the selector still applies.
    if (key !== 'matchLabels' && key !== 'matchExpressions') {
      sink.warning(
        'invalid-label-selector',
        [...path, key],
        `Label selector field ${quote(key)} is unknown; the API server drops it, so it does not restrict the selection.`,
        'key',
      );
    }
  }

  const requirements: SelectorRequirement[] = [];
  const labelsValid = readMatchLabels(
    value.matchLabels,
    [...path, 'matchLabels'],
    sink,
    requirements,
  );
  const expressionsPath = [...path, 'matchExpressions'];
  const expressionsValid = readMatchExpressions(
    value.matchExpressions,
    expressionsPath,
    sink,
    requirements,
  );
  return labelsValid && expressionsValid ? makeSelector(requirements) : NOTHING;
}

function readMatchLabels(
  value: unknown,
  path: Path,
  sink: ProblemSink,
  requirements: SelectorRequirement[],
): boolean {
  if (value === undefined || value === null) return true;
  if (!isRecord(value)) {
    sink.error(
      'invalid-label-selector',
      path,
      `matchLabels must be a mapping of label keys to values, not ${quote(value)}.`,
    );
    return false;
  }

  let valid = true;
  for (const [key, labelValue] of Object.entries(value)) {
    const keyError = labelKeyError(key);
    if (keyError !== undefined) {
      sink.error(
        'invalid-label-selector',
        [...path, key],
        `Label key ${quote(key)} is invalid: ${keyError}.`,
      );
      valid = false;
      continue;
    }
    if (typeof labelValue !== 'string') {
      sink.error(
        'invalid-label-selector',
        [...path, key],
        `Label value ${quote(labelValue)} of ${quote(key)} must be a string; quote it in YAML.`,
      );
      valid = false;
      continue;
    }
    const valueError = labelValueError(labelValue);
    if (valueError !== undefined) {
      sink.error(
        'invalid-label-selector',
        [...path, key],
        `Label value ${quote(labelValue)} is invalid: it ${valueError}.`,
      );
      valid = false;
      continue;
    }
    requirements.push({ key, operator: 'In', values: [labelValue] });
  }
  return valid;
}

function readMatchExpressions(
  value: unknown,
  path: Path,
  sink: ProblemSink,
  requirements: SelectorRequirement[],
): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) {
    sink.error(
      'invalid-label-selector',
      path,
      `matchExpressions must be a list, not ${quote(value)}.`,
    );
    return false;
  }

  let valid = true;
  value.forEach((expression: unknown, index) => {
    const requirement = readExpression(expression, [...path, index], sink);
    if (requirement === undefined) valid = false;
    else requirements.push(requirement);
  });
  return valid;
}

function readExpression(
  value: unknown,
  path: Path,
  sink: ProblemSink,
): SelectorRequirement | undefined {
  if (!isRecord(value)) {
    sink.error(
      'invalid-label-selector',
      path,
      `A match expression must be a mapping, not ${quote(value)}.`,
    );
    return undefined;
  }

  const { key, operator, values } = value;
  if (typeof key !== 'string') {
    const target = key === undefined ? path : [...path, 'key'];
    sink.error('invalid-label-selector', target, 'A match expression needs a string key.');
    return undefined;
  }
  const keyError = labelKeyError(key);
  if (keyError !== undefined) {
    sink.error(
      'invalid-label-selector',
      [...path, 'key'],
      `Label key ${quote(key)} is invalid: ${keyError}.`,
    );
    return undefined;
  }
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    const target = operator === undefined ? path : [...path, 'operator'];
    const operatorText = operator === undefined ? 'missing' : quote(operator);
    sink.error(
      'unknown-selector-operator',
      target,
      `Selector operator ${operatorText} is not one of In, NotIn, Exists, DoesNotExist.`,
    );
    return undefined;
  }

  const list = readValues(values, [...path, 'values'], sink);
  if (list === undefined) return undefined;
  const op = operator as SelectorOperator;
  if ((op === 'In' || op === 'NotIn') && list.length === 0) {
    const target = values === undefined ? path : [...path, 'values'];
    sink.error('invalid-label-selector', target, `Operator ${op} needs at least one value.`);
    return undefined;
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && list.length > 0) {
    sink.error('invalid-label-selector', [...path, 'values'], `Operator ${op} takes no values.`);
    return undefined;
  }
  return { key, operator: op, values: list };
}

function readValues(value: unknown, path: Path, sink: ProblemSink): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    sink.error(
      'invalid-label-selector',
      path,
      `values must be a list of strings, not ${quote(value)}.`,
    );
    return undefined;
  }

  const result: string[] = [];
  for (const [index, entry] of value.entries()) {
    if (typeof entry !== 'string') {
      sink.error(
        'invalid-label-selector',
        [...path, index],
        `Value ${quote(entry)} must be a string; quote it in YAML.`,
      );
      return undefined;
    }
    const valueError = labelValueError(entry);
    if (valueError !== undefined) {
      sink.error(
        'invalid-label-selector',
        [...path, index],
        `Label value ${quote(entry)} is invalid: it ${valueError}.`,
      );
      return undefined;
    }
    result.push(entry);
  }
  return result;
}

function makeSelector(requirements: readonly SelectorRequirement[]): LabelSelector {
  const canonical = requirements
    .map((requirement) => ({
      ...requirement,
      values: [...new Set(requirement.values)].sort(),
    }))
    .sort(
      (a, b) =>
        compareText(a.key, b.key) ||
        compareText(a.operator, b.operator) ||
        compareText(a.values.join(','), b.values.join(',')),
    );
  const key = canonical.map((r) => `${r.key} ${r.operator} ${JSON.stringify(r.values)}`).join('; ');
  return { requirements: canonical, valid: true, empty: canonical.length === 0, key };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
