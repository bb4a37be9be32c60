import { describe, expect, it } from 'vitest';

import { parsePermissions } from '../src/permissions.js';

describe('parsePermissions', () => {
  it('empty text is no permission', () => {
    expect(parsePermissions('')).toEqual([]);
    expect(parsePermissions(' ; ')).toEqual([]);
  });

  it('core resource with verbs', () => {
    expect(parsePermissions('get,list configmaps')).toEqual([
      { apiGroup: '', resource: 'configmaps', verbs: ['get', 'list'] },
    ]);
  });

  it('group, subresource and names', () => {
    expect(
      parsePermissions('watch deployments.apps; get pods/log; get secrets:db-credentials,tls'),
    ).toEqual([
      { apiGroup: 'apps', resource: 'deployments', verbs: ['watch'] },
      { apiGroup: '', resource: 'pods/log', verbs: ['get'] },
      {
        apiGroup: '',
        resource: 'secrets',
        verbs: ['get'],
        resourceNames: ['db-credentials', 'tls'],
      },
    ]);
  });

  it('dotted group keeps its dots', () => {
    expect(parsePermissions('get certificates.cert-manager.io')).toEqual([
      { apiGroup: 'cert-manager.io', resource: 'certificates', verbs: ['get'] },
    ]);
  });

  it('entry without resource is rejected', () => {
    expect(() => parsePermissions('get')).toThrow(
      /Invalid permission "get"; write <verbs> <resource>/,
    );
  });
});
