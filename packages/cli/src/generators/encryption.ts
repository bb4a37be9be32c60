import { defineGenerator, type Generator } from '@kubeharden/core';
import { auditPolicy } from '@kubeharden/audit';
import {
  certificate,
  clusterIssuer,
  cnpgObjectStore,
  cnpgScheduledBackup,
  cnpgTlsSettings,
  encryptionConfiguration,
  longhornEncryptedStorageClass,
  veleroBackupStorageLocation,
  veleroSchedule,
} from '@kubeharden/encryption';

// Command-line wrappers of the encryption and audit generators, which take typed option objects.

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): string[] | undefined => (Array.isArray(value) ? (value as string[]) : undefined);
const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function required(options: Readonly<Record<string, unknown>>, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new Error(`Missing --${name}.`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`Invalid --${name} ${JSON.stringify(value)}; use ${allowed.join(' or ')}.`);
}

export const longhornStorageClassGenerator = defineGenerator({
  name: 'longhorn-encrypted-storageclass',
  area: 'encryption',
  description: 'A Longhorn StorageClass that encrypts its volumes, and the template of its key Secret (with a placeholder key).',
  options: [
    { name: 'name', type: 'string', default: 'longhorn-encrypted', description: 'StorageClass name' },
    { name: 'secret-name', type: 'string', description: 'key Secret name (default: <name>-key)' },
    { name: 'secret-namespace', type: 'string', default: 'longhorn-system', description: 'key Secret namespace' },
    { name: 'per-volume-keys', type: 'boolean', description: 'one key Secret per volume, named after its PVC' },
    { name: 'replicas', type: 'number', default: '3', description: 'number of Longhorn replicas' },
    { name: 'pbkdf', type: 'string', default: 'argon2id', description: 'argon2id, or pbkdf2 where FIPS mode requires it' },
    { name: 'default', type: 'boolean', description: 'mark the class as the cluster default' },
  ],
  generate(options) {
    const result = longhornEncryptedStorageClass({
      name: text(options.name) ?? 'longhorn-encrypted',
      secretName: text(options['secret-name']),
      secretNamespace: text(options['secret-namespace']),
      perVolumeKeys: options['per-volume-keys'] === true,
      numberOfReplicas: number(options.replicas),
      pbkdf: oneOf(options.pbkdf, ['argon2id', 'pbkdf2'] as const, 'pbkdf'),
      isDefault: options.default === true,
    });
    return result.keySecret ? [result.storageClass, result.keySecret] : [result.storageClass];
  },
});

export const encryptionConfigurationGenerator = defineGenerator({
  name: 'encryption-configuration',
  area: 'encryption',
  description: 'An API server EncryptionConfiguration that encrypts Secrets at rest with KMS v2, or aescbc with a placeholder key.',
  options: [
    { name: 'provider', type: 'string', default: 'kms', description: 'kms (KMS v2, preferred) or aescbc' },
    { name: 'kms-name', type: 'string', default: 'kms-provider', description: 'name of the KMS plugin' },
    { name: 'kms-endpoint', type: 'string', default: 'unix:///var/run/kmsplugin/socket.sock', description: 'socket of the KMS v2 plugin' },
    { name: 'resources', type: 'list', default: 'secrets', description: 'resources to encrypt, comma-separated' },
  ],
  generate(options) {
    const provider = oneOf(options.provider, ['kms', 'aescbc'] as const, 'provider') ?? 'kms';
    return [
      encryptionConfiguration({
        provider,
        ...(provider === 'kms'
          ? { kms: { name: text(options['kms-name']) ?? 'kms-provider', endpoint: text(options['kms-endpoint']) ?? 'unix:///var/run/kmsplugin/socket.sock' } }
          : {}),
        ...(list(options.resources) ? { resources: list(options.resources) } : {}),
      }),
    ];
  },
});

export const clusterIssuerGenerator = defineGenerator({
  name: 'cluster-issuer',
  area: 'encryption',
  description: 'A cert-manager ClusterIssuer: ACME with an HTTP-01 solver, or a private CA.',
  options: [
    { name: 'type', type: 'string', default: 'acme', description: 'acme or ca' },
    { name: 'name', type: 'string', required: true, description: 'ClusterIssuer name' },
    { name: 'email', type: 'string', description: 'ACME account email (acme)' },
    { name: 'server', type: 'string', description: 'ACME directory URL (acme; default: the ACME production server)' },
    { name: 'ingress-class', type: 'string', description: 'ingress class that solves HTTP-01 challenges (acme)' },
    { name: 'ca-secret', type: 'string', description: 'Secret with the CA certificate and key (ca)' },
  ],
  generate(options) {
    const type = oneOf(options.type, ['acme', 'ca'] as const, 'type') ?? 'acme';
    const name = required(options, 'name');
    if (type === 'ca') return [clusterIssuer({ type, name, caSecretName: required(options, 'ca-secret') })];
    return [
      clusterIssuer({
        type,
        name,
        email: required(options, 'email'),
        ...(text(options.server) ? { server: text(options.server) } : {}),
        ingressClassName: required(options, 'ingress-class'),
      }),
    ];
  },
});

export const certificateGenerator = defineGenerator({
  name: 'certificate',
  area: 'encryption',
  description: 'A cert-manager Certificate with a strong key that is rotated on every renewal.',
  options: [
    { name: 'name', type: 'string', required: true, description: 'Certificate name' },
    { name: 'namespace', type: 'string', required: true, description: 'namespace of the Certificate and its Secret' },
    { name: 'secret-name', type: 'string', required: true, description: 'Secret the certificate is written to' },
    { name: 'dns-names', type: 'list', required: true, description: 'DNS names, comma-separated' },
    { name: 'issuer', type: 'string', required: true, description: 'issuer name' },
    { name: 'issuer-kind', type: 'string', default: 'ClusterIssuer', description: 'Issuer or ClusterIssuer' },
    { name: 'algorithm', type: 'string', default: 'ECDSA', description: 'ECDSA, RSA or Ed25519' },
  ],
  generate(options) {
    return [
      certificate({
        name: required(options, 'name'),
        namespace: required(options, 'namespace'),
        secretName: required(options, 'secret-name'),
        dnsNames: list(options['dns-names']) ?? [],
        issuer: {
          name: required(options, 'issuer'),
          kind: oneOf(options['issuer-kind'], ['Issuer', 'ClusterIssuer'] as const, 'issuer-kind') ?? 'ClusterIssuer',
        },
        ...(options.algorithm !== undefined
          ? { algorithm: oneOf(options.algorithm, ['ECDSA', 'RSA', 'Ed25519'] as const, 'algorithm') }
          : {}),
      }),
    ];
  },
});

export const postgresBackupGenerator = defineGenerator({
  name: 'postgres-backup-encryption',
  area: 'encryption',
  description:
    'A Barman Cloud ObjectStore for CloudNativePG with server-side encryption of base backups and WAL, and a daily ScheduledBackup.',
  options: [
    { name: 'cluster', type: 'string', required: true, description: 'CloudNativePG Cluster name' },
    { name: 'namespace', type: 'string', required: true, description: 'namespace of the Cluster' },
    { name: 'destination', type: 'string', required: true, description: 's3://bucket/path for backups' },
    { name: 'credentials-secret', type: 'string', description: 'Secret with the S3 credentials' },
    { name: 'encryption', type: 'string', default: 'aws:kms', description: 'aws:kms or AES256' },
    { name: 'schedule', type: 'string', description: 'six-field cron schedule of the backups' },
  ],
  generate(options) {
    const cluster = required(options, 'cluster');
    const namespace = required(options, 'namespace');
    const store = `${cluster}-backups`;
    return [
      cnpgObjectStore({
        name: store,
        namespace,
        destinationPath: required(options, 'destination'),
        ...(text(options['credentials-secret']) ? { credentialsSecret: text(options['credentials-secret']) } : {}),
        encryption: oneOf(options.encryption, ['aws:kms', 'AES256'] as const, 'encryption') ?? 'aws:kms',
      }),
      cnpgScheduledBackup({
        name: `${cluster}-daily`,
        namespace,
        clusterName: cluster,
        method: 'plugin',
        ...(text(options.schedule) ? { schedule: text(options.schedule) } : {}),
      }),
    ];
  },
});

export const postgresTlsGenerator = defineGenerator({
  name: 'postgres-tls',
  area: 'encryption',
  description: 'The spec fields of a CloudNativePG Cluster that require TLS 1.2 or later and reject plain-text connections.',
  options: [
    { name: 'server-tls-secret', type: 'string', description: 'Secret with the server certificate (default: generated by the operator)' },
    { name: 'server-ca-secret', type: 'string', description: 'Secret with the CA of the server certificate' },
    { name: 'minimum-version', type: 'string', default: 'TLSv1.2', description: 'TLSv1.2 or TLSv1.3' },
  ],
  generate(options) {
    return [
      cnpgTlsSettings({
        ...(text(options['server-tls-secret']) ? { serverTLSSecret: text(options['server-tls-secret']) } : {}),
        ...(text(options['server-ca-secret']) ? { serverCASecret: text(options['server-ca-secret']) } : {}),
        ...(options['minimum-version'] !== undefined
          ? { minimumVersion: oneOf(options['minimum-version'], ['TLSv1.2', 'TLSv1.3'] as const, 'minimum-version') }
          : {}),
      }),
    ];
  },
});

export const veleroLocationGenerator = defineGenerator({
  name: 'velero-backup-location',
  area: 'encryption',
  description: 'A Velero BackupStorageLocation on S3 with server-side encryption by a KMS key.',
  options: [
    { name: 'bucket', type: 'string', required: true, description: 'S3 bucket' },
    { name: 'region', type: 'string', required: true, description: 'AWS region' },
    { name: 'kms-key-id', type: 'string', description: 'KMS key id or ARN (default: the bucket default key with aws:kms)' },
    { name: 'prefix', type: 'string', description: 'prefix inside the bucket' },
    { name: 'name', type: 'string', default: 'default', description: 'BackupStorageLocation name' },
  ],
  generate(options) {
    return [
      veleroBackupStorageLocation({
        bucket: required(options, 'bucket'),
        region: required(options, 'region'),
        ...(text(options['kms-key-id']) ? { kmsKeyId: text(options['kms-key-id']) } : {}),
        ...(text(options.prefix) ? { prefix: text(options.prefix) } : {}),
        ...(text(options.name) ? { name: text(options.name) } : {}),
      }),
    ];
  },
});

export const veleroScheduleGenerator = defineGenerator({
  name: 'velero-schedule',
  area: 'encryption',
  description: 'A Velero Schedule that backs up the health-data namespaces.',
  options: [
    { name: 'name', type: 'string', default: 'health-data-daily', description: 'Schedule name' },
    { name: 'namespaces', type: 'list', required: true, description: 'namespaces to back up, comma-separated' },
    { name: 'schedule', type: 'string', description: 'five-field cron schedule' },
    { name: 'ttl', type: 'string', description: 'how long backups are kept, such as 720h0m0s' },
  ],
  generate(options) {
    return [
      veleroSchedule({
        name: text(options.name) ?? 'health-data-daily',
        includedNamespaces: list(options.namespaces) ?? [],
        ...(text(options.schedule) ? { schedule: text(options.schedule) } : {}),
        ...(text(options.ttl) ? { ttl: text(options.ttl) } : {}),
      }),
    ];
  },
});

export const auditPolicyGenerator = defineGenerator({
  name: 'audit-policy',
  area: 'audit',
  description: 'An API server audit Policy that records access to health-data systems without copying Secret payloads.',
  options: [
    { name: 'request-bodies-for-writes', type: 'boolean', description: 'log request bodies of writes to other resources' },
  ],
  generate(options) {
    return [auditPolicy({ requestBodiesForWrites: options['request-bodies-for-writes'] === true })];
  },
});

export const ENCRYPTION_AND_AUDIT_GENERATORS: readonly Generator[] = [
  longhornStorageClassGenerator,
  encryptionConfigurationGenerator,
  clusterIssuerGenerator,
  certificateGenerator,
  postgresBackupGenerator,
  postgresTlsGenerator,
  veleroLocationGenerator,
  veleroScheduleGenerator,
  auditPolicyGenerator,
];
