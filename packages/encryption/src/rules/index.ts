import type { Rule } from '@kubeharden/core';

import {
  noSelfSignedIssuer,
  noWeakCertificateKey,
  requireCertificateLifetimeBounds,
  requirePrivateKeyRotation,
} from './cert-manager.js';
import {
  noMismatchedCertificateSecret,
  requireCertificateForTlsSecret,
} from './certificate-secrets.js';
import {
  noIngressHttpsRedirectDisabled,
  requireIngressTls,
  requireIngressTlsSecret,
} from './ingress-tls.js';
import { noPlaintextDatabaseConnection } from './no-plaintext-database-connection.js';
import { noWeakLonghornEncryptionCipher } from './no-weak-longhorn-encryption-cipher.js';
import { noWeakLonghornEncryptionKey } from './no-weak-longhorn-encryption-key.js';
import {
  requirePostgresBackupEncryption,
  requirePostgresScheduledBackup,
} from './postgres-backups.js';
import {
  noTrustAuthentication,
  noWeakPostgresTlsVersion,
  requireSslPostgresConnections,
} from './postgres-tls.js';
import { requireEncryptedPostgresStorage } from './require-encrypted-postgres-storage.js';
import { requireEncryptedVolumes } from './require-encrypted-volumes.js';
import { requireGatewayTls } from './require-gateway-tls.js';
import { requireLonghornEncryptionSecretParameters } from './require-longhorn-encryption-secret-parameters.js';
import { requireLonghornVolumeEncryption } from './require-longhorn-volume-encryption.js';
import {
  requireKmsV2EncryptionProvider,
  requireSecretsEncryptionAtRest,
} from './secrets-at-rest.js';
import {
  noInsecureBackupEndpoint,
  noMisplacedBackupStorageConfig,
  requireBackupSchedule,
  requireBackupStorageEncryption,
} from './velero.js';

export {
  noInsecureBackupEndpoint,
  noIngressHttpsRedirectDisabled,
  noMismatchedCertificateSecret,
  noMisplacedBackupStorageConfig,
  noPlaintextDatabaseConnection,
  noSelfSignedIssuer,
  noTrustAuthentication,
  noWeakCertificateKey,
  noWeakLonghornEncryptionCipher,
  noWeakLonghornEncryptionKey,
  noWeakPostgresTlsVersion,
  requireBackupSchedule,
  requireBackupStorageEncryption,
  requireCertificateForTlsSecret,
  requireCertificateLifetimeBounds,
  requireEncryptedPostgresStorage,
  requireEncryptedVolumes,
  requireGatewayTls,
  requireIngressTls,
  requireIngressTlsSecret,
  requireKmsV2EncryptionProvider,
  requireLonghornEncryptionSecretParameters,
  requireLonghornVolumeEncryption,
  requirePostgresBackupEncryption,
  requirePostgresScheduledBackup,
  requirePrivateKeyRotation,
  requireSecretsEncryptionAtRest,
  requireSslPostgresConnections,
};

/** Every rule of the encryption area: at rest, in transit, and backups. */
export const ENCRYPTION_RULES: readonly Rule[] = [
  // At rest: volumes and Secrets.
  requireLonghornVolumeEncryption,
  requireLonghornEncryptionSecretParameters,
  noWeakLonghornEncryptionKey,
  noWeakLonghornEncryptionCipher,
  requireEncryptedVolumes,
  requireSecretsEncryptionAtRest,
  requireKmsV2EncryptionProvider,
  // CloudNativePG.
  requireEncryptedPostgresStorage,
  noWeakPostgresTlsVersion,
  requireSslPostgresConnections,
  noTrustAuthentication,
  requirePostgresBackupEncryption,
  requirePostgresScheduledBackup,
  // In transit.
  requireIngressTls,
  noIngressHttpsRedirectDisabled,
  requireIngressTlsSecret,
  requireGatewayTls,
  noWeakCertificateKey,
  requirePrivateKeyRotation,
  requireCertificateLifetimeBounds,
  noSelfSignedIssuer,
  requireCertificateForTlsSecret,
  noMismatchedCertificateSecret,
  noPlaintextDatabaseConnection,
  // Backups.
  requireBackupStorageEncryption,
  noInsecureBackupEndpoint,
  noMisplacedBackupStorageConfig,
  requireBackupSchedule,
];
