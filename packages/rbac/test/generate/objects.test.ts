import { describe, expect, it } from 'vitest';
import { readNamed, role, roleBinding, serviceAccount } from '../../src/generate/objects.js';
import { detectProblemsInDocuments } from '../../src/problems/detect.js';

describe('serviceAccount', () => {
  it('turns the token off by default', () => {
    expect(serviceAccount({ name: 'web', namespace: 'shop' })).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'web', namespace: 'shop' },
      automountServiceAccountToken: false,
    });
  });

  it('rejects invalid names', () => {
    expect(() => serviceAccount({ name: 'Web', namespace: 'shop' })).toThrow(
      'Invalid ServiceAccount name "Web"',
    );
    expect(() => serviceAccount({ name: 'web', namespace: 'shop.example' })).toThrow(
      'Invalid namespace "shop.example"',
    );
  });
});

describe('role', () => {
  it('builds one rule per permission', () => {
    const generated = role({
      name: 'web',
      namespace: 'shop',
      permissions: [
        readNamed('configmaps', ['web-config']),
        readNamed('secrets', ['web-tls']),
        {
          apiGroup: 'coordination.k8s.io',
          resource: 'leases',
          verbs: ['get', 'update', 'get'],
          resourceNames: ['web-leader'],
        },
      ],
    });
    expect(generated.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['web-config'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['web-tls'] },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        verbs: ['get', 'update'],
        resourceNames: ['web-leader'],
      },
    ]);
  });

  it('rejects wildcards and patterns', () => {
    const base = { apiGroup: '', resource: 'configmaps', verbs: ['get'] };
    const build = (permission: object) =>
      role({ name: 'web', namespace: 'shop', permissions: [{ ...base, ...permission }] });
    expect(() => build({ verbs: ['*'] })).toThrow('Invalid permissions[0].verbs[0] "*"');
    expect(() => build({ apiGroup: '*' })).toThrow('Invalid permissions[0].apiGroup "*"');
    expect(() => build({ resource: 'pods/*' })).toThrow('Invalid permissions[0].resource "pods/*"');
    expect(() => build({ resourceNames: ['web-*'] })).toThrow(
      'Invalid permissions[0].resourceNames[0] "web-*"',
    );
  });

  it('rejects access the problem checks report', () => {
    const build = (permission: object) =>
      role({ name: 'web', namespace: 'shop', permissions: [permission as never] });
    expect(() => build({ apiGroup: '', resource: 'secrets', verbs: ['list'] })).toThrow(
      "Invalid permissions[0]: Resource 'secrets' with 'list' lets the subject read every Secret in its scope",
    );
    expect(() => build({ apiGroup: '', resource: 'pods/exec', verbs: ['create'] })).toThrow(
      "Invalid permissions[0]: Resource 'pods/exec'",
    );
    expect(() =>
      build({ apiGroup: 'rbac.authorization.k8s.io', resource: 'roles', verbs: ['escalate'] }),
    ).toThrow("Invalid permissions[0]: Verb 'escalate'");
  });

  it('rejects verbs that resource names never allow', () => {
    expect(() =>
      role({
        name: 'web',
        namespace: 'shop',
        permissions: [
          { apiGroup: '', resource: 'configmaps', verbs: ['get', 'create'], resourceNames: ['x'] },
        ],
      }),
    ).toThrow("Invalid permissions[0].verbs: 'create' requests carry no object name");
  });

  it('rejects an empty permission list and reserved names', () => {
    expect(() => role({ name: 'web', namespace: 'shop', permissions: [] })).toThrow(
      'Invalid permissions []',
    );
    expect(() =>
      role({
        name: 'system:web',
        namespace: 'shop',
        permissions: [readNamed('configmaps', ['x'])],
      }),
    ).toThrow("the 'system:' prefix is reserved");
  });
});

describe('roleBinding', () => {
  it('binds ServiceAccounts, users and groups', () => {
    expect(
      roleBinding({
        name: 'web',
        namespace: 'shop',
        roleRef: { kind: 'Role', name: 'web' },
        subjects: [
          { kind: 'ServiceAccount', namespace: 'shop', name: 'web' },
          { kind: 'Group', name: 'web-admins' },
        ],
      }),
    ).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'web', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' },
      subjects: [
        { kind: 'ServiceAccount', name: 'web', namespace: 'shop' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'web-admins' },
      ],
    });
  });

  it('rejects cluster-admin and public subjects', () => {
    const spec = {
      name: 'web',
      namespace: 'shop',
      roleRef: { kind: 'Role' as const, name: 'web' },
    };
    expect(() =>
      roleBinding({
        ...spec,
        roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'User', name: 'alice' }],
      }),
    ).toThrow('Invalid roleRef.name "cluster-admin"');
    expect(() =>
      roleBinding({ ...spec, subjects: [{ kind: 'Group', name: 'system:authenticated' }] }),
    ).toThrow('Invalid subjects[0].name "system:authenticated"');
    expect(() => roleBinding({ ...spec, subjects: [] })).toThrow('Invalid subjects []');
    expect(() =>
      roleBinding({ ...spec, subjects: [{ kind: 'Robot', name: 'r2' } as never] }),
    ).toThrow('Invalid subjects[0].kind "Robot"');
  });
});

describe('generated objects', () => {
  it('trigger no problems', () => {
    const documents = [
      serviceAccount({ name: 'web', namespace: 'shop' }),
      role({
        name: 'web',
        namespace: 'shop',
        permissions: [readNamed('configmaps', ['web-config']), readNamed('secrets', ['web-tls'])],
      }),
      roleBinding({
        name: 'web',
        namespace: 'shop',
        roleRef: { kind: 'Role', name: 'web' },
        subjects: [{ kind: 'ServiceAccount', namespace: 'shop', name: 'web' }],
      }),
    ];
    expect(detectProblemsInDocuments(documents, { assumeComplete: true })).toEqual([]);
  });
});
