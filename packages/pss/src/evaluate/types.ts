import type { ContainerList, Path } from './core.js';

/** A Pod Security Standards level, as the `pod-security.kubernetes.io/enforce` label names it. */
export type PssLevel = 'privileged' | 'baseline' | 'restricted';

/** A policy version: a minor version of Kubernetes 1.x, or `latest`. */
export type PssVersion = { readonly minor: number } | 'latest';

/**
 * Kind of fault of a field. `forbidden-value` is a field set to a value the check rejects, or
 * set at all where it must not be. `missing` is a required field that is absent.
 */
export type PssFieldProblem = 'forbidden-value' | 'missing';

/** The container a field belongs to. */
export interface PssContainerRef {
  readonly list: ContainerList;
  /** Index in `list`. */
  readonly index: number;
  /** The container's `name`, or an empty string when it has none. */
  readonly name: string;
}

/** One offending field of a violation. */
export interface PssField {
  /**
   * Path from the object root to the offending field: the key of a field that must not be set,
   * the value of a bad value, or, for a missing field, the path where it must be added.
   */
  readonly path: Path;
  readonly problem: PssFieldProblem;
  /** Present when the field belongs to a container; absent for pod-level fields. */
  readonly container?: PssContainerRef;
  /** One sentence that names the field and the value, and states what to change. */
  readonly message: string;
}

/** One failed check, with the reason and detail texts that Pod Security Admission reports. */
export interface PssViolation {
  /** Upstream check id, such as `runAsNonRoot` or `capabilities_restricted`. */
  readonly checkId: string;
  /** Level the check belongs to, which is not always the level evaluated. */
  readonly level: 'baseline' | 'restricted';
  /** Forbidden reason, as Pod Security Admission words it. */
  readonly reason: string;
  /** Forbidden detail, as Pod Security Admission words it. */
  readonly detail: string;
  /** Every offending field; never empty. */
  readonly fields: readonly PssField[];
}
