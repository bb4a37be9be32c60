import { evaluatePodSpec, parsePssVersion } from '../../src/evaluate/index.js';
import type { PssLevel, PssViolation } from '../../src/evaluate/index.js';

/** Builds a container that passes every restricted check on its own. */
export function restrictedContainer(name: string, securityContext: object = {}): object {
  return {
    name,
    image: 'registry.example.com/app:1.0',
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      ...securityContext,
    },
  };
}

/** Builds a pod spec that passes every restricted check, with `overrides` merged over its top level. */
export function restrictedSpec(overrides: object = {}): Record<string, unknown> {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [restrictedContainer('app')],
    ...overrides,
  };
}

/** Evaluates a pod spec; `version` is a namespace label value such as `v1.25` or `latest`. */
export function evaluate(
  level: PssLevel,
  version: string,
  spec: unknown,
  metadata?: unknown,
): PssViolation[] {
  return evaluatePodSpec({ metadata, spec }, level, parsePssVersion(version));
}

/** Returns the violation of one check, or `undefined` when that check passed. */
export function violationOf(
  violations: readonly PssViolation[],
  checkId: string,
): PssViolation | undefined {
  return violations.find((violation) => violation.checkId === checkId);
}

/** Returns the ids of the checks that failed, in report order. */
export function checkIds(violations: readonly PssViolation[]): string[] {
  return violations.map((violation) => violation.checkId);
}
