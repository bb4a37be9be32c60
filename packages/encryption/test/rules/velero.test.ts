import { describe, expect, it } from 'vitest';

import { findingsOf, fixed, rangeOf, suggested, yaml } from '../helpers.js';

function location(spec: readonly string[]): string[] {
  return [
    'apiVersion: velero.io/v1',
    'kind: BackupStorageLocation',
    'metadata:',
    '  name: default',
    '  namespace: velero',
    'spec:',
    '  provider: aws',
    ...spec,
  ];
}

describe('require-backup-storage-encryption', () => {
  const id = 'require-backup-storage-encryption';

  it('KMS key, SSE-S3 and SSE-C', () => {
    for (const setting of [
      '    kmsKeyId: alias/backups',
      '    serverSideEncryption: AES256',
      '    customerKeyEncryptionFile: /credentials/key',
    ]) {
      expect(
        findingsOf(
          yaml(
            location([
              '  objectStorage: {bucket: backups}',
              '  config:',
              '    region: us-east-1',
              setting,
            ]),
          ),
          id,
        ),
      ).toEqual([]);
    }
  });

  it('other plugins are not checked', () => {
    const text = yaml(
      location(['  objectStorage: {bucket: backups}']).map((line) =>
        line.replace('provider: aws', 'provider: velero.io/azure'),
      ),
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('no encryption, with suggestion', () => {
    const text = yaml(
      location(['  objectStorage: {bucket: backups}', '  config:', '    region: us-east-1']),
    );
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'BackupStorageLocation "default" has no server-side encryption configured: spec.config sets none of serverSideEncryption, kmsKeyId or customerKeyEncryptionFile; set kmsKeyId to a KMS key or serverSideEncryption to AES256.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 9, startColumn: 3, endLine: 9, endColumn: 9 });
    expect(suggested(text, finding!)).toBe(`${text}    serverSideEncryption: AES256\n`);
  });

  it('unknown algorithm', () => {
    const [finding] = findingsOf(
      yaml(location(['  config:', '    serverSideEncryption: aes256'])),
      id,
    );
    expect(finding!.message).toContain(
      'sets serverSideEncryption to "aes256", which S3 does not know',
    );
  });
});

describe('no-insecure-backup-endpoint', () => {
  const id = 'no-insecure-backup-endpoint';

  it('https endpoint', () => {
    expect(
      findingsOf(yaml(location(['  config:', '    s3Url: https://minio.example.com'])), id),
    ).toEqual([]);
  });

  it('http s3Url', () => {
    const text = yaml(location(['  config:', '    s3Url: http://minio:9000']));
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'BackupStorageLocation "default" reaches its backup store at "http://minio:9000", so backups travel unencrypted; use an https:// URL.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 9, startColumn: 12, endLine: 9, endColumn: 29 });
    expect(suggested(text, finding!)).toBe(text.replace('http://minio', 'https://minio'));
  });

  it('insecureSkipTLSVerify', () => {
    const text = yaml(
      location(['  config:', '    region: minio', '    insecureSkipTLSVerify: "true"']),
    );
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain(
      'sets insecureSkipTLSVerify to "true", so the certificate of the backup store is not verified',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 10,
      startColumn: 5,
      endLine: 10,
      endColumn: 26,
    });
    expect(suggested(text, finding!)).toBe(text.replace('    insecureSkipTLSVerify: "true"\n', ''));
  });

  it('CloudNativePG endpointURL', () => {
    const text = yaml([
      'apiVersion: postgresql.cnpg.io/v1',
      'kind: Cluster',
      'metadata: {name: records}',
      'spec:',
      '  backup:',
      '    barmanObjectStore:',
      '      destinationPath: s3://backups/',
      '      endpointURL: http://minio:9000',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain(
      'CloudNativePG Cluster "records" reaches its backup store at "http://minio:9000"',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 8, startColumn: 20, endLine: 8, endColumn: 37 });
  });
});

describe('no-misplaced-backup-storage-config', () => {
  const id = 'no-misplaced-backup-storage-config';

  it('settings under spec.config', () => {
    expect(
      findingsOf(
        yaml(
          location([
            '  objectStorage:',
            '    bucket: backups',
            '    prefix: a/',
            '  config:',
            '    kmsKeyId: alias/k',
          ]),
        ),
        id,
      ),
    ).toEqual([]);
  });

  it('encryption under objectStorage, moved by suggestion', () => {
    const text = yaml(
      location([
        '  config:',
        '    region: us-east-1',
        '  objectStorage:',
        '    bucket: backups',
        '    serverSideEncryption: AES256',
      ]),
    );
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'BackupStorageLocation "default" sets serverSideEncryption under spec.objectStorage, where velero-plugin-for-aws ignores it; move it to spec.config.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 12,
      startColumn: 5,
      endLine: 12,
      endColumn: 25,
    });
    expect(finding!.fix).toBeUndefined();
    const output = suggested(text, finding!);
    expect(output).toBe(
      yaml(
        location([
          '  config:',
          '    region: us-east-1',
          '    serverSideEncryption: AES256',
          '  objectStorage:',
          '    bucket: backups',
        ]),
      ),
    );
    expect(findingsOf(output, id)).toEqual([]);
  });

  it('duplicate of spec.config removed by fix', () => {
    const text = yaml(
      location([
        '  objectStorage:',
        '    bucket: backups',
        '    kmsKeyId: alias/k',
        '  config:',
        '    kmsKeyId: alias/k',
      ]),
    );
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('repeats kmsKeyId under spec.objectStorage');
    expect(fixed(text, finding!)).toBe(
      yaml(
        location(['  objectStorage:', '    bucket: backups', '  config:', '    kmsKeyId: alias/k']),
      ),
    );
  });

  it('setting at spec level', () => {
    const [finding] = findingsOf(
      yaml(location(['  region: us-east-1', '  objectStorage: {bucket: backups}'])),
      id,
    );
    expect(finding!.message).toContain(
      'sets region under spec, where velero-plugin-for-aws ignores it',
    );
  });
});

describe('require-backup-schedule', () => {
  const id = 'require-backup-schedule';
  const NAMESPACE = ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: clinic', '---'];
  const schedule = (template: readonly string[]) => [
    '---',
    'apiVersion: velero.io/v1',
    'kind: Schedule',
    'metadata: {name: nightly, namespace: velero}',
    'spec:',
    '  schedule: "0 1 * * *"',
    '  template:',
    ...template,
  ];
  const BSL = location(['  objectStorage: {bucket: backups}', '  config: {kmsKeyId: alias/k}']);

  it('namespace included', () => {
    expect(
      findingsOf(
        yaml([...NAMESPACE, ...BSL, ...schedule(['    includedNamespaces: [clinic]'])]),
        id,
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        yaml([...NAMESPACE, ...BSL, ...schedule(['    includedNamespaces: ["cli*"]'])]),
        id,
      ),
    ).toEqual([]);
    expect(findingsOf(yaml([...NAMESPACE, ...BSL, ...schedule(['    ttl: 720h'])]), id)).toEqual(
      [],
    );
  });

  it('Velero not in the manifests', () => {
    expect(findingsOf(yaml(NAMESPACE.slice(0, 4)), id)).toEqual([]);
  });

  it('namespace excluded', () => {
    const text = yaml([
      ...NAMESPACE,
      ...BSL,
      ...schedule(['    includedNamespaces: ["*"]', '    excludedNamespaces: [clinic]']),
    ]);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'Namespace "clinic" holds health data but no Velero Schedule that is not paused includes it, so it is not backed up; add it to spec.template.includedNamespaces of a Schedule.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 4, startColumn: 9, endLine: 4, endColumn: 15 });
  });

  it('paused schedule and workload anchor', () => {
    const workload = [
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: api',
      '  namespace: billing',
      'spec: {containers: [{name: api, image: api:1}]}',
    ];
    const text = yaml([
      ...BSL,
      ...schedule(['    includedNamespaces: [billing]']),
      '  paused: true',
      ...workload,
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('Namespace "billing" holds health data');
    expect(rangeOf(finding!)).toEqual({
      startLine: 24,
      startColumn: 14,
      endLine: 24,
      endColumn: 21,
    });
  });

  it('health-data namespaces from settings', () => {
    const text = yaml([...NAMESPACE, ...BSL, ...schedule(['    includedNamespaces: [clinic]'])]);
    const findings = findingsOf(text, id, { healthData: { namespaces: ['clinic', 'lab'] } });
    // "lab" has no object in the manifests to point at.
    expect(findings).toEqual([]);
  });
});
