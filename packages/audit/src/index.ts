export * from './rules/index.js';
export * from './generate/index.js';
export {
  coverage,
  walk,
  type Coverage,
  type Hit,
  type RequestFamily,
  type Walk,
} from './policy/evaluate.js';
export {
  isAuditPolicy,
  readRules,
  type AuditLevel,
  type AuditRule,
  type GroupResources,
} from './policy/policy.js';
