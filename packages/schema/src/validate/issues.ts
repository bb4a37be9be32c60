import type { Path } from '@kubeharden/core';

import type { SchemaNode } from '../schema/node.js';

/** The place an unknown field belongs to instead, for the misplacements that are known. */
export interface PlacementHint {
  /** Advice for the user, as a clause that starts with a lower-case verb: "set it in …". */
  readonly advice: string;
  /** The sibling definition that has the field, for the pod and container security contexts. */
  readonly belongsTo?: 'container-security-context' | 'pod-security-context' | 'container';
}

interface IssueBase {
  /** Path relative to the object root. */
  readonly path: Path;
  /** Title of the definition that contains the path, such as `PodSecurityContext`. */
  readonly owner: string | undefined;
}

export interface UnknownFieldIssue extends IssueBase {
  readonly code: 'unknown-field';
  /** Known fields of the owner whose names are close to the unknown one, best first. */
  readonly candidates: readonly string[];
  /** The candidate a rename fix may use: the single closest one, whose schema fits the value. */
  readonly rename?: string;
  readonly hint?: PlacementHint;
}

export interface WrongTypeIssue extends IssueBase {
  readonly code: 'wrong-type';
  /** The expected schema with references resolved. */
  readonly expected: SchemaNode;
  readonly actual: unknown;
}

export interface MissingFieldIssue extends IssueBase {
  readonly code: 'missing-field';
  /** The missing field; `path` is its parent. */
  readonly field: string;
}

export interface InvalidValueIssue extends IssueBase {
  readonly code: 'invalid-value';
  readonly allowed: readonly unknown[];
  readonly actual: unknown;
}

export interface ConflictIssue extends IssueBase {
  readonly code: 'conflict';
  /** The field set together with an earlier one; `path` ends with it. */
  readonly field: string;
  /** Earlier fields it conflicts with, in schema order. */
  readonly conflictsWith: readonly string[];
  /** The consequence and remedy, as a sentence fragment (see `ExclusiveFields.advice`). */
  readonly advice: string;
}

/** A structural problem of one object, found by comparing its value with its schema. */
export type SchemaIssue =
  UnknownFieldIssue | WrongTypeIssue | MissingFieldIssue | InvalidValueIssue | ConflictIssue;
