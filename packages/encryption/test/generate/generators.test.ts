import { describe, expect, it } from 'vitest';

import {
  barmanObjectStoreConfiguration,
  certificate,
  clusterIssuer,
  cnpgBackupPlugin,
  cnpgObjectStore,
  cnpgScheduledBackup,
  cnpgTlsSettings,
  encryptionConfiguration,
  KEY_PLACEHOLDER,
  longhornEncryptedStorageClass,
  veleroBackupStorageLocation,
  veleroSchedule,
} from '../../src/index.js';
import { run, toYaml } from '../helpers.js';

// Stands in for the key a user generates with `openssl rand -base64 32`; never a real key.
const TEST_KEY = 'Zm9yLXRlc3RzLW9ubHktbm90LWEta2V5LTAxMjM0NTY=';

function ruleIds(objects: readonly unknown[]): string[] {
  return run(toYaml(objects)).map((finding) => `${finding.ruleId}: ${finding.message}`);
}

function withKey(secret: Record<string, unknown>): Record<string, unknown> {
  const stringData = {
    ...(secret.stringData as Record<string, string>),
    CRYPTO_KEY_VALUE: TEST_KEY,
  };
  return { ...secret, stringData };
}

describe('longhornEncryptedStorageClass', () => {
  it('class and key template', () => {
    const { storageClass, keySecret } = longhornEncryptedStorageClass({
      name: 'longhorn-secure',
      isDefault: true,
    });
    expect(storageClass).toMatchObject({
      provisioner: 'driver.longhorn.io',
      metadata: {
        name: 'longhorn-secure',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      parameters: {
        encrypted: 'true',
        'csi.storage.k8s.io/node-stage-secret-name': 'longhorn-secure-key',
        'csi.storage.k8s.io/node-stage-secret-namespace': 'longhorn-system',
        'csi.storage.k8s.io/node-publish-secret-name': 'longhorn-secure-key',
        'csi.storage.k8s.io/node-expand-secret-namespace': 'longhorn-system',
      },
    });
    expect(keySecret).toMatchObject({
      stringData: {
        CRYPTO_KEY_VALUE: KEY_PLACEHOLDER,
        CRYPTO_KEY_SIZE: '512',
        CRYPTO_PBKDF: 'argon2id',
      },
    });
  });

  it('passes every rule once the key is filled in', () => {
    const { storageClass, keySecret } = longhornEncryptedStorageClass({
      name: 'longhorn-secure',
      pbkdf: 'pbkdf2',
    });
    expect(ruleIds([storageClass, withKey(keySecret!)])).toEqual([]);
  });

  it('placeholder key is reported until replaced', () => {
    const { storageClass, keySecret } = longhornEncryptedStorageClass({ name: 'longhorn-secure' });
    expect(ruleIds([storageClass, keySecret])).toEqual([
      expect.stringMatching(
        /^no-weak-longhorn-encryption-key: .* has a CRYPTO_KEY_VALUE that is still a template placeholder;/,
      ),
    ]);
  });

  it('per-volume keys return no Secret', () => {
    const { storageClass, keySecret } = longhornEncryptedStorageClass({
      name: 'per-volume',
      perVolumeKeys: true,
    });
    expect(keySecret).toBeUndefined();
    expect(
      (storageClass.parameters as Record<string, string>)[
        'csi.storage.k8s.io/node-stage-secret-name'
      ],
    ).toBe('${pvc.name}');
    expect(ruleIds([storageClass])).toEqual([]);
  });

  it('invalid input', () => {
    expect(() => longhornEncryptedStorageClass({ name: 'Secure_Class' })).toThrow(
      'Invalid StorageClass name "Secure_Class": use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters.',
    );
    expect(() => longhornEncryptedStorageClass({ name: 'ok', numberOfReplicas: 0 })).toThrow(
      'Invalid numberOfReplicas 0: use a whole number of at least 1.',
    );
    expect(() => longhornEncryptedStorageClass({ name: 'ok', pbkdf: 'scrypt' as never })).toThrow(
      'Invalid pbkdf "scrypt": use one of "argon2id", "pbkdf2".',
    );
  });
});

describe('CloudNativePG generators', () => {
  const storage = longhornEncryptedStorageClass({ name: 'longhorn-secure', isDefault: true });
  const issuer = clusterIssuer({ type: 'ca', name: 'internal-ca', caSecretName: 'internal-ca' });
  const serverCertificate = certificate({
    name: 'records-server',
    namespace: 'clinic',
    secretName: 'records-server-tls',
    dnsNames: ['records-rw', 'records-rw.clinic', 'records-rw.clinic.svc'],
    issuer: { name: 'internal-ca' },
  });

  it('cluster with plugin backups and TLS passes every rule', () => {
    const cluster = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'records', namespace: 'clinic' },
      spec: {
        instances: 3,
        storage: { size: '20Gi', storageClass: 'longhorn-secure' },
        walStorage: { size: '5Gi', storageClass: 'longhorn-secure' },
        plugins: [cnpgBackupPlugin('records-backups')],
        ...cnpgTlsSettings({
          serverTLSSecret: 'records-server-tls',
          serverCASecret: 'records-server-tls',
        }),
      },
    };
    const objects = [
      storage.storageClass,
      withKey(storage.keySecret!),
      issuer,
      serverCertificate,
      cluster,
      cnpgObjectStore({
        name: 'records-backups',
        namespace: 'clinic',
        destinationPath: 's3://backups/records',
        credentialsSecret: 'backup-credentials',
      }),
      cnpgScheduledBackup({ name: 'records-nightly', namespace: 'clinic', clusterName: 'records' }),
    ];
    expect(ruleIds(objects)).toEqual([]);
  });

  it('in-tree barman object store passes every rule', () => {
    const cluster = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'records', namespace: 'clinic' },
      spec: {
        instances: 1,
        storage: { size: '20Gi' },
        backup: {
          barmanObjectStore: barmanObjectStoreConfiguration({
            destinationPath: 's3://backups/records',
            endpointURL: 'https://s3.example.com',
            encryption: 'AES256',
          }),
        },
        ...cnpgTlsSettings({ minimumVersion: 'TLSv1.2', authentication: 'cert' }),
      },
    };
    const schedule = cnpgScheduledBackup({
      name: 'nightly',
      namespace: 'clinic',
      clusterName: 'records',
      method: 'barmanObjectStore',
      schedule: '0 30 1 * * *',
    });
    expect(ruleIds([storage.storageClass, withKey(storage.keySecret!), cluster, schedule])).toEqual(
      [],
    );
  });

  it('TLS settings reject plain text first', () => {
    expect(cnpgTlsSettings()).toEqual({
      postgresql: {
        parameters: { ssl_min_protocol_version: 'TLSv1.3' },
        pg_hba: ['hostnossl all all all reject', 'hostssl all all all scram-sha-256'],
      },
    });
  });

  it('invalid input', () => {
    expect(() => barmanObjectStoreConfiguration({ destinationPath: 'gs://bucket' })).toThrow(
      'Invalid destinationPath "gs://bucket": use an S3 URL such as "s3://backups/postgres".',
    );
    expect(() =>
      barmanObjectStoreConfiguration({
        destinationPath: 's3://b',
        endpointURL: 'http://minio:9000',
      }),
    ).toThrow('Invalid endpointURL "http://minio:9000": use an https:// URL.');
    expect(() =>
      cnpgScheduledBackup({ name: 'n', namespace: 'ns', clusterName: 'c', schedule: '0 2 * * *' }),
    ).toThrow(
      'Invalid schedule "0 2 * * *": use a 6-field cron expression such as "0 0 2 * * *" (second minute hour day month weekday).',
    );
    expect(() => cnpgTlsSettings({ serverTLSSecret: 'server' })).toThrow(
      'Invalid certificates: serverTLSSecret "server" needs serverCASecret too',
    );
    expect(() =>
      cnpgObjectStore({ name: 's', namespace: 'ns', destinationPath: 's3://b', retentionDays: 0 }),
    ).toThrow('Invalid retentionDays 0');
  });
});

describe('encryptionConfiguration', () => {
  it('KMS v2 passes every rule', () => {
    const config = encryptionConfiguration({
      provider: 'kms',
      kms: { name: 'vault', endpoint: 'unix:///var/run/kmsplugin/socket.sock' },
    });
    expect(config).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [
        {
          resources: ['secrets'],
          providers: [
            {
              kms: {
                apiVersion: 'v2',
                name: 'vault',
                endpoint: 'unix:///var/run/kmsplugin/socket.sock',
                timeout: '3s',
              },
            },
            { identity: {} },
          ],
        },
      ],
    });
    expect(ruleIds([config])).toEqual([]);
  });

  it('aescbc with a placeholder key gets only the KMS advice', () => {
    const config = encryptionConfiguration({
      provider: 'aescbc',
      readUnencrypted: false,
      resources: ['secrets', 'configmaps'],
    });
    expect(config.resources).toEqual([
      {
        resources: ['secrets', 'configmaps'],
        providers: [{ aescbc: { keys: [{ name: 'key1', secret: KEY_PLACEHOLDER }] } }],
      },
    ]);
    expect(ruleIds([config])).toEqual([
      expect.stringMatching(
        /^require-kms-v2-encryption-provider: Secrets are encrypted with the aescbc provider/,
      ),
    ]);
  });

  it('invalid input', () => {
    expect(() => encryptionConfiguration({ provider: 'kms' })).toThrow(
      'Missing kms options: give the plugin name and endpoint for provider "kms".',
    );
    expect(() =>
      encryptionConfiguration({ provider: 'kms', kms: { name: 'v', endpoint: 'tcp://kms:80' } }),
    ).toThrow('Invalid kms endpoint "tcp://kms:80"');
    expect(() =>
      encryptionConfiguration({ provider: 'aescbc', resources: ['configmaps'] }),
    ).toThrow('Invalid resources ["configmaps"]: include "secrets"');
    expect(() => encryptionConfiguration({ provider: 'secretbox' as never })).toThrow(
      'Invalid provider "secretbox": use one of "kms", "aescbc".',
    );
  });
});

describe('cert-manager generators', () => {
  it('ACME ClusterIssuer and Certificate used by an Ingress pass every rule', () => {
    const acme = clusterIssuer({
      type: 'acme',
      name: 'letsencrypt',
      email: 'ops@example.com',
      ingressClassName: 'nginx',
    });
    const cert = certificate({
      name: 'portal',
      namespace: 'clinic',
      secretName: 'portal-tls',
      dnsNames: ['portal.example.com'],
      issuer: { name: 'letsencrypt' },
    });
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'portal', namespace: 'clinic' },
      spec: {
        tls: [{ hosts: ['portal.example.com'], secretName: 'portal-tls' }],
        rules: [
          {
            host: 'portal.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    };
    expect(acme).toMatchObject({
      spec: {
        acme: {
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          privateKeySecretRef: { name: 'letsencrypt-account-key' },
        },
      },
    });
    expect(cert).toMatchObject({
      spec: {
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        duration: '2160h',
        renewBefore: '720h',
      },
    });
    expect(ruleIds([acme, cert, ingress])).toEqual([]);
  });

  it('RSA keys use 3072 bits', () => {
    const cert = certificate({
      name: 'a',
      namespace: 'b',
      secretName: 'c',
      dnsNames: ['*.example.com'],
      issuer: { name: 'i', kind: 'Issuer' },
      algorithm: 'RSA',
    });
    expect(cert).toMatchObject({
      spec: { privateKey: { algorithm: 'RSA', size: 3072 }, issuerRef: { kind: 'Issuer' } },
    });
  });

  it('invalid input', () => {
    expect(() =>
      clusterIssuer({ type: 'acme', name: 'le', email: 'ops', ingressClassName: 'nginx' }),
    ).toThrow('Invalid email "ops"');
    expect(() =>
      clusterIssuer({
        type: 'acme',
        name: 'le',
        email: 'ops@example.com',
        server: 'http://acme',
        ingressClassName: 'nginx',
      }),
    ).toThrow('Invalid server "http://acme": use an https:// URL.');
    const base = { name: 'a', namespace: 'b', secretName: 'c', issuer: { name: 'i' } };
    expect(() => certificate({ ...base, dnsNames: [] })).toThrow(
      'Invalid dnsNames []: give at least one entry.',
    );
    expect(() => certificate({ ...base, dnsNames: ['Bad_Host'] })).toThrow(
      'Invalid DNS name "Bad_Host"',
    );
    expect(() =>
      certificate({ ...base, dnsNames: ['a.example.com'], duration: '24h', renewBefore: '48h' }),
    ).toThrow('Invalid renewBefore "48h": it must be shorter than duration "24h".');
    expect(() => certificate({ ...base, dnsNames: ['a.example.com'], duration: '30m' })).toThrow(
      'Invalid duration "30m"',
    );
  });
});

describe('Velero generators', () => {
  it('KMS location and schedule pass every rule', () => {
    const location = veleroBackupStorageLocation({
      bucket: 'clinic-backups',
      region: 'eu-central-1',
      kmsKeyId: 'alias/velero',
    });
    const schedule = veleroSchedule({ name: 'clinic-daily', includedNamespaces: ['clinic'] });
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'clinic' } };
    expect(location).toMatchObject({
      spec: {
        provider: 'velero.io/aws',
        config: { region: 'eu-central-1', kmsKeyId: 'alias/velero' },
      },
    });
    expect(ruleIds([namespace, location, schedule])).toEqual([]);
  });

  it('S3-compatible store with SSE-S3', () => {
    const location = veleroBackupStorageLocation({
      bucket: 'backups',
      region: 'us-east-1',
      s3Url: 'https://minio.example.com',
    });
    expect(location).toMatchObject({
      spec: {
        config: {
          serverSideEncryption: 'AES256',
          s3Url: 'https://minio.example.com',
          s3ForcePathStyle: 'true',
        },
      },
    });
    expect(ruleIds([location])).toEqual([]);
  });

  it('schedule not covering a namespace is reported', () => {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'billing' } };
    const schedule = veleroSchedule({ name: 'clinic-daily', includedNamespaces: ['clinic'] });
    expect(ruleIds([namespace, schedule])).toEqual([
      expect.stringMatching(/^require-backup-schedule: Namespace "billing"/),
    ]);
  });

  it('invalid input', () => {
    expect(() => veleroBackupStorageLocation({ bucket: 'Bad', region: 'us-east-1' })).toThrow(
      'Invalid bucket "Bad"',
    );
    expect(() => veleroBackupStorageLocation({ bucket: 'ok-bucket', region: 'mars' })).toThrow(
      'Invalid region "mars"',
    );
    expect(() =>
      veleroBackupStorageLocation({
        bucket: 'ok-bucket',
        region: 'us-east-1',
        s3Url: 'http://minio',
      }),
    ).toThrow('Invalid s3Url "http://minio"');
    expect(() => veleroSchedule({ name: 's', includedNamespaces: [] })).toThrow(
      'Invalid includedNamespaces []',
    );
    expect(() =>
      veleroSchedule({ name: 's', includedNamespaces: ['a'], schedule: '0 0 1 * * *' }),
    ).toThrow('Invalid schedule "0 0 1 * * *": use a 5-field cron expression');
    expect(() => veleroSchedule({ name: 's', includedNamespaces: ['a'], ttl: '30d' })).toThrow(
      'Invalid ttl "30d"',
    );
  });
});
