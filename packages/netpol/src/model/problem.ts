import type { Path } from '@kubeharden/core';

/**
 * The place of an object in the input: the index of the input value it came from, and its
 * path inside that value (`[]`, or `['items', 3]` for an item of a List).
 */
export interface ObjectLocation {
  readonly index: number;
  readonly path: Path;
}

/** The Kubernetes object a problem or a policy belongs to. */
export interface ObjectRef {
  readonly kind: string;
  /** Namespace the object lives in, after the default namespace was applied; absent for namespaces. */
  readonly namespace?: string;
  readonly name: string;
  readonly location: ObjectLocation;
}

/**
 * Codes of the problems the package detects. `error` problems are inputs the Kubernetes API
 * server would reject; `warning` problems are accepted by the API but do not do what they seem to.
 */
export type ProblemCode =
  | 'invalid-field'
  | 'missing-name'
  | 'duplicate-policy'
  | 'invalid-label-selector'
  | 'unknown-selector-operator'
  | 'invalid-policy-type'
  | 'ignored-rules'
  | 'empty-peer'
  | 'ip-block-with-selector'
  | 'invalid-cidr'
  | 'non-canonical-cidr'
  | 'except-outside-cidr'
  | 'invalid-protocol'
  | 'invalid-port'
  | 'invalid-end-port'
  | 'named-port-to-ip-block'
  | 'inconsistent-owner-labels';

export type ProblemSeverity = 'error' | 'warning';

/**
 * A problem found in one object. `path` is relative to the object, so that a caller can turn
 * it into a source range. It points at the key of a field that must not be set, at the value of
 * a bad value, or at the nearest existing parent of a missing field.
 */
export interface Problem {
  readonly code: ProblemCode;
  readonly severity: ProblemSeverity;
  readonly message: string;
  readonly object: ObjectRef;
  readonly path: Path;
  /** `key` when the field must not be set; `value` when its value is wrong or it is missing. */
  readonly target: ProblemTarget;
}

export type ProblemTarget = 'key' | 'value';

/** Collects the problems of one object while it is read. */
export class ProblemSink {
  readonly problems: Problem[] = [];

  constructor(private readonly object: ObjectRef) {}

  error(code: ProblemCode, path: Path, message: string, target: ProblemTarget = 'value'): void {
    this.problems.push({ code, severity: 'error', message, object: this.object, path, target });
  }

  warning(code: ProblemCode, path: Path, message: string, target: ProblemTarget = 'value'): void {
    this.problems.push({ code, severity: 'warning', message, object: this.object, path, target });
  }
}

/** Quotes a value for a message the way the Kubernetes API quotes field values. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}
