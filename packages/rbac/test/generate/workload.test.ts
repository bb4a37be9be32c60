import { describe, expect, it } from 'vitest';
import { forWorkload } from '../../src/generate/workload.js';
import { readNamed } from '../../src/generate/objects.js';
import { detectProblemsInDocuments } from '../../src/problems/detect.js';
import { parseDocuments } from '../helpers.js';

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      serviceAccount: default
      containers: [{name: web, image: web:1}]
`;

/** Applies edits to a copy of the object, creating missing mappings on the way. */
function applyEdits(
  object: unknown,
  edits: readonly { path: readonly (string | number)[]; value: unknown }[],
): unknown {
  const copy = structuredClone(object) as Record<string, unknown>;
  for (const { path, value } of edits) {
    let current: Record<string | number, unknown> = copy;
    for (const segment of path.slice(0, -1)) {
      current[segment] ??= {};
      current = current[segment] as Record<string | number, unknown>;
    }
    current[path[path.length - 1]!] = value;
  }
  return copy;
}

describe('forWorkload', () => {
  const [deployment] = parseDocuments(DEPLOYMENT);

  it('generates only ServiceAccount without permissions', () => {
    const result = forWorkload(deployment);
    expect(result.role).toBeUndefined();
    expect(result.roleBinding).toBeUndefined();
    expect(result.edits).toEqual([
      { path: ['spec', 'template', 'spec', 'serviceAccountName'], value: 'web' },
      { path: ['spec', 'template', 'spec', 'serviceAccount'], value: 'web' },
      { path: ['spec', 'template', 'spec', 'automountServiceAccountToken'], value: false },
    ]);
    expect(result.description).toBe(
      "Run Deployment 'web' as its own ServiceAccount 'web' with no permissions and no API token.",
    );
  });

  it('generates a Role and RoleBinding for API needs', () => {
    const result = forWorkload(deployment, {
      permissions: [readNamed('configmaps', ['web-config'])],
    });
    expect(result.role?.metadata).toEqual({ name: 'web', namespace: 'shop' });
    expect(result.roleBinding?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'web', namespace: 'shop' },
    ]);
    expect(result.edits[2]).toEqual({
      path: ['spec', 'template', 'spec', 'automountServiceAccountToken'],
      value: true,
    });
  });

  it('leaves the workload and generated objects without problems', () => {
    for (const permissions of [
      [],
      [readNamed('configmaps', ['web-config']), readNamed('secrets', ['web-tls'])],
    ]) {
      const result = forWorkload(deployment, { permissions });
      const documents = [
        applyEdits(deployment, result.edits),
        result.serviceAccount,
        result.role,
        result.roleBinding,
      ].filter((document) => document !== undefined);
      expect(detectProblemsInDocuments(documents, { assumeComplete: true })).toEqual([]);
    }
  });

  it('uses the pod spec path of a CronJob', () => {
    const [cronJob] = parseDocuments(
      '{apiVersion: batch/v1, kind: CronJob, metadata: {name: nightly}}',
    );
    const result = forWorkload(cronJob, { namespace: 'jobs', name: 'nightly-runner' });
    expect(result.edits[0]).toEqual({
      path: ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'serviceAccountName'],
      value: 'nightly-runner',
    });
    expect(result.serviceAccount.metadata).toEqual({ name: 'nightly-runner', namespace: 'jobs' });
  });

  it('rejects objects without a pod template or namespace', () => {
    expect(() =>
      forWorkload({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }),
    ).toThrow("Invalid workload kind 'Service' of apiVersion 'v1'");
    expect(() => forWorkload({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } })).toThrow(
      "Missing namespace: Pod 'web' sets no metadata.namespace, so pass options.namespace.",
    );
    expect(() => forWorkload('Deployment')).toThrow('Invalid workload');
    expect(() =>
      forWorkload({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'shop' } }),
    ).toThrow('Invalid name undefined');
  });
});
