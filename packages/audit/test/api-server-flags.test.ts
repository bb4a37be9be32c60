import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, suggested, yaml } from '../../encryption/test/helpers.js';

function apiServer(flags: readonly string[], namespace = 'kube-system'): string {
  return yaml([
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: kube-apiserver-cp1',
    `  namespace: ${namespace}`,
    'spec:',
    '  containers:',
    '    - name: kube-apiserver',
    '      image: registry.k8s.io/kube-apiserver:v1.37.1',
    '      command:',
    '        - kube-apiserver',
    ...flags.map((flag) => `        - ${flag}`),
  ]);
}

const COMPLETE = [
  '--audit-policy-file=/etc/kubernetes/audit/policy.yaml',
  '--audit-log-path=/var/log/kubernetes/audit.log',
  '--audit-log-maxage=30',
  '--audit-log-maxbackup=10',
  '--audit-log-maxsize=100',
  '--encryption-provider-config=/etc/kubernetes/enc/config.yaml',
];

describe('require-api-server-audit-flags', () => {
  const id = 'require-api-server-audit-flags';

  it('all flags set', () => {
    expect(findingsOf(apiServer(COMPLETE), id)).toEqual([]);
  });

  it('webhook instead of a log file', () => {
    const text = apiServer([
      '--audit-policy-file=/etc/kubernetes/audit/policy.yaml',
      '--audit-webhook-config-file=/etc/kubernetes/audit/webhook.yaml',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('log to standard output and zero meaning keep all', () => {
    expect(
      findingsOf(apiServer(['--audit-policy-file=/p.yaml', '--audit-log-path=-']), id),
    ).toEqual([]);
    const keepAll = COMPLETE.map((flag) =>
      flag.replace('maxage=30', 'maxage=0').replace('maxbackup=10', 'maxbackup=0'),
    );
    expect(findingsOf(apiServer(keepAll), id)).toEqual([]);
  });

  it('flags as separate words', () => {
    const text = apiServer([
      '--audit-policy-file',
      '/p.yaml',
      '--audit-log-path',
      '/a.log',
      '--audit-log-maxage',
      '30',
      '--audit-log-maxbackup',
      '10',
      '--audit-log-maxsize',
      '100',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('Pod outside kube-system', () => {
    expect(findingsOf(apiServer([], 'default'), id)).toEqual([]);
  });

  it('no audit flags at all', () => {
    const findings = findingsOf(apiServer(['--encryption-provider-config=/e.yaml']), id);
    expect(findings.map((finding) => finding.message)).toEqual([
      // Findings at one range are ordered by message.
      'The kube-apiserver container of Pod "kube-apiserver-cp1" has neither --audit-log-path nor --audit-webhook-config-file, so audit events are not written anywhere; add one of them.',
      'The kube-apiserver container of Pod "kube-apiserver-cp1" has no --audit-policy-file, so it records no audit events; add the flag with the path of an audit Policy mounted into the Pod.',
    ]);
    expect(rangeOf(findings[0]!)).toEqual({
      startLine: 10,
      startColumn: 7,
      endLine: 10,
      endColumn: 14,
    });
  });

  it('missing retention flag, with suggestion', () => {
    const text = apiServer(COMPLETE.filter((flag) => !flag.includes('maxbackup')));
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'The kube-apiserver container of Pod "kube-apiserver-cp1" writes an audit log file but has no --audit-log-maxbackup, so retention is left to defaults; add --audit-log-maxbackup=10.',
    );
    expect(suggested(text, finding!)).toBe(`${text}        - --audit-log-maxbackup=10\n`);
  });

  it('short retention, with suggestion', () => {
    const text = apiServer(COMPLETE.map((flag) => flag.replace('maxage=30', 'maxage=7')));
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'The kube-apiserver container of Pod "kube-apiserver-cp1" sets --audit-log-maxage to "7", below the minimum of 30 days; set it to 30 or more.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 14,
      startColumn: 11,
      endLine: 14,
      endColumn: 31,
    });
    expect(suggested(text, finding!)).toBe(
      text.replace('--audit-log-maxage=7', '--audit-log-maxage=30'),
    );
  });

  it('minimum from options', () => {
    const text = apiServer(COMPLETE.map((flag) => flag.replace('maxage=30', 'maxage=7')));
    expect(findingsOf(text, id, { options: { [id]: { minimumMaxAgeDays: 7 } } })).toEqual([]);
  });
});

describe('require-encryption-provider-config-flag', () => {
  const id = 'require-encryption-provider-config-flag';

  it('flag set', () => {
    expect(findingsOf(apiServer(COMPLETE), id)).toEqual([]);
  });

  it('flag in a shell command line', () => {
    const text = yaml([
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: apiserver, namespace: kube-system}',
      'spec:',
      '  containers:',
      '    - name: apiserver',
      '      image: apiserver:1',
      '      command: [/bin/sh, -c]',
      '      args: ["exec /usr/local/bin/kube-apiserver --encryption-provider-config=/e.yaml"]',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('flag missing', () => {
    const [finding] = findingsOf(apiServer(COMPLETE.slice(0, 5)), id);
    expect(finding!.message).toBe(
      'The kube-apiserver container of Pod "kube-apiserver-cp1" has no --encryption-provider-config, so Secrets are stored in etcd unencrypted; add the flag with the path of an EncryptionConfiguration.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 10,
      startColumn: 7,
      endLine: 10,
      endColumn: 14,
    });
  });
});
