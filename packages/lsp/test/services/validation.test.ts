import { DEFAULT_SETTINGS, RuleRegistry, SOURCE_RULES } from '@kubeharden/core';
import { PSS_RULES } from '@kubeharden/pss';
import { describe, expect, test } from 'vitest';

import { DEFERRED_DOCUMENT_SIZE, Validator } from '../../src/services/validation.js';
import { WorkspaceIndex } from '../../src/services/workspace.js';

const registry = new RuleRegistry([...SOURCE_RULES, ...PSS_RULES]);

/** Builds a Deployment longer than the deferral size, through a long list of environment variables. */
function largeDeployment(escalation: boolean): string {
  const variable =
    '            - name: SETTING_0000000\n              value: "a value of moderate length"\n';
  const count = Math.ceil(DEFERRED_DOCUMENT_SIZE / variable.length) + 10;
  const env = Array.from({ length: count }, (_, index) =>
    variable.replace('0000000', String(index).padStart(7, '0')),
  ).join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          securityContext:
            allowPrivilegeEscalation: ${escalation}
          env:
${env}`;
}

const ruleIds = (validator: Validator) =>
  validator.last!.files.get('/big.yaml')!.findings.map((finding) => finding.ruleId);

describe('Validator', () => {
  test('small edited document is parsed again at once', () => {
    const validator = new Validator(registry, new WorkspaceIndex(), DEFAULT_SETTINGS);
    const small = largeDeployment(true)
      .slice(0, 400)
      .replace(/\n[^\n]*$/, '\n');
    validator.setText('/big.yaml', 1, small);
    validator.validate(false);
    validator.setText(
      '/big.yaml',
      2,
      small.replace('allowPrivilegeEscalation: true', 'allowPrivilegeEscalation: false'),
    );

    expect(validator.validate(false).provisional).toBe(false);
    expect(ruleIds(validator)).not.toContain('no-privilege-escalation');
  });

  test('large edited document keeps its parse until an exact run', () => {
    const validator = new Validator(registry, new WorkspaceIndex(), DEFAULT_SETTINGS);
    validator.setText('/big.yaml', 1, largeDeployment(true));
    expect(validator.validate(false).provisional).toBe(false);
    expect(ruleIds(validator)).toContain('no-privilege-escalation');

    validator.setText('/big.yaml', 2, largeDeployment(false));
    const provisional = validator.validate(false);
    expect(provisional.provisional).toBe(true);
    expect(provisional.files.get('/big.yaml')!.version).toBe(2);
    expect(ruleIds(validator)).toContain('no-privilege-escalation');

    expect(validator.validate(true).provisional).toBe(false);
    expect(ruleIds(validator)).not.toContain('no-privilege-escalation');
  });
});
