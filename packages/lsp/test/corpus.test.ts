import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, test } from 'vitest';

import { describeShared } from '../../../test/shared.js';
import { TestClient } from './client.js';

// The files the language server benchmark edits: small, multi-service, about 10,000 lines, the
// Argo CD install and the Calico CRD bundle.
const FILES = [
  'GoogleCloudPlatform__microservices-demo/kubernetes-manifests__frontend.yaml',
  'GoogleCloudPlatform__microservices-demo/release__kubernetes-manifests.yaml',
  'prometheus-operator__prometheus-operator/example__prometheus-operator-crd__monitoring.coreos.com_alertmanagers.yaml',
  'argoproj__argo-cd/manifests__install.yaml',
  'projectcalico__calico/manifests__operator-crds.yaml',
];

describeShared('real-world manifests', 'corpus', (corpus) => {
  let client: TestClient;

  beforeAll(async () => {
    client = await TestClient.start();
  });

  afterAll(async () => {
    expect(await client.shutdown()).toBe(0);
  });

  for (const relative of FILES) {
    test(`${relative.split('/')[0]} diagnostics have valid ranges`, async () => {
      const text = readFileSync(join(corpus, relative), 'utf8');
      const lines = text.split('\n');
      const { diagnostics } = await client.open(join(corpus, relative), text);

      for (const diagnostic of diagnostics) {
        const { start, end } = diagnostic.range;
        expect(start.line).toBeLessThan(lines.length);
        expect(end.line).toBeLessThan(lines.length);
        expect(start.character).toBeLessThanOrEqual(lines[start.line]!.length);
        expect(end.character).toBeLessThanOrEqual(lines[end.line]!.length);
        expect(start.line < end.line || start.character <= end.character).toBe(true);
        expect(typeof diagnostic.code).toBe('string');
      }
      expect(client.errorLogs()).toEqual([]);
    });
  }
});
