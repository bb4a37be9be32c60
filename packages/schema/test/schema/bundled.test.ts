import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { BundledSchemas } from '../../src/index.js';

const bundled = BundledSchemas.load();

describe('BundledSchemas', () => {
  it('kinds of the built-in groups, cert-manager and the Gateway API', () => {
    expect(bundled.kindSchema('apps/v1', 'Deployment')).toEqual({ ref: 'apps/v1/Deployment' });
    expect(bundled.kindSchema('v1', 'Pod')).toEqual({ ref: 'core/v1/Pod' });
    expect(bundled.kindSchema('cert-manager.io/v1', 'Certificate')).toEqual({
      ref: 'cert-manager.io/v1/Certificate',
    });
    expect(bundled.kindSchema('gateway.networking.k8s.io/v1', 'HTTPRoute')).toEqual({
      ref: 'gateway.networking.k8s.io/v1/HTTPRoute',
    });
  });

  it('no schema for unknown kinds and List kinds', () => {
    expect(bundled.kindSchema('postgresql.cnpg.io/v1', 'Cluster')).toBeUndefined();
    expect(bundled.kindSchema('apps/v1', 'DeploymentList')).toBeUndefined();
  });

  it('int-or-string, required fields and maps', () => {
    expect(bundled.definition('core/v1/ServicePort')).toMatchObject({
      title: 'ServicePort',
      properties: { targetPort: 'int-or-string', port: 'number' },
      required: ['port'],
    });
    expect(bundled.definition('meta/v1/ObjectMeta')).toMatchObject({
      properties: { labels: { map: 'string' }, annotations: { map: 'string' } },
    });
  });

  it('free-form definitions', () => {
    expect(bundled.definition('runtime/RawExtension')).toBe('any');
  });

  it('groups of custom resources', () => {
    expect(bundled.isCustomResourceGroup('cert-manager.io')).toBe(true);
    expect(bundled.isCustomResourceGroup('gateway.networking.k8s.io')).toBe(true);
    expect(bundled.isCustomResourceGroup('networking.k8s.io')).toBe(false);
    expect(bundled.hasGroup('')).toBe(true);
  });

  it('sources with versions and licenses', () => {
    expect(bundled.sources.map((source) => source.package)).toEqual([
      'kubernetes-models',
      '@kubernetes-models/apimachinery',
      '@kubernetes-models/cert-manager',
      '@kubernetes-models/gateway-api',
    ]);
    expect(bundled.sources.every((source) => source.license === 'MIT')).toBe(true);
  });
});

describe('generated schema file', () => {
  it('matches the installed source packages', () => {
    const script = fileURLToPath(new URL('../../scripts/generate-schemas.mjs', import.meta.url));
    const committed = fileURLToPath(new URL('../../schemas/kubernetes.json', import.meta.url));
    const folder = mkdtempSync(join(tmpdir(), 'kubeharden-schemas-'));
    try {
      const output = join(folder, 'kubernetes.json');
      execFileSync(process.execPath, [script, '--output', output], { stdio: 'pipe' });

      // A difference means a source package changed: run `npm run generate -w @kubeharden/schema`.
      expect(readFileSync(output, 'utf8') === readFileSync(committed, 'utf8')).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
