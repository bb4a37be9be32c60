import { RuleRegistry } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { createSchemaRules, DEFAULT_SCHEMA_KINDS, SCHEMA_RULES } from '../src/index.js';

describe('SCHEMA_RULES', () => {
  it('rule ids', () => {
    expect(SCHEMA_RULES.map((rule) => rule.id).sort()).toEqual([
      'no-conflicting-fields',
      'no-unknown-fields',
      'require-kind-schema',
      'require-required-fields',
      'valid-enum-values',
      'valid-field-types',
    ]);
  });

  it('schema area and default kinds', () => {
    for (const rule of SCHEMA_RULES) {
      expect(rule.meta.area, rule.id).toBe('schema');
      expect(rule.meta.kinds, rule.id).toBe(DEFAULT_SCHEMA_KINDS);
    }
  });

  it('registry accepts every rule once', () => {
    expect(new RuleRegistry(SCHEMA_RULES).size).toBe(SCHEMA_RULES.length);
  });
});

describe('createSchemaRules', () => {
  it('every kind', () => {
    const rules = createSchemaRules({ kinds: 'all' });

    expect(rules.map((rule) => rule.id)).toEqual(SCHEMA_RULES.map((rule) => rule.id));
    expect(rules.every((rule) => rule.meta.kinds === 'all')).toBe(true);
  });

  it('own kind list', () => {
    const rules = createSchemaRules({ kinds: ['Deployment'] });

    expect(
      rules.every((rule) => rule.meta.kinds.length === 1 && rule.meta.kinds[0] === 'Deployment'),
    ).toBe(true);
  });
});
