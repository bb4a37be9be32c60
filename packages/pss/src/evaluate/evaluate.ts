import { getAt, podTemplateLocation } from './core.js';
import type { PodTemplateLocation } from './core.js';
import { readPod } from './pod.js';
import { activeChecks } from './registry.js';
import type { PssLevel, PssVersion, PssViolation } from './types.js';
import { effectiveMinor } from './version.js';
import { asObject } from './values.js';

/** Location of the metadata and spec of a `Pod`, the default for `evaluatePodSpec`. */
const POD_LOCATION: PodTemplateLocation = { metadata: ['metadata'], spec: ['spec'] };

const LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];

/**
 * Evaluates a pod spec and its metadata against a level and version of the Pod Security
 * Standards, with the same verdict as the Pod Security Admission plugin. Field paths start with
 * `location`, which defaults to that of a `Pod`. Malformed manifest values do not throw, because a
 * field of the wrong type is treated as unset. An invalid `level` or `version` argument throws.
 */
export function evaluatePodSpec(
  input: { metadata?: unknown; spec: unknown },
  level: PssLevel,
  version: PssVersion,
  location: PodTemplateLocation = POD_LOCATION,
): PssViolation[] {
  if (!LEVELS.includes(level)) {
    throw new Error(
      `Invalid Pod Security Standards level ${JSON.stringify(level)}: use "privileged", "baseline" or "restricted".`,
    );
  }
  const minor = effectiveMinor(version);
  if (level === 'privileged') return [];

  const pod = readPod(input.metadata, input.spec, location.metadata, location.spec);
  const violations: PssViolation[] = [];
  for (const { check, evaluate } of activeChecks(level, minor)) {
    const failure = evaluate(pod);
    if (failure === undefined) continue;
    violations.push({
      checkId: check.id,
      level: check.level,
      reason: failure.reason,
      detail: failure.detail,
      fields: failure.fields,
    });
  }
  return violations;
}

/**
 * Evaluates the pod template of a pod-bearing object (Pod, PodTemplate, ReplicationController,
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob). Returns `undefined` for any other
 * kind; field paths start at the object root.
 */
export function evaluateObject(
  object: unknown,
  level: PssLevel,
  version: PssVersion,
): PssViolation[] | undefined {
  const root = asObject(object);
  const apiVersion = root?.apiVersion;
  const kind = root?.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;

  const location = podTemplateLocation(apiVersion, kind);
  if (location === undefined) return undefined;

  const input = { metadata: getAt(root, location.metadata), spec: getAt(root, location.spec) };
  return evaluatePodSpec(input, level, version, location);
}
