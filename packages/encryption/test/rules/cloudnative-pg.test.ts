import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, suggested, yaml } from '../helpers.js';

const ENCRYPTED_CLASS = [
  'apiVersion: storage.k8s.io/v1',
  'kind: StorageClass',
  'metadata:',
  '  name: secure',
  'provisioner: driver.longhorn.io',
  'parameters:',
  '  encrypted: "true"',
  '---',
];

function cluster(spec: readonly string[]): string[] {
  return [
    'apiVersion: postgresql.cnpg.io/v1',
    'kind: Cluster',
    'metadata:',
    '  name: records',
    '  namespace: clinic',
    'spec:',
    '  instances: 3',
    ...spec,
  ];
}

const HBA_HEADER = ['  postgresql:', '    pg_hba:'];
const REJECT = '      - hostnossl all all all reject';

describe('require-encrypted-postgres-storage', () => {
  const id = 'require-encrypted-postgres-storage';

  it('data and WAL on an encrypted class', () => {
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...cluster([
        '  storage:',
        '    size: 10Gi',
        '    storageClass: secure',
        '  walStorage:',
        '    size: 2Gi',
        '    pvcTemplate:',
        '      storageClassName: secure',
      ]),
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('WAL storage without a class', () => {
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...cluster([
        '  storage:',
        '    size: 10Gi',
        '    storageClass: secure',
        '  walStorage:',
        '    size: 2Gi',
      ]),
    ]);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'The WAL storage of CloudNativePG Cluster "records" names no StorageClass and no StorageClass in the manifests is marked as the default, so the encryption of its volume is unknown; set spec.walStorage.storageClass to an encrypted StorageClass.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 19,
      startColumn: 3,
      endLine: 19,
      endColumn: 13,
    });
  });

  it('storageClass wins over the PVC template', () => {
    const plain = [
      'apiVersion: storage.k8s.io/v1',
      'kind: StorageClass',
      'metadata:',
      '  name: plain',
      'provisioner: rancher.io/local-path',
      '---',
    ];
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...plain,
      ...cluster([
        '  storage:',
        '    size: 10Gi',
        '    storageClass: plain',
        '    pvcTemplate:',
        '      storageClassName: secure',
      ]),
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain(
      'The data storage of CloudNativePG Cluster "records" uses StorageClass "plain"',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 24,
      startColumn: 19,
      endLine: 24,
      endColumn: 24,
    });
  });

  it('tablespace on an unknown default', () => {
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...cluster([
        '  storage:',
        '    storageClass: secure',
        '  tablespaces:',
        '    - name: archive',
        '      storage:',
        '        size: 1Gi',
      ]),
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain(
      'The tablespace "archive" of CloudNativePG Cluster "records" names no StorageClass',
    );
    expect(finding!.message).toContain(
      'set spec.tablespaces[0].storage.storageClass to an encrypted StorageClass.',
    );
  });
});

describe('no-weak-postgres-tls-version', () => {
  const id = 'no-weak-postgres-tls-version';

  it('default and TLS 1.2', () => {
    expect(findingsOf(yaml(cluster(['  storage: {size: 1Gi}'])), id)).toEqual([]);
    const text = yaml(
      cluster(['  postgresql:', '    parameters:', '      ssl_min_protocol_version: TLSv1.2']),
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('TLS 1.0 minimum with suggestions', () => {
    const text = yaml(
      cluster(['  postgresql:', '    parameters:', '      ssl_min_protocol_version: TLSv1']),
    );
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'CloudNativePG Cluster "records" sets ssl_min_protocol_version to "TLSv1", which allows deprecated TLS versions; set it to "TLSv1.2" or higher.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 10,
      startColumn: 33,
      endLine: 10,
      endColumn: 38,
    });
    expect(suggested(text, finding!, 0)).toBe(text.replace('TLSv1\n', 'TLSv1.3\n'));
    expect(suggested(text, finding!, 1)).toBe(text.replace('TLSv1\n', 'TLSv1.2\n'));
  });

  it('TLS 1.1 maximum', () => {
    const text = yaml(
      cluster(['  postgresql:', '    parameters:', '      ssl_max_protocol_version: "TLSv1.1"']),
    );
    expect(findingsOf(text, id).map((finding) => finding.message)).toEqual([
      expect.stringContaining('sets ssl_max_protocol_version to "TLSv1.1"'),
    ]);
  });
});

describe('require-ssl-postgres-connections', () => {
  const id = 'require-ssl-postgres-connections';

  it('reject entry first, then hostssl', () => {
    const text = yaml(
      cluster([...HBA_HEADER, REJECT, '      - hostssl app all 10.0.0.0/8 scram-sha-256']),
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('reject entries for both address families', () => {
    const text = yaml(
      cluster([
        ...HBA_HEADER,
        '      - hostnossl all all 0.0.0.0/0 reject',
        '      - hostnossl all all ::/0 reject',
      ]),
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('no pg_hba at all, with a suggestion', () => {
    const text = yaml(cluster(['  storage: {size: 1Gi}']));
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'CloudNativePG Cluster "records" has no pg_hba entry "hostnossl all all all reject", so the default "host all all all" record accepts plain-text connections; add that entry.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 1, endLine: 6, endColumn: 5 });
    const output = suggested(text, finding!);
    expect(output).toBe(
      `${text}  postgresql:\n    pg_hba:\n      - hostnossl all all all reject\n`,
    );
    expect(findingsOf(output, id)).toEqual([]);
  });

  it('host entry with hostssl suggestion', () => {
    const text = yaml(
      cluster([...HBA_HEADER, REJECT, '      - host app app 10.0.0.0/8 scram-sha-256']),
    );
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'The pg_hba entry "host app app 10.0.0.0/8 scram-sha-256" accepts connections without SSL; use "hostssl" so only encrypted connections match.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 11,
      startColumn: 9,
      endLine: 11,
      endColumn: 46,
    });
    expect(suggested(text, finding!)).toBe(text.replace('- host app', '- hostssl app'));
  });

  it('only IPv4 rejected', () => {
    const text = yaml(cluster([...HBA_HEADER, '      - hostnossl all all 0.0.0.0/0 reject']));
    const [finding] = findingsOf(text, id);
    expect(rangeOf(finding!)).toEqual({ startLine: 9, startColumn: 5, endLine: 9, endColumn: 11 });
    expect(suggested(text, finding!)).toBe(`${text}      - hostnossl all all all reject\n`);
  });

  it('hostnossl with a password method', () => {
    const text = yaml(
      cluster([...HBA_HEADER, REJECT, '      - hostnossl app app 10.0.0.1 255.255.255.255 md5']),
    );
    expect(findingsOf(text, id).map((finding) => finding.message)).toEqual([
      expect.stringContaining('accepts connections without SSL'),
    ]);
  });
});

describe('no-trust-authentication', () => {
  const id = 'no-trust-authentication';

  it('cert and scram entries', () => {
    const text = yaml(
      cluster([...HBA_HEADER, '      - hostssl app all all cert', '      - local all all peer']),
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('trust on hostssl with two suggestions', () => {
    const text = yaml(cluster([...HBA_HEADER, '      - hostssl all all 10.0.0.0/8 trust']));
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'The pg_hba entry "hostssl all all 10.0.0.0/8 trust" uses the trust method, which lets clients log in as any role without a password; use scram-sha-256 or cert.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 10,
      startColumn: 9,
      endLine: 10,
      endColumn: 41,
    });
    expect(suggested(text, finding!, 0)).toBe(
      text.replace('10.0.0.0/8 trust', '10.0.0.0/8 scram-sha-256'),
    );
    expect(suggested(text, finding!, 1)).toBe(text.replace('10.0.0.0/8 trust', '10.0.0.0/8 cert'));
  });

  it('trust with a separate netmask', () => {
    const text = yaml(
      cluster([...HBA_HEADER, '      - host all all 127.0.0.1 255.255.255.255 trust']),
    );
    const [finding] = findingsOf(text, id);
    expect(suggested(text, finding!, 0)).toBe(
      text.replace('255.255.255.255 trust', '255.255.255.255 scram-sha-256'),
    );
  });

  it('local trust gets no cert suggestion', () => {
    const [finding] = findingsOf(yaml(cluster([...HBA_HEADER, '      - local all all trust'])), id);
    expect(finding!.suggestions).toHaveLength(1);
  });
});

describe('require-postgres-backup-encryption', () => {
  const id = 'require-postgres-backup-encryption';
  const store = (data: string, wal: string) =>
    cluster([
      '  backup:',
      '    barmanObjectStore:',
      '      destinationPath: s3://backups/records',
      '      s3Credentials:',
      '        inheritFromIAMRole: true',
      `      data: ${data}`,
      `      wal: ${wal}`,
    ]);

  it('both parts encrypted', () => {
    expect(findingsOf(yaml(store('{encryption: aws:kms}', '{encryption: AES256}')), id)).toEqual(
      [],
    );
  });

  it('Azure store is not checked', () => {
    const text = yaml(
      cluster([
        '  backup:',
        '    barmanObjectStore:',
        '      destinationPath: https://account.blob.core.windows.net/backups',
        '      azureCredentials: {inheritFromAzureAD: true}',
      ]),
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('WAL without encryption', () => {
    const text = yaml(store('{encryption: aws:kms}', '{compression: gzip}'));
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'CloudNativePG Cluster "records" does not set wal.encryption, so its WAL files are stored unencrypted unless the bucket enforces encryption; set it to "aws:kms" or "AES256".',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 14,
      startColumn: 7,
      endLine: 14,
      endColumn: 10,
    });
    expect(suggested(text, finding!)).toBe(
      text.replace('{compression: gzip}', '{compression: gzip, encryption: "aws:kms"}'),
    );
  });

  it('plugin ObjectStore', () => {
    const text = yaml([
      'apiVersion: barmancloud.cnpg.io/v1',
      'kind: ObjectStore',
      'metadata:',
      '  name: s3-store',
      'spec:',
      '  configuration:',
      '    destinationPath: s3://backups/',
      '    data:',
      '      encryption: aws:kms',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('ObjectStore "s3-store" does not set wal.encryption');
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 3, endLine: 6, endColumn: 16 });
  });
});

describe('require-postgres-scheduled-backup', () => {
  const id = 'require-postgres-scheduled-backup';
  const schedule = (suspend: string) => [
    '---',
    'apiVersion: postgresql.cnpg.io/v1',
    'kind: ScheduledBackup',
    'metadata:',
    '  name: nightly',
    '  namespace: clinic',
    'spec:',
    '  schedule: "0 0 2 * * *"',
    '  method: volumeSnapshot',
    `  suspend: ${suspend}`,
    '  cluster:',
    '    name: records',
  ];

  it('cluster with an active schedule', () => {
    expect(
      findingsOf(yaml([...cluster(['  storage: {size: 1Gi}']), ...schedule('false')]), id),
    ).toEqual([]);
  });

  it('replica cluster', () => {
    expect(findingsOf(yaml(cluster(['  replica:', '    enabled: true'])), id)).toEqual([]);
  });

  it('cluster without a schedule', () => {
    const [finding] = findingsOf(yaml(cluster(['  storage: {size: 1Gi}'])), id);
    expect(finding!.message).toBe(
      'CloudNativePG Cluster "records" has no ScheduledBackup, so no base backups are taken; add a ScheduledBackup with spec.cluster.name: records.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 4, startColumn: 9, endLine: 4, endColumn: 16 });
  });

  it('suspended schedule', () => {
    const [finding] = findingsOf(
      yaml([...cluster(['  storage: {size: 1Gi}']), ...schedule('true')]),
      id,
    );
    expect(finding!.message).toContain(
      'Every ScheduledBackup of CloudNativePG Cluster "records" is suspended',
    );
  });

  it('schedule whose method has no target', () => {
    const text = yaml([...cluster(['  storage: {size: 1Gi}']), ...schedule('false')]).replace(
      'method: volumeSnapshot',
      'method: barmanObjectStore',
    );
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'ScheduledBackup "nightly" uses method "barmanObjectStore", but Cluster "records" configures no target for it, so every backup fails; configure the target on the cluster or change the method.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 17,
      startColumn: 11,
      endLine: 17,
      endColumn: 28,
    });
  });
});
