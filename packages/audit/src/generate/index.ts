export { auditPolicy, type AdditionalAuditRule, type AuditPolicyOptions } from './audit-policy.js';
