import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeShared } from '../../../test/shared.js';
import { canI, whoCan } from '../src/analysis/authorize.js';
import { formatGrant } from '../src/analysis/format.js';
import { permissionsOf } from '../src/analysis/permissions.js';
import { buildIndex } from '../src/analysis/rbac-index.js';
import { detectProblems } from '../src/problems/detect.js';
import { expectation, readDocuments, summarize } from './helpers.js';

const BIND_TO_OPS = (role: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'ops' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ops' }],
});

describeShared('shared RBAC cases', 'cases/', (directory) => {
  const load = (name: string) => {
    const path = join(directory, name);
    return { documents: readDocuments(path), expect: expectation(path) };
  };

  it('case 13 read-only ClusterRole has no problems', () => {
    const { documents, expect: verdict } = load('case-13.yaml');
    expect(verdict).toMatch(/read-only rule should not raise/);

    const index = buildIndex(documents);
    expect(index.roles).toHaveLength(1);
    expect(detectProblems(index, { assumeComplete: true })).toEqual([]);
  });

  it('case 28 named Secret read', () => {
    const { documents, expect: verdict } = load('case-28.yaml');
    expect(verdict).toMatch(/restricted by resourceNames/);

    const index = buildIndex(documents);
    const codes = detectProblems(index).map((problem) => problem.code);
    expect(codes).not.toContain('no-secret-read-without-resource-names');

    const app = { kind: 'ServiceAccount', namespace: 'example', name: 'app-sa' } as const;
    expect(canI(index, app, 'get', 'secrets', 'example', 'app-credentials').decision).toBe(
      'allowed',
    );
    expect(canI(index, app, 'get', 'secrets', 'example', 'other').decision).toBe('denied');
    expect(canI(index, app, 'list', 'secrets', 'example').decision).toBe('denied');
  });

  it('case 30 other-group wildcard', () => {
    const { documents, expect: verdict } = load('case-30.yaml');
    expect(verdict).toMatch(/NO "can access secrets" finding/);

    const index = buildIndex([...documents, BIND_TO_OPS('dashboard-ui')]);
    const problems = summarize(detectProblems(index)).filter(
      (problem) => problem.object === 'ClusterRole/dashboard-ui',
    );
    expect(problems).toEqual([
      {
        code: 'no-wildcard-resources',
        object: 'ClusterRole/dashboard-ui',
        path: 'rules[2].resources[0]',
      },
    ]);

    const ops = { kind: 'Group', name: 'ops' } as const;
    expect(canI(index, ops, 'get', 'secrets', 'default').decision).toBe('denied');
    expect(canI(index, ops, 'get', 'widgets.example.io', 'default').decision).toBe('allowed');
  });

  it('case 32 aggregated rules replace inline rules', () => {
    const { documents, expect: verdict } = load('case-32.yaml');
    expect(verdict).toMatch(/inline rule \(secrets get\) is overwritten/);

    const index = buildIndex([...documents, BIND_TO_OPS('monitoring')]);
    const problems = summarize(detectProblems(index)).filter((problem) =>
      problem.object.startsWith('ClusterRole/'),
    );
    expect(problems).toEqual([
      {
        code: 'no-inline-rules-on-aggregated-role',
        object: 'ClusterRole/monitoring',
        path: 'rules',
      },
    ]);

    const ops = { kind: 'Group', name: 'ops' } as const;
    expect(canI(index, ops, 'get', 'services', 'default').decision).toBe('allowed');
    expect(canI(index, ops, 'get', 'endpoints', 'default').decision).toBe('allowed');
    expect(canI(index, ops, 'get', 'secrets', 'default').decision).toBe('denied');
    const granted = permissionsOf(index, ops).permissions.map((permission) =>
      permission.type === 'resource' ? `${permission.verb} ${permission.resource}` : permission.url,
    );
    expect(granted).toEqual(['get endpoints', 'get services']);
  });

  it('case 44 Secret read with binding', () => {
    const { documents, expect: verdict } = load('case-44.yaml');
    expect(verdict).toMatch(/access-to-secrets finding on the binding/);

    const index = buildIndex(documents);
    const problems = detectProblems(index).filter(
      (problem) => problem.code === 'no-secret-read-without-resource-names',
    );
    expect(summarize(problems)).toEqual([
      {
        code: 'no-secret-read-without-resource-names',
        object: 'Role/app',
        path: 'rules[0].resources[0]',
      },
    ]);
    expect(problems[0]?.related?.map((related) => related.message)).toEqual([
      'RoleBinding example/app grants this rule.',
    ]);

    const readers = whoCan(index, 'list', 'secrets', 'example').subjects;
    expect(readers.map((entry) => entry.subject)).toEqual([
      { kind: 'ServiceAccount', namespace: 'example', name: 'app' },
    ]);
    expect(readers[0]?.grants.map(formatGrant)).toEqual([
      'RoleBinding example/app -> Role example/app rules[0]',
    ]);
  });
});
