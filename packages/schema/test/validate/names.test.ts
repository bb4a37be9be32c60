import { describe, expect, it } from 'vitest';

import { closeNames, closestName, editDistance } from '../../src/validate/names.js';

describe('editDistance', () => {
  it('insertion, deletion and substitution', () => {
    expect(editDistance('annotation', 'annotations')).toBe(1);
    expect(editDistance('securityContex', 'securityContext')).toBe(1);
    expect(editDistance('hostPIC', 'hostPID')).toBe(1);
  });

  it('swap of adjacent characters', () => {
    expect(editDistance('hostPIC', 'hostIPC')).toBe(1);
  });

  it('case ignored', () => {
    expect(editDistance('readOnlyRootFileSystem', 'readOnlyRootFilesystem')).toBe(0);
  });
});

describe('closeNames', () => {
  it('closest first', () => {
    expect(
      closeNames('imagePullPolicyy', ['image', 'imagePullPolicy', 'imagePullSecrets']),
    ).toEqual(['imagePullPolicy']);
  });

  it('short names need a case-only difference', () => {
    expect(closeNames('env', ['env', 'Env', 'envFrom'])).toEqual(['env', 'Env']);
    expect(closeNames('arg', ['args'])).toEqual([]);
  });
});

describe('closestName', () => {
  it('single candidate', () => {
    expect(closestName('annotation', ['annotations', 'labels'])).toBe('annotations');
  });

  it('tie', () => {
    expect(closestName('hostPIC', ['hostIPC', 'hostPID'])).toBeUndefined();
  });

  it('nothing close', () => {
    expect(
      closestName('denyAll', ['podSelector', 'policyTypes', 'ingress', 'egress']),
    ).toBeUndefined();
  });
});
