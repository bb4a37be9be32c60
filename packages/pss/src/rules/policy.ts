import type { K8sObject, RuleContext } from '@kubeharden/core';

import { evaluateObject } from '../evaluate/evaluate.js';
import type { PssLevel, PssViolation } from '../evaluate/types.js';
import { parsePssVersion } from '../evaluate/version.js';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';
export const MODES = ['enforce', 'audit', 'warn'] as const;
export type PssMode = (typeof MODES)[number];

const LEVEL_RANK: Record<PssLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** The level and version an object is evaluated at, and where they come from. */
export interface EffectivePolicy {
  readonly level: PssLevel;
  readonly version: string;
  /** `namespace` when the Namespace object's enforce label decided, `settings` otherwise. */
  readonly source: 'namespace' | 'settings';
}

export function isPssLevel(value: unknown): value is PssLevel {
  return value === 'privileged' || value === 'baseline' || value === 'restricted';
}

export function isStricter(a: PssLevel, b: PssLevel): boolean {
  return LEVEL_RANK[a] > LEVEL_RANK[b];
}

/**
 * The policy of a workload, as Pod Security Admission derives it: the configured level and
 * version stand in for the cluster defaults, and each enforce label of the workload's Namespace,
 * when the manifests define one, replaces its default. An invalid label value fails closed to
 * restricted and latest, as Pod Security Admission does (`PolicyToEvaluate` in
 * k8s.io/pod-security-admission/api).
 */
export function effectivePolicy(object: K8sObject, context: RuleContext): EffectivePolicy {
  const defaults = context.settings.pss;
  const namespace = object.namespace === undefined ? undefined : context.objects.namespace(object.namespace);
  const levelLabel = namespace?.labels[ENFORCE_LABEL];
  const versionLabel = namespace?.labels[ENFORCE_VERSION_LABEL];
  if (levelLabel === undefined && versionLabel === undefined) {
    return { level: defaults.level, version: defaults.version, source: 'settings' };
  }

  const level = levelLabel === undefined ? defaults.level : isPssLevel(levelLabel) ? levelLabel : 'restricted';
  const version = versionLabel === undefined ? defaults.version : isValidVersion(versionLabel) ? versionLabel : 'latest';
  return { level, version, source: 'namespace' };
}

function isValidVersion(text: string): boolean {
  try {
    parsePssVersion(text);
    return true;
  } catch {
    return false;
  }
}

// Every PSS rule of a run reads the same evaluation; it is computed once per object and policy.
const evaluations = new WeakMap<K8sObject, Map<string, PssViolation[]>>();

/** Evaluates an object once per level and version and returns the cached violations. */
export function violationsOf(object: K8sObject, level: PssLevel, version: string): PssViolation[] {
  let byPolicy = evaluations.get(object);
  if (!byPolicy) {
    byPolicy = new Map();
    evaluations.set(object, byPolicy);
  }
  const key = `${level}@${version}`;
  let violations = byPolicy.get(key);
  if (!violations) {
    violations = evaluateObject(object.value, level, parsePssVersion(version)) ?? [];
    byPolicy.set(key, violations);
  }
  return violations;
}
