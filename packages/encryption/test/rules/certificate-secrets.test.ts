import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, yaml } from '../helpers.js';

const CERTIFICATE = [
  'apiVersion: cert-manager.io/v1',
  'kind: Certificate',
  'metadata:',
  '  name: portal',
  '  namespace: clinic',
  'spec:',
  '  secretName: portal-tls',
  '  dnsNames: [portal.example.com, records-rw.clinic.svc]',
  '  issuerRef: {name: letsencrypt, kind: ClusterIssuer}',
  '---',
];

function ingress(secretName: string, annotations: readonly string[] = []): string[] {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: portal',
    '  namespace: clinic',
    ...(annotations.length > 0 ? ['  annotations:', ...annotations] : []),
    'spec:',
    '  tls:',
    '    - hosts: [portal.example.com]',
    `      secretName: ${secretName}`,
  ];
}

function cnpgCluster(serverSecret?: string): string[] {
  return [
    'apiVersion: postgresql.cnpg.io/v1',
    'kind: Cluster',
    'metadata:',
    '  name: records',
    '  namespace: clinic',
    'spec:',
    '  instances: 1',
    ...(serverSecret
      ? [
          '  certificates:',
          `    serverTLSSecret: ${serverSecret}`,
          `    serverCASecret: ${serverSecret}`,
        ]
      : []),
  ];
}

describe('require-certificate-for-tls-secret', () => {
  const id = 'require-certificate-for-tls-secret';

  it('Secrets written by a Certificate', () => {
    expect(findingsOf(yaml([...CERTIFICATE, ...ingress('portal-tls')]), id)).toEqual([]);
    expect(findingsOf(yaml([...CERTIFICATE, ...cnpgCluster('portal-tls')]), id)).toEqual([]);
  });

  it('cert-manager not in use', () => {
    expect(findingsOf(yaml(ingress('hand-made')), id)).toEqual([]);
  });

  it('Ingress handled by ingress-shim', () => {
    const text = yaml([
      ...CERTIFICATE,
      ...ingress('shim-tls', ['    cert-manager.io/cluster-issuer: letsencrypt']),
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('Ingress Secret that no Certificate writes', () => {
    const [finding] = findingsOf(yaml([...CERTIFICATE, ...ingress('hand-made')]), id);
    expect(finding!.message).toBe(
      'Secret "hand-made", the TLS Secret of Ingress "portal", is written by no cert-manager Certificate, so nothing renews it; add a Certificate with secretName "hand-made".',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 19,
      startColumn: 19,
      endLine: 19,
      endColumn: 28,
    });
  });

  it('CloudNativePG server Secret', () => {
    const findings = findingsOf(yaml([...CERTIFICATE, ...cnpgCluster('db-tls')]), id);
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining(
        'Secret "db-tls", serverTLSSecret of CloudNativePG Cluster "records", is written by no cert-manager Certificate',
      ),
      expect.stringContaining('Secret "db-tls", serverCASecret of CloudNativePG Cluster "records"'),
    ]);
  });

  it('Gateway certificate reference', () => {
    const gateway = [
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: Gateway',
      'metadata: {name: edge, namespace: clinic}',
      'spec:',
      '  listeners:',
      '    - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: edge-tls}]}}',
    ];
    expect(findingsOf(yaml([...CERTIFICATE, ...gateway]), id)).toHaveLength(1);
  });
});

describe('no-mismatched-certificate-secret', () => {
  const id = 'no-mismatched-certificate-secret';

  it('same Secret on both sides', () => {
    expect(
      findingsOf(
        yaml([...CERTIFICATE, ...ingress('portal-tls'), '---', ...cnpgCluster('portal-tls')]),
        id,
      ),
    ).toEqual([]);
  });

  it('Ingress reads another Secret', () => {
    const [finding] = findingsOf(yaml([...CERTIFICATE, ...ingress('portal-cert')]), id);
    expect(finding!.message).toBe(
      'Certificate "portal" covers host "portal.example.com" but writes Secret "portal-tls", while Ingress "portal" reads "portal-cert"; use one Secret name in both.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 7, startColumn: 15, endLine: 7, endColumn: 25 });
  });

  it('cluster without serverTLSSecret', () => {
    const [finding] = findingsOf(yaml([...CERTIFICATE, ...cnpgCluster()]), id);
    expect(finding!.message).toBe(
      'Certificate "portal" covers service "records-rw.clinic.svc" of CloudNativePG Cluster "records", which sets no spec.certificates.serverTLSSecret and so serves its own certificate; set serverTLSSecret to "portal-tls".',
    );
  });

  it('another Certificate writes the Secret the Ingress reads', () => {
    const other = CERTIFICATE.map((line) =>
      line
        .replace('name: portal', 'name: other')
        .replace('secretName: portal-tls', 'secretName: portal-cert'),
    );
    expect(findingsOf(yaml([...CERTIFICATE, ...other, ...ingress('portal-cert')]), id)).toEqual([]);
  });
});
