import { describe, expect, it } from 'vitest';

import { run, toYaml } from '../../encryption/test/helpers.js';
import { auditPolicy } from '../src/index.js';

describe('auditPolicy', () => {
  it('protective rules first, catch-all last', () => {
    const policy = auditPolicy();
    expect(policy).toMatchObject({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      omitStages: ['RequestReceived'],
    });
    const rules = policy.rules as Record<string, unknown>[];
    expect(rules[0]).toEqual({
      level: 'Metadata',
      resources: [{ group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] }],
    });
    expect(rules[rules.length - 1]).toEqual({ level: 'Metadata' });
  });

  it('passes every rule', () => {
    expect(run(toYaml([auditPolicy()]))).toEqual([]);
    expect(
      run(toYaml([auditPolicy({ requestBodiesForWrites: false, skipHealthChecks: false })])),
    ).toEqual([]);
  });

  it('additional rules cannot undo the protective ones', () => {
    const policy = auditPolicy({
      additionalRules: [
        { level: 'RequestResponse', resources: [{ group: '' }] },
        {
          level: 'None',
          users: ['system:kube-proxy'],
          verbs: ['watch'],
          resources: [{ group: '', resources: ['endpoints', 'services'] }],
        },
      ],
    });
    expect(run(toYaml([policy]))).toEqual([]);
  });

  it('invalid additional rules', () => {
    expect(() =>
      auditPolicy({ additionalRules: [{ level: 'Everything' as never, verbs: ['get'] }] }),
    ).toThrow(
      'Invalid level "Everything" in additionalRules[0]: use one of None, Metadata, Request, RequestResponse.',
    );
    expect(() => auditPolicy({ additionalRules: [{ level: 'None' }] })).toThrow(
      'Invalid additionalRules[0]: a rule with level "None" and no conditions matches every request and hides the rules after it',
    );
  });
});
