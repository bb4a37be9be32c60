import type { Rule } from '@kubeharden/core';

import {
  requireApiServerAuditFlags,
  requireEncryptionProviderConfigFlag,
} from './api-server-flags.js';
import {
  noSensitivePayloadsInAuditLog,
  requireAuditCatchAllRule,
  requireAuditOfPodExec,
  requireAuditOfRbacChanges,
} from './audit-policy.js';

export {
  noSensitivePayloadsInAuditLog,
  requireApiServerAuditFlags,
  requireAuditCatchAllRule,
  requireAuditOfPodExec,
  requireAuditOfRbacChanges,
  requireEncryptionProviderConfigFlag,
};

/** Every rule of the audit area: the audit Policy and the kube-apiserver flags. */
export const AUDIT_RULES: readonly Rule[] = [
  noSensitivePayloadsInAuditLog,
  requireAuditOfPodExec,
  requireAuditOfRbacChanges,
  requireAuditCatchAllRule,
  requireApiServerAuditFlags,
  requireEncryptionProviderConfigFlag,
];
