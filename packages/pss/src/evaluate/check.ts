import type { PodView } from './pod.js';
import type { PssField } from './types.js';

/** The outcome of a check that denies the pod. */
export interface CheckFailure {
  readonly reason: string;
  readonly detail: string;
  readonly fields: readonly PssField[];
}

/** Evaluates one check on a pod; returns `undefined` when the pod passes. */
export type CheckFn = (pod: PodView) => CheckFailure | undefined;

/** The behaviour of a check from one policy version until the next entry takes over. */
export interface CheckVersion {
  /** First minor version of Kubernetes 1.x that this behaviour applies to. */
  readonly minMinor: number;
  readonly evaluate: CheckFn;
}

/** A Pod Security Standards check, as upstream registers it. */
export interface PssCheck {
  /** Upstream check id. */
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /** Versions in increasing order of `minMinor`; before the first one the check does not apply. */
  readonly versions: readonly CheckVersion[];
  /** Baseline check ids that this restricted check replaces at restricted, wherever it applies. */
  readonly overrides?: readonly string[];
}
