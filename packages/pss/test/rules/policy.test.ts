import { check, SourceFile, type Finding } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { checkText, REGISTRY, settingsFor, yaml, type RunOptions } from './helpers.js';

// Rules whose findings come from the Pod Security evaluation, as opposed to the namespace label
// and read-only root filesystem rules, which do not depend on the effective level.
const PSS_CONTROL_FINDING = (finding: Finding): boolean => finding.data?.pssCheck !== undefined;

function controlFindings(text: string, options: RunOptions = {}): Finding[] {
  return checkText(text, options).filter(PSS_CONTROL_FINDING);
}

const ruleIds = (findings: readonly Finding[]): string[] =>
  [...new Set(findings.map((finding) => finding.ruleId))].sort();

/** The distinct values of one `data` entry over the findings. */
const dataValues = (findings: readonly Finding[], key: string): unknown[] => [
  ...new Set(findings.map((finding) => finding.data?.[key])),
];

/** A privileged pod in `namespace`, which fails baseline and every restricted check it can. */
const privilegedPod = (namespace: string): string => yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
    namespace: ${namespace}
  spec:
    containers:
      - name: app
        image: registry.example.com/app:1.0
        securityContext:
          privileged: true
`;

const namespaceWith = (name: string, labels: Record<string, string>): string =>
  yaml`
    apiVersion: v1
    kind: Namespace
    metadata:
      name: ${name}
      labels:
  ` +
  Object.entries(labels)
    .map(([key, value]) => `    ${key}: ${value}\n`)
    .join('') +
  '---\n';

const RESTRICTED_RULES = [
  'no-privilege-escalation',
  'no-privileged-containers',
  'require-drop-all-capabilities',
  'require-run-as-non-root',
  'require-seccomp-profile',
];

describe('effective policy', () => {
  it('configured level without a Namespace object', () => {
    const findings = controlFindings(privilegedPod('shop'));

    expect(ruleIds(findings)).toEqual(RESTRICTED_RULES);
    expect(dataValues(findings, 'pssLevel')).toEqual(['restricted']);
    expect(findings.filter((finding) => finding.message.includes('(namespace'))).toEqual([]);
  });

  it('configured baseline level without a Namespace object', () => {
    const findings = controlFindings(privilegedPod('shop'), { level: 'baseline' });

    expect(ruleIds(findings)).toEqual(['no-privileged-containers']);
    expect(findings[0]!.data?.pssLevel).toBe('baseline');
  });

  it('Namespace enforcing baseline', () => {
    const text =
      namespaceWith('legacy', { 'pod-security.kubernetes.io/enforce': 'baseline' }) +
      privilegedPod('legacy');
    const findings = controlFindings(text);

    expect(ruleIds(findings)).toEqual(['no-privileged-containers']);
    expect(findings[0]!.message).toBe(
      'Container "app" sets securityContext.privileged to true; remove it or set it to false (namespace "legacy" enforces baseline at latest).',
    );
    expect(findings[0]!.data).toEqual({
      pssCheck: 'privileged',
      pssLevel: 'baseline',
      pssVersion: 'latest',
      container: 'app',
    });
  });

  it('Namespace stricter than the configured level', () => {
    const text =
      namespaceWith('clinic', { 'pod-security.kubernetes.io/enforce': 'restricted' }) +
      privilegedPod('clinic');
    const findings = controlFindings(text, { level: 'baseline' });

    expect(ruleIds(findings)).toEqual(RESTRICTED_RULES);
  });

  it('Namespace enforcing privileged', () => {
    const text =
      namespaceWith('system', { 'pod-security.kubernetes.io/enforce': 'privileged' }) +
      privilegedPod('system');

    expect(controlFindings(text)).toEqual([]);
  });

  it('Namespace pinned to version v1.21', () => {
    const text =
      namespaceWith('old', {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.21',
      }) + privilegedPod('old');
    const findings = controlFindings(text);

    // The restricted capabilities check exists from v1.22 on.
    expect(ruleIds(findings)).toEqual(
      RESTRICTED_RULES.filter((id) => id !== 'require-drop-all-capabilities'),
    );
    expect(dataValues(findings, 'pssVersion')).toEqual(['v1.21']);
    expect(findings.find((finding) => finding.ruleId === 'no-privilege-escalation')!.message).toBe(
      'Container "app" does not set securityContext.allowPrivilegeEscalation, which defaults to true; set it to false (namespace "old" enforces restricted at v1.21).',
    );
  });

  it('version label without a level label', () => {
    const text =
      namespaceWith('old', { 'pod-security.kubernetes.io/enforce-version': 'v1.21' }) +
      privilegedPod('old');
    const findings = controlFindings(text);

    expect(ruleIds(findings)).toEqual(
      RESTRICTED_RULES.filter((id) => id !== 'require-drop-all-capabilities'),
    );
    expect(dataValues(findings, 'pssLevel')).toEqual(['restricted']);
    expect(dataValues(findings, 'pssVersion')).toEqual(['v1.21']);
  });

  it('invalid level label', () => {
    // Pod Security Admission enforces restricted when the level label is invalid.
    const text =
      namespaceWith('legacy', { 'pod-security.kubernetes.io/enforce': 'Baseline' }) +
      privilegedPod('legacy');
    const findings = controlFindings(text, { level: 'baseline' });

    expect(ruleIds(findings)).toEqual(RESTRICTED_RULES);
    expect(dataValues(findings, 'pssLevel')).toEqual(['restricted']);
  });

  it('invalid version label', () => {
    const text =
      namespaceWith('legacy', {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.x',
      }) + privilegedPod('legacy');
    const findings = controlFindings(text, { version: 'v1.21' });

    expect(findings.map((finding) => finding.data?.pssVersion)).toEqual(['latest']);
  });

  it('Namespace labels of another Namespace', () => {
    const text =
      namespaceWith('legacy', { 'pod-security.kubernetes.io/enforce': 'baseline' }) +
      privilegedPod('shop');

    expect(ruleIds(controlFindings(text))).toEqual(RESTRICTED_RULES);
  });

  it('default namespace of an object without one', () => {
    const pod = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: app
            image: registry.example.com/app:1.0
            securityContext:
              privileged: true
    `;
    const text =
      namespaceWith('default', { 'pod-security.kubernetes.io/enforce': 'baseline' }) + pod;

    expect(ruleIds(controlFindings(text))).toEqual(['no-privileged-containers']);
  });

  it('Namespace defined in another file', () => {
    const files = [
      new SourceFile(
        'namespaces.yaml',
        namespaceWith('legacy', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
      ),
      new SourceFile('web.yaml', privilegedPod('legacy')),
    ];
    const findings = check(files, { registry: REGISTRY, settings: settingsFor() }).findings.filter(
      PSS_CONTROL_FINDING,
    );

    expect(ruleIds(findings)).toEqual(['no-privileged-containers']);
    expect(findings[0]!.file).toBe('web.yaml');
  });

  it('workloads of one file in two namespaces', () => {
    const text =
      namespaceWith('legacy', { 'pod-security.kubernetes.io/enforce': 'baseline' }) +
      privilegedPod('legacy') +
      '---\n' +
      privilegedPod('clinic');
    const findings = controlFindings(text);
    const inLegacy = findings.filter((finding) => finding.object?.namespace === 'legacy');
    const inClinic = findings.filter((finding) => finding.object?.namespace === 'clinic');

    expect(ruleIds(inLegacy)).toEqual(['no-privileged-containers']);
    expect(ruleIds(inClinic)).toEqual(RESTRICTED_RULES);
  });
});
