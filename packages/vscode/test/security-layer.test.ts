import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { loadObjects } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { securityLayer } from '../src/security-layer.js';

const INSECURE = join(import.meta.dirname, '../../../examples/insecure');

function objectsOf(texts: readonly string[]) {
  return texts.flatMap((text, index) => loadObjects(text, `file-${index}.yaml`).objects);
}

describe('securityLayer', () => {
  it('insecure example gets policies only', () => {
    const texts = readdirSync(INSECURE).map((name) => readFileSync(join(INSECURE, name), 'utf8'));
    const layer = securityLayer(objectsOf(texts), 'latest');
    expect(layer.namespaces).toEqual(['clinic', 'gateway']);
    expect(layer.objects.map(describeObject)).toEqual([
      'NetworkPolicy clinic/default-deny-all',
      'NetworkPolicy clinic/allow-dns-egress',
      'NetworkPolicy gateway/default-deny-all',
      'NetworkPolicy gateway/allow-dns-egress',
    ]);
  });

  it('undeclared namespace gets a restricted Namespace', () => {
    const layer = securityLayer(objectsOf([POD_IN_RECORDS]), 'v1.30');
    const namespace = layer.objects[0] as {
      kind: string;
      metadata: { name: string; labels: Record<string, string> };
    };
    expect(namespace.kind).toBe('Namespace');
    expect(namespace.metadata.name).toBe('records');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.30');
  });

  it('existing policy name is not generated again', () => {
    const layer = securityLayer(objectsOf([POD_IN_RECORDS, DENY_ALL_IN_RECORDS]), 'latest');
    expect(layer.objects.map(describeObject)).toEqual([
      'Namespace /records',
      'NetworkPolicy records/allow-dns-egress',
    ]);
  });
});

function describeObject(object: Record<string, unknown>): string {
  const metadata = object.metadata as { name: string; namespace?: string };
  return `${String(object.kind)} ${metadata.namespace ?? ''}/${metadata.name}`;
}

const POD_IN_RECORDS = `apiVersion: v1
kind: Pod
metadata:
  name: reader
  namespace: records
spec:
  containers:
    - name: reader
      image: registry.example.com/reader:1.0
`;

const DENY_ALL_IN_RECORDS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
  namespace: records
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
