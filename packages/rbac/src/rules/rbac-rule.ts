import {
  defineRule,
  type EquivalentCheck,
  type FixProposal,
  type HipaaSection,
  type K8sObject,
  type Rule,
  type RuleContext,
  type Severity,
} from '@kubeharden/core';

import { joinWithAnd } from '../model/objects.js';
import type { Problem, ProblemCode } from '../problems/types.js';
import { analysisOf, RBAC_KINDS, type RunAnalysis } from './analysis.js';

// Least privilege in roles and bindings is access control, and RBAC review is information
// access management.
export const ACCESS_SECTIONS: readonly HipaaSection[] = ['164.312(a)(1)', '164.308(a)(4)'];

// Rules about who an identity is add unique user identification.
export const IDENTITY_SECTIONS: readonly HipaaSection[] = [
  '164.312(a)(1)',
  '164.312(a)(2)(i)',
  '164.308(a)(4)',
];

/** How many bindings a message names before it counts the rest. */
const MAX_NAMED_BINDINGS = 3;

/** Edits a rule offers for one problem. */
export interface Remedies {
  readonly fix?: FixProposal;
  readonly suggestions?: readonly FixProposal[];
}

/** Metadata of one RBAC rule; its id is the code of the problems it reports. */
export interface RbacRuleSpec {
  readonly id: ProblemCode;
  readonly severity: Severity;
  readonly description: string;
  readonly remediation: string;
  readonly rationale: string;
  readonly hipaa: readonly HipaaSection[];
  readonly equivalents?: readonly EquivalentCheck[];
  readonly fixable?: 'fix' | 'suggestion';
  readonly limitations?: readonly string[];
  readonly remedies?: (object: K8sObject, problem: Problem, context: RuleContext) => Remedies;
}

/**
 * Builds the rule that reports the problems of one code. The problems come from the analysis
 * shared by every RBAC rule of the run, and each is reported on the object it concerns.
 */
export function rbacRule(spec: RbacRuleSpec): Rule {
  return defineRule({
    id: spec.id,
    meta: {
      area: 'rbac',
      severity: spec.severity,
      description: spec.description,
      remediation: spec.remediation,
      rationale: spec.rationale,
      hipaa: spec.hipaa,
      ...(spec.equivalents ? { equivalents: spec.equivalents } : {}),
      ...(spec.fixable ? { fixable: spec.fixable } : {}),
      kinds: RBAC_KINDS,
      ...(spec.limitations ? { limitations: spec.limitations } : {}),
    },
    create(context: RuleContext) {
      return {
        end() {
          const analysis = analysisOf(context);
          for (const problem of analysis.problems.get(spec.id) ?? []) {
            reportProblem(context, analysis, problem, spec);
          }
        },
      };
    },
  });
}

function reportProblem(
  context: RuleContext,
  analysis: RunAnalysis,
  problem: Problem,
  spec: RbacRuleSpec,
): void {
  const object = analysis.objectOf(problem.object);
  if (object === undefined) {
    throw new Error(
      `Problem "${problem.message}" concerns an object that the run does not contain.`,
    );
  }

  const related = relatedObjects(analysis, problem);
  const remedies = spec.remedies?.(object, problem, context) ?? {};
  context.report({
    object,
    path: problem.path,
    message: withBindings(
      problem.message,
      related.map(({ object: binding }) => binding),
    ),
    ...(remedies.fix ? { fix: remedies.fix } : {}),
    ...(remedies.suggestions && remedies.suggestions.length > 0
      ? { suggestions: remedies.suggestions }
      : {}),
    ...(related.length === 0
      ? {}
      : {
          data: {
            related: related.map(({ object: binding, path, message }) => ({
              message,
              file: binding.file,
              path: binding.documentPath(path),
              range: binding.rangeOf(path),
            })),
          },
        }),
  });
}

function relatedObjects(
  analysis: RunAnalysis,
  problem: Problem,
): { object: K8sObject; path: Problem['path']; message: string }[] {
  const related: { object: K8sObject; path: Problem['path']; message: string }[] = [];
  for (const location of problem.related ?? []) {
    const object = analysis.objectOf(location.object);
    if (object !== undefined)
      related.push({ object, path: location.path, message: location.message });
  }
  return related;
}

/**
 * Appends the bindings that grant a rule, so a finding on a role names who holds it. Copies of
 * one binding in several files are named once.
 */
function withBindings(message: string, bindings: readonly K8sObject[]): string {
  const distinct = [...new Set(bindings.map(describeBinding))];
  if (distinct.length === 0) return message;

  const names = distinct.slice(0, MAX_NAMED_BINDINGS);
  const more = distinct.length - names.length;
  const list = joinWithAnd(
    more > 0 ? [...names, `${more} more binding${more === 1 ? '' : 's'}`] : names,
  );
  return `${message} ${list} ${distinct.length === 1 ? 'grants' : 'grant'} this rule.`;
}

function describeBinding(binding: K8sObject): string {
  const name = binding.name ?? '<unnamed>';
  return binding.namespace === undefined
    ? `${binding.kind} ${name}`
    : `${binding.kind} ${binding.namespace}/${name}`;
}
