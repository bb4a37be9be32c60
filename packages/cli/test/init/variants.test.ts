import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadObjects } from '@kubeharden/core';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createRegistry } from '../../src/registry.js';
import { run, Workspace } from '../helpers.js';
import {
  copyInsecure,
  describeFindings,
  everyRule,
  findingsOf,
  isMissingSchema,
  kustomize,
  objectsIn,
  readTree,
} from './support.js';

const BACKUP = ['--backup-bucket', 'clinic-backups', '--backup-region', 'eu-central-1'];

// The values that fill the placeholders to give the layer of a run without --templates.
const VALUES: Record<string, string> = {
  NAMESPACE: 'clinic',
  GATEWAY_NAMESPACE: 'gateway',
  STORAGE_CLASS: 'longhorn-encrypted',
  BACKUP_BUCKET: 'clinic-backups',
  BACKUP_REGION: 'eu-central-1',
  KMS_ENDPOINT: 'unix:///var/run/kmsplugin/socket.sock',
  CRYPTO_KEY_VALUE: randomBytes(32).toString('base64'),
};

/** Replaces `${NAME}` the way envsubst does, failing on a name without a value. */
function fill(text: string): string {
  return text.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    const value = VALUES[name];
    if (value === undefined) throw new Error(`No value for placeholder \${${name}}.`);
    return value;
  });
}

/** Removes the comment lines, which name the command and the placeholders. */
function body(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');
}

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly value?: unknown;
}

/** Applies a JSON patch (RFC 6902) with add, remove and replace, as kustomize does. */
function applyPatch(target: unknown, operations: readonly Operation[]): unknown {
  const copy = structuredClone(target) as Record<string, unknown>;
  for (const operation of operations) {
    const keys = operation.path
      .slice(1)
      .split('/')
      .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    let parent: Record<string, unknown> | unknown[] = copy;
    for (const key of keys)
      parent = (Array.isArray(parent) ? parent[Number(key)] : parent[key]) as Record<
        string,
        unknown
      >;
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (operation.op === 'add') parent.splice(index, 0, operation.value);
      else if (operation.op === 'remove') parent.splice(index, 1);
      else parent[index] = operation.value;
    } else if (operation.op === 'remove') {
      expect(last in parent, `remove of missing ${operation.path}`).toBe(true);
      delete parent[last];
    } else {
      if (operation.op === 'replace')
        expect(last in parent, `replace of missing ${operation.path}`).toBe(true);
      parent[last] = operation.value;
    }
  }
  return copy;
}

function keyOf(object: Record<string, unknown>): string {
  const metadata = object.metadata as { name?: string; namespace?: string };
  return `${String(object.kind)}/${metadata.namespace ?? ''}/${metadata.name ?? ''}`;
}

/** Objects by kind, namespace and name, with keys sorted, so two builds compare as sets. */
function byKey(objects: readonly Record<string, unknown>[]): Map<string, unknown> {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, entry]) => [key, sortKeys(entry)]),
      );
    }
    return value;
  };
  return new Map(
    objects
      .map((object) => [keyOf(object), sortKeys(object)] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

let workspace: Workspace;
let fixed: { app: string; out: string };

beforeAll(async () => {
  workspace = new Workspace();
  fixed = { app: copyInsecure(workspace, 'fixed'), out: workspace.path('fixed/security') };
  await run(['init', fixed.app, '--namespace', 'clinic', '--fix', '--out', fixed.out, ...BACKUP]);
});

afterAll(() => {
  workspace.remove();
});

describe('init --templates', () => {
  let out: string;
  let result: { code: number; stderr: string };

  beforeAll(async () => {
    const app = copyInsecure(workspace, 'templates');
    out = workspace.path('templates/security');
    result = await run(['init', app, '--namespace', 'clinic', '--templates', '--out', out]);
  });

  it('only template files', () => {
    expect(result.code).toBe(0);
    for (const path of readTree(out).keys()) expect(path).toMatch(/\.yaml\.template$/);
  });

  it('named placeholders, no sentinels', () => {
    const texts = [...readTree(out).values()].join('\n');
    for (const name of [
      'NAMESPACE',
      'GATEWAY_NAMESPACE',
      'STORAGE_CLASS',
      'BACKUP_BUCKET',
      'BACKUP_REGION',
      'KMS_ENDPOINT',
      'CRYPTO_KEY_VALUE',
    ]) {
      expect(texts).toContain(`\${${name}}`);
    }
    expect(texts).not.toContain('kubeharden-placeholder');
    expect(texts).not.toContain('kh-placeholder');
  });

  it('filled templates equal the plain layer', () => {
    const plain = readTree(fixed.out);
    for (const [path, text] of readTree(out)) {
      const name = path.replace(/\.template$/, '');
      if (name === 'encryption/longhorn-key-secret.yaml') continue;
      expect(plain.has(name), name).toBe(true);
      expect(body(fill(text)), name).toBe(body(plain.get(name)!));
    }
  });

  it('filled templates check clean', async () => {
    const filled = workspace.path('templates/filled');
    for (const [path, text] of readTree(out))
      workspace.write(join('templates/filled', path.replace(/\.template$/, '')), fill(text));
    const { registry } = await everyRule();
    const findings = findingsOf(registry, filled).filter((finding) => !isMissingSchema(finding));
    expect(describeFindings(findings)).toEqual([]);
  });

  it('--fix rejected', async () => {
    const rejected = await run([
      'init',
      fixed.app,
      '--namespace',
      'clinic',
      '--templates',
      '--fix',
      '--out',
      workspace.path('templates/rejected'),
    ]);
    expect(rejected.stderr).toContain('use --patches with --templates');
    expect(rejected.code).toBe(2);
  });
});

describe('init --patches', () => {
  let app: string;
  let out: string;
  let original: Map<string, string>;

  beforeAll(async () => {
    app = copyInsecure(workspace, 'patches');
    original = readTree(app);
    out = workspace.path('patches/security');
    const result = await run([
      'init',
      app,
      '--namespace',
      'clinic',
      '--patches',
      '--out',
      out,
      ...BACKUP,
    ]);
    expect(result.code).toBe(0);
  });

  it('application untouched', () => {
    expect(readTree(app)).toEqual(original);
  });

  it('patches are no objects for check', () => {
    const files = [...readTree(out).keys()].filter((path) => path.startsWith('patches/'));
    expect(files).toEqual([
      'patches/deployment-clinic-api.yaml',
      'patches/deployment-gateway-gateway.yaml',
      'patches/namespace-clinic.yaml',
      'patches/namespace-gateway.yaml',
      'patches/statefulset-clinic-postgres.yaml',
    ]);
    for (const file of files) {
      expect(loadObjects(readFileSync(join(out, file), 'utf8')).objects, file).toEqual([]);
    }
    expect(
      describeFindings(
        findingsOf(createRegistry(), out).filter((finding) => !isMissingSchema(finding)),
      ),
    ).toEqual([]);
  });

  it('component with targets', () => {
    const kustomization = loadObjects(readFileSync(join(out, 'kustomization.yaml'), 'utf8'))
      .objects[0]!.value;
    expect(kustomization.kind).toBe('Component');
    expect(kustomization.resources).not.toContain('pod-security/namespaces.yaml');
    expect(kustomization.patches).toContainEqual({
      path: 'patches/statefulset-clinic-postgres.yaml',
      target: {
        group: 'apps',
        version: 'v1',
        kind: 'StatefulSet',
        namespace: 'clinic',
        name: 'postgres',
      },
    });
  });

  it('patched objects equal --fix', () => {
    const patched = objectsIn(app).map((object) => {
      const metadata = object.metadata as { name: string; namespace?: string };
      const file = join(
        out,
        'patches',
        `${String(object.kind).toLowerCase()}-${[metadata.namespace, metadata.name].filter(Boolean).join('-')}.yaml`,
      );
      if (!existsSync(file)) return object;
      return applyPatch(object, load(readFileSync(file, 'utf8')) as Operation[]) as Record<
        string,
        unknown
      >;
    });
    expect(byKey(patched)).toEqual(byKey(objectsIn(fixed.app)));
  });

  it('kustomize build equals --fix and the layer', (context) => {
    writeFileSync(
      workspace.path('patches/kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        ...[...original.keys()].map((path) => `  - app/${path}`),
        'components:',
        '  - security',
        '',
      ].join('\n'),
    );
    const built = kustomize(workspace.path('patches'));
    if (built === undefined) {
      context.skip('kubectl is not installed');
      return;
    }
    const objects = loadObjects(built).objects.map((object) => object.value);
    const resources = loadObjects(readFileSync(join(fixed.out, 'kustomization.yaml'), 'utf8'))
      .objects[0]!.value.resources as string[];
    const expected = [
      ...objectsIn(fixed.app),
      ...resources
        .filter((path) => path !== 'pod-security/namespaces.yaml')
        .flatMap((path) =>
          loadObjects(readFileSync(join(fixed.out, path), 'utf8')).objects.map(
            (object) => object.value,
          ),
        ),
    ];
    expect(byKey(objects)).toEqual(byKey(expected));
  });
});
