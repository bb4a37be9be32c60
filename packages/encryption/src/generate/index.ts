export {
  barmanObjectStoreConfiguration,
  cnpgBackupPlugin,
  cnpgObjectStore,
  cnpgScheduledBackup,
  cnpgTlsSettings,
  type BarmanObjectStoreOptions,
  type CnpgObjectStoreOptions,
  type CnpgScheduledBackupOptions,
  type CnpgTlsOptions,
  type S3Encryption,
} from './cloudnative-pg.js';
export {
  certificate,
  clusterIssuer,
  type AcmeClusterIssuerOptions,
  type CaClusterIssuerOptions,
  type CertificateOptions,
} from './cert-manager.js';
export {
  encryptionConfiguration,
  type EncryptionConfigurationOptions,
  type KmsProviderOptions,
} from './encryption-configuration.js';
export {
  longhornEncryptedStorageClass,
  type LonghornEncryption,
  type LonghornEncryptedStorageClassOptions,
} from './longhorn.js';
export { KEY_PLACEHOLDER } from './validate.js';
export {
  veleroBackupStorageLocation,
  veleroSchedule,
  type BackupStorageLocationOptions,
  type ScheduleOptions,
} from './velero.js';
