import type { Rule } from '@kubeharden/core';

import { PROBLEM_CODES } from '../problems/types.js';
import { BINDING_RULES } from './binding-rules.js';
import { ROLE_RULES } from './role-rules.js';
import { WORKLOAD_RULES } from './workload-rules.js';

export * from './binding-rules.js';
export * from './role-rules.js';
export * from './workload-rules.js';
export { RBAC_INDEX_KINDS, RBAC_KINDS } from './analysis.js';

/** Every rule of the RBAC area, one per problem code and in the order of the codes. */
export const RBAC_RULES: readonly Rule[] = orderByProblemCode([
  ...ROLE_RULES,
  ...BINDING_RULES,
  ...WORKLOAD_RULES,
]);

function orderByProblemCode(rules: readonly Rule[]): Rule[] {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  return PROBLEM_CODES.map((code) => {
    const rule = byId.get(code);
    if (rule === undefined) {
      throw new Error(`Problem code "${code}" has no rule; add one to the RBAC rule modules.`);
    }
    return rule;
  });
}
