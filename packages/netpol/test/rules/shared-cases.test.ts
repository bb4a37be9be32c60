import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, it } from 'vitest';

import { describeShared } from '../../../../test/shared.js';
import { NETPOL_RULES } from '../../src/index.js';
import { checkText, positionOf } from './tester.js';

// Manifests rebuilt from bug reports against other tools; the first line of each states the right
// verdict. These tests check the findings of the NetworkPolicy rules on them.

const RULE_IDS = new Set(NETPOL_RULES.map((rule) => rule.id));

function readCase(directory: string, name: string): string {
  const text = readFileSync(join(directory, name), 'utf8');
  expect(text.startsWith('# expect:')).toBe(true);
  return text;
}

/** `line:column rule-id` of every finding of the NetworkPolicy rules. */
function summary(text: string, options: Parameters<typeof checkText>[1] = {}): string[] {
  return checkText(text, options)
    .filter((finding) => RULE_IDS.has(finding.ruleId))
    .map((finding) => `${finding.range.startLine}:${finding.range.startColumn} ${finding.ruleId}`);
}

describeShared('real-world cases under the rules', 'cases/', (directory) => {
  it('case-21 empty pod selector counts as selection', () => {
    const text = readCase(directory, 'case-21.yaml');
    const findings = checkText(text, { completeManifests: true }).filter((finding) =>
      RULE_IDS.has(finding.ruleId),
    );
    const isolation = findings.filter((finding) => finding.ruleId === 'require-workload-isolation');

    // Two policies select the Deployment for ingress; only its egress is open.
    expect(findings.filter((finding) => finding.ruleId === 'no-unused-network-policies')).toEqual(
      [],
    );
    expect(isolation.map((finding) => finding.message)).toEqual([
      'Deployment "example/app" is selected by no egress NetworkPolicy, so it may connect to every pod and address.',
    ]);
    expect(findings.filter((finding) => finding.ruleId === 'require-default-deny-ingress')).toEqual(
      [],
    );
    // The second policy allows every source again, which undoes the default deny.
    expect(summary(text)).toEqual([
      '20:7 no-allow-all-peers',
      '27:9 require-default-deny-egress',
      '27:9 require-workload-isolation',
    ]);
  });

  it('case-23 named port with another protocol', () => {
    const text = readCase(directory, 'case-23.yaml');
    const findings = checkText(text).filter(
      (finding) => finding.ruleId === 'no-undefined-named-ports',
    );

    expect(findings.map((finding) => finding.message)).toEqual([
      'Named port "data" for UDP is defined by none of the pods this policy selects ("server"), so the rule allows nothing on it. They define "data" for SCTP only.',
    ]);
    expect(positionOf(findings[0]!)).toEqual([17, 17, 17, 21]);
  });

  it('case-25 invalid peer only in document 2', () => {
    const text = readCase(directory, 'case-25.yaml');
    const findings = checkText(text).filter((finding) => RULE_IDS.has(finding.ruleId));
    const complete = checkText(text, { completeManifests: true });

    // With complete manifests, no namespace has the label project=example, which is worth a
    // warning but does not make document 1 invalid.
    expect(
      complete.filter((finding) => finding.documentIndex === 0).map((finding) => finding.ruleId),
    ).toEqual(['no-unmatched-peer-selectors']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'no-invalid-network-policies',
      severity: 'error',
      documentIndex: 1,
      path: ['spec', 'ingress', 0, 'from', 0, 'namespaceSelector'],
      message:
        'A peer with ipBlock must not also set namespaceSelector; put the namespaceSelector in a separate peer of the same from list.',
    });
    expect(positionOf(findings[0]!)).toEqual([45, 11, 45, 28]);
  });

  it('case-26 namespaceSelector is no external egress', () => {
    const text = readCase(directory, 'case-26.yaml');
    const app = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: app, namespace: example}',
      'spec:',
      '  selector: {matchLabels: {app: app}}',
      '  template:',
      '    metadata: {labels: {app: app}}',
      '    spec: {containers: [{name: app, image: registry.example.com/app:1.0}]}',
    ].join('\n');
    const findings = checkText(`${text}---\n${app}\n`).filter((finding) =>
      RULE_IDS.has(finding.ruleId),
    );
    const ids = findings.map((finding) => finding.ruleId);

    expect(ids).not.toContain('no-egress-to-any-address');
    // DNS to kube-dns is allowed, because namespaceSelector: {} includes kube-system.
    expect(ids).not.toContain('require-dns-egress');
    expect(
      findings.filter((finding) => finding.ruleId === 'no-allow-all-peers').map(positionOf),
    ).toEqual([[15, 11, 15, 28]]);
  });
});
