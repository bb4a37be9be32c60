import { describe, expect, it } from 'vitest';

import {
  defineRule,
  renderRuleDoc,
  renderRuleIndex,
  RuleRegistry,
  ruleDocsUrl,
  SOURCE_RULES,
} from '../../src/index.js';
import { testRule } from '../helpers.js';

describe('defineRule', () => {
  it('rule id not in kebab-case rejected', () => {
    expect(() => testRule('NoHostNetwork', ['Pod'], () => ({}))).toThrow(
      'Rule id "NoHostNetwork" is not kebab-case; use lower-case words joined by "-".',
    );
  });

  it('rule without HIPAA section rejected', () => {
    expect(() => testRule('no-sections', ['Pod'], () => ({}), { hipaa: [] })).toThrow(
      /lists no HIPAA section/,
    );
  });

  it('description without a period rejected', () => {
    expect(() => testRule('no-period', ['Pod'], () => ({}), { description: 'No period' })).toThrow(
      /end with a period/,
    );
  });

  it('source rules defined', () => {
    expect(SOURCE_RULES.map((rule) => defineRule(rule).id)).toEqual([
      'valid-yaml',
      'no-duplicate-keys',
      'no-unrendered-templates',
      'require-suppression-reason',
      'no-unknown-suppressed-rule',
      'rule-failure',
    ]);
  });
});

describe('RuleRegistry', () => {
  const first = testRule('b-rule', ['Pod'], () => ({}));
  const second = testRule('a-rule', ['Pod'], () => ({}));

  it('rules listed by id', () => {
    const registry = new RuleRegistry([first, second]);

    expect(registry.list().map((rule) => rule.id)).toEqual(['a-rule', 'b-rule']);
    expect(registry.size).toBe(2);
    expect(registry.get('a-rule')).toBe(second);
    expect(registry.has('c-rule')).toBe(false);
  });

  it('second rule with one id rejected', () => {
    const registry = new RuleRegistry([first]);

    expect(() => registry.add(first)).toThrow(
      'Rule id "b-rule" is registered twice; every rule needs its own id.',
    );
  });
});

describe('rule docs', () => {
  const rule = testRule('no-host-network', ['Pod', 'Deployment'], () => ({}), {
    fixable: 'suggestion',
    equivalents: [{ tool: 'kube-linter', id: 'host-network' }],
    limitations: ['Reads manifests only.'],
  });

  it('page sections from metadata', () => {
    const page = renderRuleDoc(rule);

    expect(page.startsWith('# no-host-network\n')).toBe(true);
    expect(page).toContain('| Object kinds | Pod, Deployment |');
    expect(page).toContain(
      '| Fixable | Suggestion: the proposed edit changes behaviour, so it is applied only on request. |',
    );
    expect(page).toContain('## HIPAA Security Rule\n\n- 45 CFR 164.312(a)(1): ');
    expect(page).toContain('## Equivalent checks in other tools\n\n- kube-linter: `host-network`');
    expect(page).toContain('## Known limitations\n\n- Reads manifests only.');
    expect(page).toContain('    kubeharden.io/ignore: "no-host-network"');
  });

  it('index row per rule', () => {
    const index = renderRuleIndex([rule]);

    expect(index).toContain(
      '| [no-host-network](no-host-network.md) | pod-security | error | suggestion | 164.312(a)(1) | Test rule no-host-network. |',
    );
  });

  it('docs address from the rule id', () => {
    expect(ruleDocsUrl('no-host-network')).toMatch(/\/docs\/rules\/no-host-network\.md$/);
  });
});
