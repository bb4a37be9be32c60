import { describe, expect, it } from 'vitest';
import { parsePermissionsTarget } from '../../src/analysis/arguments.js';

describe('parsePermissionsTarget', () => {
  it('parses users and groups', () => {
    expect(parsePermissionsTarget('user:alice')).toEqual({
      type: 'subject',
      subject: { kind: 'User', name: 'alice' },
    });
    expect(parsePermissionsTarget('group:system:serviceaccounts:shop')).toEqual({
      type: 'subject',
      subject: { kind: 'Group', name: 'system:serviceaccounts:shop' },
    });
  });

  it('parses ServiceAccounts in both notations', () => {
    const expected = {
      type: 'subject',
      subject: { kind: 'ServiceAccount', namespace: 'shop', name: 'web' },
    };
    expect(parsePermissionsTarget('serviceaccount:shop:web')).toEqual(expected);
    expect(parsePermissionsTarget('sa:shop/web')).toEqual(expected);
    expect(parsePermissionsTarget('SA:shop:web')).toEqual(expected);
    expect(parsePermissionsTarget('user:system:serviceaccount:shop:web')).toEqual(expected);
  });

  it('parses workloads', () => {
    expect(parsePermissionsTarget('Deployment/shop/web')).toEqual({
      type: 'workload',
      workload: { kind: 'Deployment', namespace: 'shop', name: 'web' },
    });
    expect(parsePermissionsTarget('cronjob/shop/nightly')).toMatchObject({
      workload: { kind: 'CronJob' },
    });
  });

  it('rejects malformed arguments', () => {
    expect(() => parsePermissionsTarget('alice')).toThrow("Invalid workload 'alice'");
    expect(() => parsePermissionsTarget('sa:web')).toThrow("Invalid subject 'sa:web'");
    expect(() => parsePermissionsTarget('user:')).toThrow("Invalid subject 'user:'");
    expect(() => parsePermissionsTarget('robot:x')).toThrow("Invalid subject 'robot:x'");
    expect(() => parsePermissionsTarget('Service/shop/web')).toThrow(
      "Invalid workload kind 'Service'",
    );
    expect(() => parsePermissionsTarget('Deployment/shop')).toThrow(
      "Invalid workload 'Deployment/shop'",
    );
  });
});
