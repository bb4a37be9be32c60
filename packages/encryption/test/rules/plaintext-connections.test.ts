import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, suggested, yaml } from '../helpers.js';

const id = 'no-plaintext-database-connection';

function deployment(env: readonly string[]): string {
  return yaml([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    '  namespace: clinic',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: api:1',
    '          env:',
    ...env,
  ]);
}

describe('no-plaintext-database-connection', () => {
  it('verify-full and require', () => {
    const text = deployment([
      '            - name: DATABASE_URL',
      '              value: postgresql://api@records-rw:5432/app?sslmode=verify-full',
      '            - name: PGSSLMODE',
      '              value: require',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('sslmode=disable in a URI with suggestions', () => {
    const text = deployment([
      '            - name: DATABASE_URL',
      '              value: postgresql://api@records-rw:5432/app?sslmode=disable&application_name=api',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Variable "DATABASE_URL" of container "api" sets sslmode=disable, which allows unencrypted database connections; use sslmode=verify-full.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 14,
      startColumn: 22,
      endLine: 14,
      endColumn: 95,
    });
    expect(suggested(text, finding!, 0)).toBe(
      text.replace('sslmode=disable', 'sslmode=verify-full'),
    );
    expect(suggested(text, finding!, 1)).toBe(text.replace('sslmode=disable', 'sslmode=require'));
  });

  it('PGSSLMODE prefer', () => {
    const text = deployment(['            - name: PGSSLMODE', '              value: "prefer"']);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain(
      'Variable "PGSSLMODE" of container "api" sets sslmode=prefer',
    );
    expect(suggested(text, finding!)).toBe(text.replace('"prefer"', '"verify-full"'));
  });

  it('libpq keyword string in a ConfigMap block scalar', () => {
    const text = yaml([
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: db',
      'data:',
      '  dsn: |',
      '    host=records-rw dbname=app sslmode=allow',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'ConfigMap "db" key "dsn" sets sslmode=allow, which allows unencrypted database connections; use sslmode=verify-full.',
    );
    expect(suggested(text, finding!)).toBe(text.replace('sslmode=allow', 'sslmode=verify-full'));
  });

  it('Secret value never quoted', () => {
    const text = yaml([
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'stringData:',
      '  url: postgres://app:hunter2@records-rw/app?sslmode=disable',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Secret "db" key "url" holds a database connection setting whose sslmode allows unencrypted connections; use sslmode=verify-full.',
    );
    expect(finding!.message).not.toContain('hunter2');
    expect(
      JSON.stringify(finding!.suggestions?.map((suggestion) => suggestion.description)),
    ).not.toContain('hunter2');
    expect(suggested(text, finding!)).toBe(text.replace('sslmode=disable', 'sslmode=verify-full'));
  });

  it('Secret data decoded without suggestion', () => {
    const encoded = Buffer.from('host=db sslmode=disable').toString('base64');
    const text = yaml([
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'data:',
      `  dsn: ${encoded}`,
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('Secret "db" key "dsn" holds a database connection setting');
    expect(finding!.suggestions).toBeUndefined();
  });

  it('CloudNativePG external cluster', () => {
    const text = yaml([
      'apiVersion: postgresql.cnpg.io/v1',
      'kind: Cluster',
      'metadata:',
      '  name: records',
      'spec:',
      '  externalClusters:',
      '    - name: origin',
      '      connectionParameters:',
      '        host: origin-rw',
      '        sslmode: disable',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'External cluster "origin" of CloudNativePG Cluster "records" connects with sslmode "disable", which allows unencrypted connections; use verify-full with sslrootcert.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 10,
      startColumn: 18,
      endLine: 10,
      endColumn: 25,
    });
    expect(suggested(text, finding!)).toBe(
      text.replace('sslmode: disable', 'sslmode: verify-full'),
    );
  });

  it('outside the health-data scope', () => {
    const text = deployment(['            - name: PGSSLMODE', '              value: disable']);
    expect(findingsOf(text, id, { healthData: { namespaces: ['records'] } })).toEqual([]);
  });
});
