import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, suggested, yaml } from '../../encryption/test/helpers.js';
import { coverage, type AuditRule, type RequestFamily } from '../src/index.js';

const HEADER = ['apiVersion: audit.k8s.io/v1', 'kind: Policy', 'rules:'];
const PROTECTIVE = [
  '  - level: Metadata',
  '    resources:',
  '      - group: ""',
  '        resources: ["secrets", "configmaps", "serviceaccounts/token"]',
];
const CATCH_ALL = '  - level: Metadata';

function rule(overrides: Partial<AuditRule>): AuditRule {
  return {
    index: 0,
    level: 'Metadata',
    rawLevel: 'Metadata',
    users: [],
    userGroups: [],
    verbs: [],
    resources: [],
    namespaces: [],
    nonResourceURLs: [],
    ...overrides,
  };
}

const EXEC: RequestFamily = {
  group: '',
  resource: 'pods',
  subresource: 'exec',
  verbs: ['create', 'get'],
  namespaced: true,
};
const CLUSTER_ROLES: RequestFamily = {
  group: 'rbac.authorization.k8s.io',
  resource: 'clusterroles',
  verbs: ['create', 'delete'],
  namespaced: false,
};

describe('policy rule coverage', () => {
  it('rule without conditions', () => {
    expect(coverage(rule({}), EXEC)).toBe('all');
  });

  it('subresource patterns', () => {
    const resources = (names: string[]) =>
      rule({ resources: [{ group: '', resources: names, resourceNames: [] }] });
    expect(coverage(resources(['pods']), EXEC)).toBe('none');
    expect(coverage(resources(['pods/exec']), EXEC)).toBe('all');
    expect(coverage(resources(['pods/*']), EXEC)).toBe('all');
    expect(coverage(resources(['*/exec']), EXEC)).toBe('all');
    expect(coverage(resources(['*']), EXEC)).toBe('all');
    expect(
      coverage(rule({ resources: [{ group: '', resources: [], resourceNames: [] }] }), EXEC),
    ).toBe('all');
    expect(
      coverage(rule({ resources: [{ group: 'apps', resources: [], resourceNames: [] }] }), EXEC),
    ).toBe('none');
  });

  it('verbs, users, names and namespaces', () => {
    expect(coverage(rule({ verbs: ['get'] }), EXEC)).toBe('some');
    expect(coverage(rule({ verbs: ['list'] }), EXEC)).toBe('none');
    expect(coverage(rule({ verbs: ['*'] }), EXEC)).toBe('none');
    expect(coverage(rule({ users: ['admin'] }), EXEC)).toBe('some');
    expect(coverage(rule({ userGroups: ['system:authenticated'] }), EXEC)).toBe('all');
    expect(coverage(rule({ userGroups: ['system:nodes'] }), EXEC)).toBe('some');
    expect(coverage(rule({ namespaces: ['kube-system'] }), EXEC)).toBe('some');
    expect(coverage(rule({ namespaces: ['kube-system'] }), CLUSTER_ROLES)).toBe('none');
    expect(coverage(rule({ namespaces: [''] }), CLUSTER_ROLES)).toBe('all');
    expect(
      coverage(
        rule({ resources: [{ group: '', resources: ['pods/exec'], resourceNames: ['db-0'] }] }),
        EXEC,
      ),
    ).toBe('some');
  });

  it('non-resource rules never match resource requests', () => {
    expect(coverage(rule({ nonResourceURLs: ['*'] }), EXEC)).toBe('none');
    expect(coverage(rule({ nonResourceURLs: ['*'], namespaces: ['a'] }), EXEC)).toBe('some');
  });
});

describe('no-sensitive-payloads-in-audit-log', () => {
  const id = 'no-sensitive-payloads-in-audit-log';

  it('Metadata rule before a RequestResponse catch-all', () => {
    expect(findingsOf(yaml([...HEADER, ...PROTECTIVE, '  - level: RequestResponse']), id)).toEqual(
      [],
    );
  });

  it('payload rule for other resources', () => {
    const text = yaml([
      ...HEADER,
      '  - level: RequestResponse',
      '    resources: [{group: "", resources: [pods]}]',
      CATCH_ALL,
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('catch-all at RequestResponse, with suggestion', () => {
    const text = yaml([
      ...HEADER,
      '  - level: None',
      '    nonResourceURLs: ["/healthz*"]',
      '  - level: RequestResponse',
    ]);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'Audit rule rules[1] logs secrets, configmaps and serviceaccounts/token at level "RequestResponse", which writes their contents to the audit log; log them at Metadata with an earlier rule.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 12, endLine: 6, endColumn: 27 });
    const output = suggested(text, finding!);
    expect(output).toBe(
      yaml([
        ...HEADER,
        '  - level: None',
        '    nonResourceURLs: ["/healthz*"]',
        '  - level: Metadata',
        '    resources:',
        '    - group: ""',
        '      resources: ["secrets", "configmaps", "serviceaccounts/token"]',
        '  - level: RequestResponse',
      ]),
    );
    expect(findingsOf(output, id)).toEqual([]);
  });

  it('rule for one user still reported', () => {
    const text = yaml([
      ...HEADER,
      '  - level: Request',
      '    users: [admin]',
      '    resources: [{group: "", resources: [secrets]}]',
      ...PROTECTIVE,
      CATCH_ALL,
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('Audit rule rules[0] logs secrets at level "Request"');
  });

  it('token requests only', () => {
    const text = yaml([
      ...HEADER,
      '  - level: Request',
      '    verbs: [create]',
      '    resources: [{group: "", resources: ["serviceaccounts/*"]}]',
      CATCH_ALL,
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('logs serviceaccounts/token at level "Request"');
  });

  it('kyverno Policy is another kind', () => {
    expect(
      findingsOf(
        yaml([
          'apiVersion: kyverno.io/v1',
          'kind: Policy',
          'metadata: {name: p}',
          'spec: {rules: []}',
        ]),
        id,
      ),
    ).toEqual([]);
  });
});

describe('require-audit-of-pod-exec', () => {
  const id = 'require-audit-of-pod-exec';

  it('logged by the catch-all', () => {
    expect(findingsOf(yaml([...HEADER, ...PROTECTIVE, CATCH_ALL]), id)).toEqual([]);
  });

  it('silenced by a None rule', () => {
    const text = yaml([
      ...HEADER,
      '  - level: None',
      '    resources: [{group: "", resources: ["pods/*"]}]',
      CATCH_ALL,
    ]);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'Audit rule rules[0] sets level None for pods/exec, pods/attach and pods/portforward, so exec, attach and port-forward sessions are not recorded; log them at Metadata or above with an earlier rule.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 4, startColumn: 12, endLine: 4, endColumn: 16 });
    const output = suggested(text, finding!);
    expect(output).toBe(
      yaml([
        ...HEADER,
        '  - level: Metadata',
        '    resources:',
        '    - group: ""',
        '      resources: ["pods/exec", "pods/attach", "pods/portforward"]',
        '  - level: None',
        '    resources: [{group: "", resources: ["pods/*"]}]',
        CATCH_ALL,
      ]),
    );
    expect(findingsOf(output, id)).toEqual([]);
  });

  it('no rule matches', () => {
    const text = yaml([
      ...HEADER,
      '  - level: Metadata',
      '    resources: [{group: "", resources: [pods/exec]}]',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'No audit rule matches every request for pods/attach and pods/portforward, and unmatched requests are not logged; add a rule that logs exec, attach and port-forward sessions at Metadata or above.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 3, startColumn: 1, endLine: 3, endColumn: 6 });
  });

  it('None for exec in one namespace', () => {
    const text = yaml([
      ...HEADER,
      '  - level: None',
      '    namespaces: [kube-system]',
      '    resources: [{group: "", resources: [pods/exec]}]',
      CATCH_ALL,
    ]);
    expect(findingsOf(text, id).map((finding) => finding.message)).toEqual([
      expect.stringContaining('sets level None for pods/exec,'),
    ]);
  });
});

describe('require-audit-of-rbac-changes', () => {
  const id = 'require-audit-of-rbac-changes';

  it('logged by a RequestResponse rule', () => {
    const text = yaml([
      ...HEADER,
      '  - level: RequestResponse',
      '    resources: [{group: rbac.authorization.k8s.io}]',
      '  - level: None',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('only read verbs logged', () => {
    const text = yaml([...HEADER, '  - level: Metadata', '    verbs: [get, list, watch]']);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'No audit rule matches every request for roles.rbac.authorization.k8s.io, rolebindings.rbac.authorization.k8s.io, clusterroles.rbac.authorization.k8s.io and clusterrolebindings.rbac.authorization.k8s.io, and unmatched requests are not logged; add a rule that logs RBAC changes at Metadata or above.',
    );
    const output = suggested(text, finding!);
    expect(output).toBe(
      yaml([
        ...HEADER,
        '  - level: RequestResponse',
        '    verbs: ["create", "update", "patch", "delete", "deletecollection"]',
        '    resources:',
        '    - group: "rbac.authorization.k8s.io"',
        '      resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]',
        '  - level: Metadata',
        '    verbs: [get, list, watch]',
      ]),
    );
    expect(findingsOf(output, id)).toEqual([]);
  });
});

describe('require-audit-catch-all-rule', () => {
  const id = 'require-audit-catch-all-rule';

  it('Metadata catch-all last', () => {
    expect(findingsOf(yaml([...HEADER, ...PROTECTIVE, CATCH_ALL]), id)).toEqual([]);
  });

  it('None catch-all last', () => {
    const text = yaml([...HEADER, ...PROTECTIVE, '  - level: None']);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Audit rule rules[1] matches every remaining request at level "None", so they are not logged; set its level to Metadata.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 8, startColumn: 12, endLine: 8, endColumn: 16 });
    expect(suggested(text, finding!)).toBe(yaml([...HEADER, ...PROTECTIVE, CATCH_ALL]));
  });

  it('catch-all in the middle', () => {
    const text = yaml([...HEADER, CATCH_ALL, ...PROTECTIVE]);
    expect(findingsOf(text, id)).toEqual([]);
    const [finding] = findingsOf(yaml([...HEADER, '  - level: None', ...PROTECTIVE]), id);
    expect(finding!.message).toBe(
      'Audit rule rules[0] matches every remaining request at level "None", so they are not logged; set its level to Metadata.',
    );
  });

  it('no catch-all rule', () => {
    const text = yaml([...HEADER, ...PROTECTIVE]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('does not end with a rule that matches every request');
    expect(rangeOf(finding!)).toEqual({ startLine: 3, startColumn: 1, endLine: 3, endColumn: 6 });
    expect(suggested(text, finding!)).toBe(yaml([...HEADER, ...PROTECTIVE, CATCH_ALL]));
  });
});
