import { check, ObjectIndex, RuleRegistry, SourceFile, type HipaaSection } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { NETPOL_KINDS, NETPOL_RULES, networkAnalysis, type ProblemCode } from '../../src/index.js';
import { checkText, yaml } from './tester.js';

const ALL_CODES: readonly ProblemCode[] = [
  'invalid-field',
  'missing-name',
  'duplicate-policy',
  'invalid-label-selector',
  'unknown-selector-operator',
  'invalid-policy-type',
  'ignored-rules',
  'empty-peer',
  'ip-block-with-selector',
  'invalid-cidr',
  'non-canonical-cidr',
  'except-outside-cidr',
  'invalid-protocol',
  'invalid-port',
  'invalid-end-port',
  'named-port-to-ip-block',
  'inconsistent-owner-labels',
];

// One stream that produces every problem code of the analysis at least once.
const EVERY_PROBLEM = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: every-problem
    namespace: clinic
  spec:
    podSelector:
      matchExpressions:
        - {key: app, operator: Equals, values: [api]}
      matchLabels: {"bad key!": api}
      matchFields: {}
    policyTypes: [Ingress, Sideways]
    ingress:
      - from:
          - {}
          - ipBlock: {cidr: 10.0.0.0/8}
            podSelector: {}
          - ipBlock: {cidr: 10.0.0.300/8}
          - ipBlock: {cidr: 10.0.0.1/8, except: [11.0.0.0/8]}
          - podSelector: {}
            namespace: billing
        ports:
          - {protocol: ICMP}
          - {port: 0}
          - {endPort: 5}
    egress:
      - to:
          - ipBlock: {cidr: 203.0.113.0/24}
        ports:
          - port: https
  ---
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    namespace: clinic
  spec: []
  ---
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: every-problem
    namespace: clinic
  spec:
    podSelector: {}
  ---
  apiVersion: v1
  kind: Pod
  metadata:
    name: api-1
    namespace: clinic
    labels: {app: api, version: "1"}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api, uid: 1, controller: true}]
  spec:
    containers: [{name: api, image: registry.example.com/api:1.0}]
  ---
  apiVersion: v1
  kind: Pod
  metadata:
    name: api-2
    namespace: clinic
    labels: {app: api, version: "2"}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api, uid: 1, controller: true}]
  spec:
    containers: [{name: api, image: registry.example.com/api:2.0}]
`;

const SECTIONS: readonly HipaaSection[] = ['164.312(a)(1)', '164.312(e)(1)'];

describe('NetworkPolicy rules', () => {
  for (const rule of NETPOL_RULES) {
    it(`${rule.id} metadata`, () => {
      expect(rule.meta.area).toBe('network');
      expect(rule.meta.kinds).toBe(NETPOL_KINDS);
      expect(rule.meta.hipaa.length).toBeGreaterThan(0);
      expect(rule.meta.hipaa.every((section) => SECTIONS.includes(section))).toBe(true);
      for (const text of [
        rule.meta.description,
        rule.meta.remediation,
        rule.meta.rationale,
        ...(rule.meta.limitations ?? []),
      ]) {
        expect(text).toMatch(/^[A-Z].*\.$/s);
      }
    });
  }

  it('unique ids', () => {
    const ids = NETPOL_RULES.map((rule) => rule.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every problem code reported by one rule', () => {
    const result = check([new SourceFile('test.yaml', EVERY_PROBLEM)], {
      registry: new RuleRegistry(NETPOL_RULES),
    });
    const problems = networkAnalysis(result.objects, 'default').analysis.problems;
    const reported = result.findings.filter((finding) => finding.data?.problem !== undefined);

    expect([...new Set(problems.map((problem) => problem.code))].sort()).toEqual(
      [...ALL_CODES].sort(),
    );
    expect(reported.map((finding) => finding.data?.problem).sort()).toEqual(
      problems.map((problem) => problem.code).sort(),
    );
  });

  it('no rule failure on every problem', () => {
    const failures = checkText(EVERY_PROBLEM, { completeManifests: true }).filter(
      (finding) => finding.ruleId === 'rule-failure',
    );

    expect(failures).toEqual([]);
  });

  it('analysis built once per run', () => {
    const index = new ObjectIndex([]);

    expect(networkAnalysis(index, 'default')).toBe(networkAnalysis(index, 'default'));
    expect(networkAnalysis(index, 'other')).not.toBe(networkAnalysis(index, 'default'));
  });

  it('invalid option named in the failure', () => {
    const findings = checkText(EVERY_PROBLEM, {
      options: { 'require-dns-egress': { dnsAddresses: ['resolver.example.com'] } },
    }).filter((finding) => finding.ruleId === 'rule-failure');

    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining(
        'Option "dnsAddresses" of rule "require-dns-egress" lists "resolver.example.com"',
      ),
    ]);
  });
});
