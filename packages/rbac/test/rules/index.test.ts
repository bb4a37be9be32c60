import { describe, expect, it } from 'vitest';

import { PROBLEM_CODES } from '../../src/problems/types.js';
import { RBAC_KINDS, RBAC_RULES } from '../../src/rules/index.js';

describe('RBAC_RULES', () => {
  it('one rule per problem code', () => {
    expect(RBAC_RULES.map((rule) => rule.id)).toEqual([...PROBLEM_CODES]);
  });

  it('rbac area and shared kinds', () => {
    for (const rule of RBAC_RULES) {
      expect(rule.meta.area, rule.id).toBe('rbac');
      expect(rule.meta.kinds, rule.id).toEqual(RBAC_KINDS);
    }
  });

  it('least-privilege HIPAA sections', () => {
    for (const rule of RBAC_RULES) {
      expect(rule.meta.hipaa, rule.id).toContain('164.312(a)(1)');
      expect(rule.meta.hipaa, rule.id).toContain('164.308(a)(4)');
    }
  });

  it('errors for escalation paths', () => {
    const errors = RBAC_RULES.filter((rule) => rule.meta.severity === 'error').map(
      (rule) => rule.id,
    );

    expect(errors).toEqual(
      expect.arrayContaining([
        'no-wildcard-verbs',
        'no-wildcard-resources',
        'no-wildcard-api-groups',
        'no-escalation-verbs',
        'no-secret-read-without-resource-names',
        'no-pod-exec',
        'no-cluster-admin-binding',
      ]),
    );
  });
});
