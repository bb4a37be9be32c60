import { describe, expect, it } from 'vitest';

import { isHipaaSection, RuleRegistry } from '@kubeharden/core';

import { AUDIT_RULES } from '../../audit/src/index.js';
import { ENCRYPTION_RULES } from '../src/index.js';

describe.each([
  ['encryption', ENCRYPTION_RULES],
  ['audit', AUDIT_RULES],
])('%s rule metadata', (_name, rules) => {
  it('ids are unique and say forbid or require', () => {
    expect(() => new RuleRegistry(rules)).not.toThrow();
    for (const rule of rules) expect(rule.id).toMatch(/^(no|require)-[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
    const { meta } = rule;
    expect(['encryption', 'audit']).toContain(meta.area);
    expect(meta.hipaa.length).toBeGreaterThan(0);
    for (const section of meta.hipaa) expect(isHipaaSection(section), section).toBe(true);
    for (const text of [meta.description, meta.remediation, meta.rationale])
      expect(text).toMatch(/^[A-Z].*\.$/s);
    expect(meta.rationale).toMatch(/Written against /);
    expect(Array.isArray(meta.kinds)).toBe(true);
    expect(meta.kinds.length).toBeGreaterThan(0);
    for (const limitation of meta.limitations ?? []) expect(limitation).toMatch(/^[A-Z].*\.$/s);
  });
});

it('both areas together register without clashes', () => {
  expect(new RuleRegistry([...ENCRYPTION_RULES, ...AUDIT_RULES]).size).toBe(
    ENCRYPTION_RULES.length + AUDIT_RULES.length,
  );
});
