import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../src/model/rules.js';
import {
  isFullWildcardRule,
  nonResourceURLEntryMatches,
  readPolicyRule,
  resourceEntryMatches,
  ruleAllows,
} from '../../src/model/rules.js';

function get(resource: string, extra: Partial<AccessRequest> = {}): AccessRequest {
  const [plural = '', subresource] = resource.split('/');
  return {
    type: 'resource',
    verb: 'get',
    apiGroup: '',
    resource: plural,
    ...(subresource === undefined ? {} : { subresource }),
    namespace: 'shop',
    ...extra,
  } as AccessRequest;
}

describe('resource entries', () => {
  it('matches everything with a lone star', () => {
    expect(resourceEntryMatches('*', 'pods', undefined)).toBe(true);
    expect(resourceEntryMatches('*', 'pods', 'exec')).toBe(true);
  });

  it('matches one subresource of every resource with star-slash', () => {
    expect(resourceEntryMatches('*/exec', 'pods', 'exec')).toBe(true);
    expect(resourceEntryMatches('*/exec', 'deployments', 'exec')).toBe(true);
    expect(resourceEntryMatches('*/exec', 'pods', 'attach')).toBe(false);
    expect(resourceEntryMatches('*/exec', 'pods', undefined)).toBe(false);
  });

  it('reads pods/* and */* literally', () => {
    expect(resourceEntryMatches('pods/*', 'pods', 'exec')).toBe(false);
    expect(resourceEntryMatches('pods/*', 'pods', undefined)).toBe(false);
    expect(resourceEntryMatches('*/*', 'pods', 'exec')).toBe(false);
    expect(resourceEntryMatches('pods/*', 'pods', '*')).toBe(true);
  });

  it('keeps a resource apart from its subresources', () => {
    expect(resourceEntryMatches('pods', 'pods', 'exec')).toBe(false);
    expect(resourceEntryMatches('pods/exec', 'pods', undefined)).toBe(false);
    expect(resourceEntryMatches('pods/exec', 'pods', 'exec')).toBe(true);
  });
});

describe('non-resource URL entries', () => {
  it('matches exact paths and trailing-star prefixes', () => {
    expect(nonResourceURLEntryMatches('/healthz', '/healthz')).toBe(true);
    expect(nonResourceURLEntryMatches('/healthz', '/healthz/ready')).toBe(false);
    expect(nonResourceURLEntryMatches('/healthz/*', '/healthz/ready')).toBe(true);
    expect(nonResourceURLEntryMatches('/api*', '/apis/apps')).toBe(true);
    expect(nonResourceURLEntryMatches('*', '/metrics')).toBe(true);
  });

  it('reads a star before the end literally', () => {
    expect(nonResourceURLEntryMatches('/apis/*/v1', '/apis/apps/v1')).toBe(false);
  });
});

describe('ruleAllows', () => {
  it('matches core group as empty string', () => {
    const core = readPolicyRule({ apiGroups: [''], resources: ['pods'], verbs: ['get'] });
    const apps = readPolicyRule({ apiGroups: ['apps'], resources: ['pods'], verbs: ['get'] });
    expect(ruleAllows(core, get('pods'))).toBe(true);
    expect(ruleAllows(apps, get('pods'))).toBe(false);
  });

  it('allows every verb and group with stars', () => {
    const rule = readPolicyRule({ apiGroups: ['*'], resources: ['deployments'], verbs: ['*'] });
    expect(ruleAllows(rule, get('deployments', { apiGroup: 'apps', verb: 'delete' }))).toBe(true);
  });

  it('compares resource names literally', () => {
    const rule = readPolicyRule({
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['app-*'],
      verbs: ['get'],
    });
    expect(ruleAllows(rule, get('secrets', { name: 'app-credentials' }))).toBe(false);
    expect(ruleAllows(rule, get('secrets', { name: 'app-*' }))).toBe(true);
  });

  it('allows every name with empty resource names', () => {
    const rule = readPolicyRule({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] });
    expect(ruleAllows(rule, get('secrets', { name: 'anything' }))).toBe(true);
  });

  it('denies unnamed requests with resourceNames', () => {
    const rule = readPolicyRule({
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['app-credentials'],
      verbs: ['list', 'create'],
    });
    expect(ruleAllows(rule, get('secrets', { verb: 'list' }))).toBe(false);
    expect(ruleAllows(rule, get('secrets', { verb: 'create' }))).toBe(false);
  });

  it('matches non-resource requests only against nonResourceURLs', () => {
    const rule = readPolicyRule({ nonResourceURLs: ['/metrics'], verbs: ['get'] });
    expect(ruleAllows(rule, { type: 'non-resource', verb: 'get', path: '/metrics' })).toBe(true);
    expect(ruleAllows(rule, get('metrics'))).toBe(false);
  });

  it('grants nothing without apiGroups', () => {
    const rule = readPolicyRule({ resources: ['pods'], verbs: ['get'] });
    expect(ruleAllows(rule, get('pods'))).toBe(false);
  });
});

describe('readPolicyRule', () => {
  it('skips entries that are not strings', () => {
    const rule = readPolicyRule({ apiGroups: [''], resources: ['pods', 3, null], verbs: 'get' });
    expect(rule.resources).toEqual(['pods']);
    expect(rule.verbs).toEqual([]);
  });
});

describe('isFullWildcardRule', () => {
  it('requires stars everywhere without names', () => {
    const full = { apiGroups: ['*'], resources: ['*'], verbs: ['*'] };
    expect(isFullWildcardRule(readPolicyRule(full))).toBe(true);
    expect(isFullWildcardRule(readPolicyRule({ ...full, apiGroups: [''] }))).toBe(false);
    expect(isFullWildcardRule(readPolicyRule({ ...full, resourceNames: ['x'] }))).toBe(false);
  });
});
