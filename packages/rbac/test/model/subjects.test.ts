import { describe, expect, it } from 'vitest';
import type { BindingSubject } from '../../src/model/subjects.js';
import {
  bindingSubjectApplies,
  identityOf,
  parseServiceAccountUsername,
  subjectOfBindingSubject,
} from '../../src/model/subjects.js';

function bindingSubject(kind: string, name: string, namespace?: string): BindingSubject {
  return {
    kind,
    name,
    ...(namespace === undefined ? {} : { namespace }),
    index: 0,
    path: ['subjects', 0],
  };
}

describe('identityOf', () => {
  it('gives a ServiceAccount its three groups', () => {
    expect(identityOf({ kind: 'ServiceAccount', namespace: 'shop', name: 'web' })).toEqual({
      user: 'system:serviceaccount:shop:web',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'],
    });
  });

  it('adds system:authenticated to a user', () => {
    expect(identityOf({ kind: 'User', name: 'alice', groups: ['devs'] }).groups).toEqual([
      'devs',
      'system:authenticated',
    ]);
  });

  it('puts the anonymous user in system:unauthenticated', () => {
    expect(identityOf({ kind: 'User', name: 'system:anonymous' }).groups).toEqual([
      'system:unauthenticated',
    ]);
  });

  it('treats a ServiceAccount user name as the ServiceAccount', () => {
    const identity = identityOf({ kind: 'User', name: 'system:serviceaccount:shop:web' });
    expect(identity.groups).toContain('system:serviceaccounts:shop');
  });

  it('gives a group no user name', () => {
    expect(identityOf({ kind: 'Group', name: 'devs' })).toEqual({ groups: ['devs'] });
  });
});

describe('bindingSubjectApplies', () => {
  const web = identityOf({ kind: 'ServiceAccount', namespace: 'shop', name: 'web' });

  it('matches a ServiceAccount subject by namespace and name', () => {
    expect(
      bindingSubjectApplies(web, bindingSubject('ServiceAccount', 'web', 'shop'), undefined),
    ).toBe(true);
    expect(
      bindingSubjectApplies(web, bindingSubject('ServiceAccount', 'web', 'other'), undefined),
    ).toBe(false);
  });

  it('defaults subject namespace to RoleBinding', () => {
    expect(bindingSubjectApplies(web, bindingSubject('ServiceAccount', 'web'), 'shop')).toBe(true);
    expect(bindingSubjectApplies(web, bindingSubject('ServiceAccount', 'web'), 'other')).toBe(
      false,
    );
  });

  it('ignores namespaceless subject in ClusterRoleBinding', () => {
    expect(bindingSubjectApplies(web, bindingSubject('ServiceAccount', 'web'), undefined)).toBe(
      false,
    );
  });

  it('matches the ServiceAccount groups', () => {
    for (const group of [
      'system:serviceaccounts',
      'system:serviceaccounts:shop',
      'system:authenticated',
    ]) {
      expect(bindingSubjectApplies(web, bindingSubject('Group', group), undefined)).toBe(true);
    }
    expect(
      bindingSubjectApplies(
        web,
        bindingSubject('Group', 'system:serviceaccounts:other'),
        undefined,
      ),
    ).toBe(false);
  });

  it('matches a User subject named after the ServiceAccount', () => {
    const subject = bindingSubject('User', 'system:serviceaccount:shop:web');
    expect(bindingSubjectApplies(web, subject, undefined)).toBe(true);
  });

  it('matches no subject of an unknown kind', () => {
    expect(bindingSubjectApplies(web, bindingSubject('Robot', 'web', 'shop'), 'shop')).toBe(false);
  });
});

describe('subjectOfBindingSubject', () => {
  it('resolves a ServiceAccount user name to the ServiceAccount', () => {
    expect(
      subjectOfBindingSubject(bindingSubject('User', 'system:serviceaccount:a:b'), undefined),
    ).toEqual({
      kind: 'ServiceAccount',
      namespace: 'a',
      name: 'b',
    });
  });

  it('returns nothing for a ServiceAccount that matches nobody', () => {
    expect(
      subjectOfBindingSubject(bindingSubject('ServiceAccount', 'web'), undefined),
    ).toBeUndefined();
  });
});

describe('parseServiceAccountUsername', () => {
  it('rejects other user names', () => {
    expect(parseServiceAccountUsername('alice')).toBeUndefined();
    expect(parseServiceAccountUsername('system:serviceaccount:shop')).toBeUndefined();
    expect(parseServiceAccountUsername('system:serviceaccount:a:b:c')).toBeUndefined();
  });
});
