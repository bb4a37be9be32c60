import type { IndexOptions, RbacIndex, RuleEntry, BindingEntry } from '../analysis/rbac-index.js';
import { buildIndex, effectiveRulesOf } from '../analysis/rbac-index.js';
import { formatRef } from '../model/objects.js';
import { findBindingProblems, findClusterRoleForNamespacedResources } from './binding-problems.js';
import { findRoleProblems } from './rule-problems.js';
import type { DetectOptions, Problem, RelatedLocation } from './types.js';
import {
  findServiceAccountProblems,
  findUndefinedSubjectServiceAccounts,
  findWorkloadProblems,
} from './workload-problems.js';

/**
 * Finds the RBAC problems of indexed manifests. Problems are ordered by document, then by the
 * order of the checks. A problem about a rule lists, as related locations, the bindings that
 * grant that rule, directly or through an aggregated ClusterRole.
 */
export function detectProblems(index: RbacIndex, options: DetectOptions = {}): Problem[] {
  const assumeComplete = options.assumeComplete ?? false;
  const problems: Problem[] = [];
  const bindingsByRule = bindingsGrantingEachRule(index);

  for (const role of index.roles) {
    for (const finding of findRoleProblems(role)) {
      const related =
        finding.rule === undefined ? [] : relatedBindings(bindingsByRule.get(finding.rule));
      problems.push({
        code: finding.code,
        message: finding.message,
        object: role.object,
        path: finding.path,
        ...(related.length === 0 ? {} : { related }),
      });
    }
    for (const finding of findClusterRoleForNamespacedResources(index, role)) {
      problems.push({ ...finding, object: role.object });
    }
  }

  for (const binding of index.bindings) {
    const findings = findBindingProblems(index, binding, assumeComplete);
    if (assumeComplete) findings.push(...findUndefinedSubjectServiceAccounts(index, binding));
    for (const finding of findings) problems.push({ ...finding, object: binding.object });
  }

  for (const serviceAccount of index.serviceAccounts) {
    for (const finding of findServiceAccountProblems(index, serviceAccount)) {
      problems.push({ ...finding, object: serviceAccount.object });
    }
  }

  for (const workload of index.workloads) {
    for (const finding of findWorkloadProblems(index, workload, assumeComplete)) {
      problems.push({ ...finding, object: workload.object });
    }
  }

  return sortByDocument(index, problems);
}

/** Builds the index of `documents` and finds their problems. */
export function detectProblemsInDocuments(
  documents: readonly unknown[],
  options: DetectOptions & IndexOptions = {},
): Problem[] {
  return detectProblems(buildIndex(documents, options), options);
}

function bindingsGrantingEachRule(index: RbacIndex): Map<RuleEntry, BindingEntry[]> {
  const byRule = new Map<RuleEntry, BindingEntry[]>();
  for (const binding of index.bindings) {
    if (binding.role === undefined) continue;
    for (const rule of effectiveRulesOf(index, binding.role).rules) {
      const bindings = byRule.get(rule) ?? [];
      bindings.push(binding);
      byRule.set(rule, bindings);
    }
  }
  return byRule;
}

function relatedBindings(bindings: readonly BindingEntry[] | undefined): RelatedLocation[] {
  return (bindings ?? []).map((binding) => ({
    object: binding.object,
    path: binding.roleRef === undefined ? binding.path : [...binding.roleRef.path, 'name'],
    message: `${formatRef(binding.ref)} grants this rule.`,
  }));
}

function sortByDocument(index: RbacIndex, problems: Problem[]): Problem[] {
  const order = new Map<unknown, number>();
  index.documents.forEach((document, position) => {
    if (!order.has(document)) order.set(document, position);
  });
  return problems
    .map((problem, position) => ({ problem, position }))
    .sort(
      (a, b) =>
        (order.get(a.problem.object) ?? 0) - (order.get(b.problem.object) ?? 0) ||
        a.position - b.position,
    )
    .map(({ problem }) => problem);
}
