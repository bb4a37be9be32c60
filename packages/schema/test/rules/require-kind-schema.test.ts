import { describe, expect, it } from 'vitest';

import { createSchemaRules, requireKindSchema } from '../../src/index.js';
import { findingsOf, positionOf, registryOf, yaml } from '../helpers.js';

describe(requireKindSchema.id, () => {
  it('no note for a bundled kind', () => {
    const code = yaml`
      apiVersion: cert-manager.io/v1
      kind: Certificate
      metadata:
        name: web
      spec:
        secretName: web-tls
        issuerRef: {name: ca}
    `;

    expect(findingsOf(requireKindSchema.id, code)).toEqual([]);
  });

  it('one note per kind and version', () => {
    const code = yaml`
      apiVersion: postgresql.cnpg.io/v1
      kind: Cluster
      metadata:
        name: one
      ---
      apiVersion: postgresql.cnpg.io/v1
      kind: Cluster
      metadata:
        name: two
    `;
    const findings = findingsOf(requireKindSchema.id, code);

    expect(findings.map((finding) => finding.message)).toEqual([
      'No schema for postgresql.cnpg.io/v1 Cluster: none is bundled and no CustomResourceDefinition of the checked files declares this version, so objects of this kind are not validated.',
    ]);
    expect(findings[0]!.severity).toBe('info');
    expect(positionOf(findings[0]!)).toEqual([2, 7, 2, 14]);
  });

  it('built-in kind in a removed API version', () => {
    const code = yaml`
      apiVersion: policy/v1
      kind: PodSecurityPolicy
      metadata:
        name: restricted
    `;
    const registry = registryOf(createSchemaRules({ kinds: ['PodSecurityPolicy'] }));

    expect(
      findingsOf(requireKindSchema.id, code, registry).map((finding) => finding.message),
    ).toEqual([
      'No schema for policy/v1 PodSecurityPolicy: the bundled Kubernetes schemas have no such kind in this API version, so objects of this kind are not validated.',
    ]);
  });
});
