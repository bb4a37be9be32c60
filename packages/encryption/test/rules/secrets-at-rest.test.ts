import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, yaml } from '../helpers.js';

const HEADER = [
  'apiVersion: apiserver.config.k8s.io/v1',
  'kind: EncryptionConfiguration',
  'resources:',
];

describe('require-secrets-encryption-at-rest', () => {
  const id = 'require-secrets-encryption-at-rest';

  it('kms first, identity last', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: [secrets]',
      '    providers:',
      '      - kms: {apiVersion: v2, name: vault, endpoint: unix:///run/kms.sock}',
      '      - identity: {}',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('wildcard for every resource', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: ["*.*"]',
      '    providers:',
      '      - aesgcm: {keys: [{name: k1, secret: c2VjcmV0}]}',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('identity first', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: [secrets]',
      '    providers:',
      '      - identity: {}',
      '      - aescbc: {keys: [{name: k1, secret: c2VjcmV0}]}',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'The first provider for Secrets is identity, so new and updated Secrets are written to etcd unencrypted; put kms (apiVersion v2) or a local key provider before identity.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 9, endLine: 6, endColumn: 17 });
  });

  it('earlier entry decides', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: ["*."]',
      '    providers: [{identity: {}}]',
      '  - resources: [secrets]',
      '    providers: [{kms: {apiVersion: v2, name: vault, endpoint: unix:///run/kms.sock}}]',
    ]);
    expect(findingsOf(text, id)).toHaveLength(1);
  });

  it('Secrets not covered', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: [configmaps]',
      '    providers: [{aescbc: {keys: [{name: k1, secret: c2VjcmV0}]}}]',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('has no resources entry for secrets, "*." or "*.*"');
    expect(rangeOf(finding!)).toEqual({ startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 });
  });

  it('empty provider list', () => {
    const [finding] = findingsOf(
      yaml([...HEADER, '  - resources: [secrets]', '    providers: []']),
      id,
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 5, startColumn: 5, endLine: 5, endColumn: 14 });
  });
});

describe('require-kms-v2-encryption-provider', () => {
  const id = 'require-kms-v2-encryption-provider';

  it('KMS v2', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: [secrets]',
      '    providers:',
      '      - kms:',
      '          apiVersion: v2',
      '          name: vault',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('local key provider at info severity', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: [secrets]',
      '    providers:',
      '      - secretbox:',
      '          keys: [{name: k1, secret: c2VjcmV0}]',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.severity).toBe('info');
    expect(finding!.message).toBe(
      'Secrets are encrypted with the secretbox provider, whose key is stored in this file on the control plane nodes; use kms with apiVersion v2 as the first provider.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 9, endLine: 6, endColumn: 18 });
  });

  it('KMS without apiVersion is v1', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: [secrets]',
      '    providers:',
      '      - kms:',
      '          name: vault',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'The kms provider for Secrets sets no apiVersion, which means the deprecated KMS v1; set apiVersion to v2.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 9, endLine: 6, endColumn: 12 });
  });

  it('KMS v1 named', () => {
    const text = yaml([
      ...HEADER,
      '  - resources: [secrets]',
      '    providers:',
      '      - kms:',
      '          apiVersion: v1',
      '          name: vault',
    ]);
    const [finding] = findingsOf(text, id);
    expect(rangeOf(finding!)).toEqual({ startLine: 7, startColumn: 23, endLine: 7, endColumn: 25 });
  });
});
