import type { Rule } from '../rules/rule.js';
import type { Framework } from './framework.js';
import { HIPAA } from './hipaa.js';

/** Every framework a compliance report can be built for. */
export const FRAMEWORKS: readonly Framework[] = [HIPAA];

/** The framework with this id, or `undefined`. */
export function findFramework(id: string): Framework | undefined {
  return FRAMEWORKS.find((framework) => framework.id === id);
}

/**
 * Lists the requirements of `framework` that a rule gives evidence for: the HIPAA sections of its
 * metadata, translated through the framework's crosswalk when it has one.
 */
export function requirementsOfRule(framework: Framework, rule: Rule): string[] {
  const known = new Set(framework.requirements.map((requirement) => requirement.id));
  const sections = rule.meta.hipaa as readonly string[];
  const mapped = framework.crosswalk
    ? sections.flatMap((section) => framework.crosswalk?.[section] ?? [])
    : sections;
  return [...new Set(mapped)].filter((id) => known.has(id));
}
