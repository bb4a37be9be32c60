import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, suggested, yaml } from '../helpers.js';

function certificate(spec: readonly string[], name = 'portal'): string[] {
  return [
    'apiVersion: cert-manager.io/v1',
    'kind: Certificate',
    'metadata:',
    `  name: ${name}`,
    '  namespace: clinic',
    'spec:',
    '  secretName: portal-tls',
    '  dnsNames: [portal.example.com]',
    '  issuerRef: {name: letsencrypt, kind: ClusterIssuer}',
    ...spec,
  ];
}

function shimIngress(annotations: readonly string[]): string {
  return yaml([
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: portal',
    '  namespace: clinic',
    '  annotations:',
    '    cert-manager.io/cluster-issuer: letsencrypt',
    ...annotations,
    'spec:',
    '  tls: [{hosts: [portal.example.com], secretName: portal-tls}]',
  ]);
}

describe('no-weak-certificate-key', () => {
  const id = 'no-weak-certificate-key';

  it('defaults and strong keys', () => {
    expect(findingsOf(yaml(certificate([])), id)).toEqual([]);
    expect(
      findingsOf(yaml(certificate(['  privateKey: {algorithm: ECDSA, size: 384}'])), id),
    ).toEqual([]);
    expect(findingsOf(yaml(certificate(['  privateKey: {algorithm: Ed25519}'])), id)).toEqual([]);
  });

  it('short RSA key with suggestion', () => {
    const text = yaml(certificate(['  privateKey:', '    algorithm: RSA', '    size: 1024']));
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Certificate "portal" requests an RSA key of 1024 bits, below the minimum of 2048; request at least 2048 bits.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 12,
      startColumn: 11,
      endLine: 12,
      endColumn: 15,
    });
    expect(suggested(text, finding!)).toBe(text.replace('size: 1024', 'size: 2048'));
  });

  it('ECDSA key below 256 bits', () => {
    const [finding] = findingsOf(
      yaml(certificate(['  privateKey: {algorithm: ECDSA, size: 224}'])),
      id,
    );
    expect(finding!.message).toContain(
      'requests an ECDSA key of 224 bits, below the minimum of 256',
    );
  });

  it('ingress-shim annotation', () => {
    const text = shimIngress(['    cert-manager.io/private-key-size: "1024"']);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('Ingress "portal" requests an RSA key of 1024 bits');
    expect(rangeOf(finding!)).toEqual({ startLine: 8, startColumn: 39, endLine: 8, endColumn: 45 });
    expect(suggested(text, finding!)).toBe(text.replace('"1024"', '"2048"'));
  });
});

describe('require-private-key-rotation', () => {
  const id = 'require-private-key-rotation';

  it('default and Always', () => {
    expect(findingsOf(yaml(certificate([])), id)).toEqual([]);
    expect(findingsOf(yaml(certificate(['  privateKey: {rotationPolicy: Always}'])), id)).toEqual(
      [],
    );
  });

  it('Never with suggestion', () => {
    const text = yaml(certificate(['  privateKey:', '    rotationPolicy: Never']));
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Certificate "portal" sets the private key rotation policy to "Never", so renewals keep the same key; set it to Always.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 11,
      startColumn: 21,
      endLine: 11,
      endColumn: 26,
    });
    expect(suggested(text, finding!)).toBe(text.replace('Never', 'Always'));
  });

  it('unset with requireExplicit', () => {
    const [finding] = findingsOf(yaml(certificate([])), id, {
      options: { [id]: { requireExplicit: true } },
    });
    expect(finding!.message).toBe(
      'Certificate "portal" does not set privateKey.rotationPolicy, which means Never before cert-manager 1.18; set it to Always.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 1, endLine: 6, endColumn: 5 });
  });

  it('ingress-shim annotation Never', () => {
    expect(
      findingsOf(shimIngress(['    cert-manager.io/private-key-rotation-policy: Never']), id),
    ).toHaveLength(1);
  });
});

describe('require-certificate-lifetime-bounds', () => {
  const id = 'require-certificate-lifetime-bounds';

  it('defaults and values inside the bounds', () => {
    expect(findingsOf(yaml(certificate([])), id)).toEqual([]);
    expect(findingsOf(yaml(certificate(['  duration: 2160h', '  renewBefore: 360h'])), id)).toEqual(
      [],
    );
    expect(findingsOf(yaml(certificate(['  isCA: true', '  duration: 26280h'])), id)).toEqual([]);
  });

  it('duration above the maximum', () => {
    const [finding] = findingsOf(yaml(certificate(['  duration: 8760h'])), id);
    expect(finding!.message).toBe(
      'Certificate "portal" requests a lifetime of 365 days, above the maximum of 90 days; shorten spec.duration.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 10,
      startColumn: 13,
      endLine: 10,
      endColumn: 18,
    });
  });

  it('configured maximum', () => {
    expect(
      findingsOf(yaml(certificate(['  duration: 8760h'])), id, {
        options: { [id]: { maximumDuration: '9528h' } },
      }),
    ).toEqual([]);
  });

  it('renewBefore too short and too long', () => {
    const [short] = findingsOf(yaml(certificate(['  renewBefore: 1h'])), id);
    expect(short!.message).toBe(
      'Certificate "portal" renews only 1 hour before expiry, below the minimum of 1 day, leaving little time to fix a failed renewal; renew earlier.',
    );
    const [long] = findingsOf(yaml(certificate(['  duration: 720h', '  renewBefore: 720h'])), id);
    expect(long!.message).toContain(
      'renews 30 days before expiry, which is not shorter than its lifetime of 30 days',
    );
    expect(rangeOf(long!)).toEqual({ startLine: 11, startColumn: 16, endLine: 11, endColumn: 20 });
  });

  it('renewBeforePercentage', () => {
    const [finding] = findingsOf(
      yaml(certificate(['  duration: 48h', '  renewBeforePercentage: 10'])),
      id,
    );
    expect(finding!.message).toContain('renews only 288 minutes');
  });

  it('invalid duration', () => {
    const [finding] = findingsOf(yaml(certificate(['  duration: 90d'])), id);
    expect(finding!.message).toBe(
      'Certificate "portal" requests duration "90d", which is not a Go duration; write it like "2160h".',
    );
  });
});

describe('no-self-signed-issuer', () => {
  const id = 'no-self-signed-issuer';
  const issuer = (kind: string, namespace?: string) => [
    'apiVersion: cert-manager.io/v1',
    `kind: ${kind}`,
    'metadata:',
    '  name: selfsigned',
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  selfSigned: {}',
  ];
  const caCertificate = [
    '---',
    'apiVersion: cert-manager.io/v1',
    'kind: Certificate',
    'metadata: {name: root-ca, namespace: clinic}',
    'spec:',
    '  isCA: true',
    '  secretName: root-ca',
    '  commonName: root',
    '  issuerRef: {name: selfsigned, kind: Issuer}',
  ];

  it('bootstrap of a CA certificate', () => {
    expect(findingsOf(yaml([...issuer('Issuer', 'clinic'), ...caCertificate]), id)).toEqual([]);
  });

  it('development namespace', () => {
    expect(findingsOf(yaml(issuer('Issuer', 'dev')), id)).toEqual([]);
  });

  it('unused self-signed ClusterIssuer', () => {
    const [finding] = findingsOf(yaml(issuer('ClusterIssuer')), id);
    expect(finding!.message).toBe(
      'ClusterIssuer "selfsigned" is self-signed and can sign server certificates, which clients cannot verify; issue them from an ACME or CA issuer and keep the self-signed issuer for the CA certificate only.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 3, endLine: 6, endColumn: 13 });
  });

  it('leaf certificate signed by it', () => {
    const leaf = caCertificate.map((line) =>
      line.replace('isCA: true', 'isCA: false').replace('root-ca, namespace', 'portal, namespace'),
    );
    const [finding] = findingsOf(yaml([...issuer('Issuer', 'clinic'), ...leaf]), id);
    expect(finding!.message).toContain(
      'Issuer "selfsigned" is self-signed and signs Certificate "portal"',
    );
  });
});
