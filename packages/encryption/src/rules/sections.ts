import type { HipaaSection } from '@kubeharden/core';

/** Encryption of health data at rest. */
export const AT_REST: readonly HipaaSection[] = ['164.312(a)(2)(iv)'];

/** Transmission security and encryption in transit. */
export const IN_TRANSIT: readonly HipaaSection[] = ['164.312(e)(1)', '164.312(e)(2)(ii)'];

/** Backups that exist and are encrypted. */
export const BACKUP_ENCRYPTION: readonly HipaaSection[] = [
  '164.308(a)(7)(ii)(A)',
  '164.312(a)(2)(iv)',
];

/** Backups that exist at all, so data can be restored in an emergency. */
export const BACKUP_PLAN: readonly HipaaSection[] = [
  '164.308(a)(7)(ii)(A)',
  '164.312(a)(2)(ii)',
  '164.312(c)(1)',
];

// Upstream versions each rule was checked against; quoted in the rationale of the rules.
export const LONGHORN = 'Longhorn 1.13';
export const CLOUDNATIVE_PG = 'CloudNativePG 1.30';
export const BARMAN_PLUGIN = 'the Barman Cloud plugin 0.16';
export const VELERO = 'Velero 1.18 with velero-plugin-for-aws 1.14';
export const CERT_MANAGER = 'cert-manager 1.21';
export const KUBERNETES = 'Kubernetes 1.37';
export const GATEWAY_API = 'Gateway API 1.5';
