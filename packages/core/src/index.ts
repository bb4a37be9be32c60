export * from './source/index.js';
export {
  defineGenerator,
  parseLabels,
  type Generator,
  type GeneratorOption,
  type GeneratorOptionType,
} from './generate/generator.js';

export { formatPath, getAt, type Path } from './model/path.js';
export {
  apiGroupOf,
  CONTAINER_LISTS,
  POD_BEARING_KINDS,
  podTemplateLocation,
  type ContainerList,
  type PodTemplateLocation,
} from './model/workloads.js';
export { isClusterScoped, isPlainObject, K8sObject, type ObjectRef } from './model/object.js';
export { containersOf, type ContainerEntry } from './model/containers.js';

export {
  defineRule,
  type ControlArea,
  type EquivalentCheck,
  type FixProposal,
  type ReportDescriptor,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type RuleVisitor,
  type Severity,
} from './rules/rule.js';
export { RuleRegistry } from './rules/registry.js';
export { SOURCE_RULES } from './rules/source-rules.js';
export { ruleDocsUrl, RULE_DOCS_BASE_URL } from './rules/docs-url.js';

export { check, severityOf, type CheckOptions, type CheckResult, type CheckStatistics } from './engine/run.js';
export { compareFindings, type Finding, type SuppressedFinding } from './engine/finding.js';
export { ObjectIndex } from './engine/object-index.js';
export { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION, readSuppression } from './engine/suppression.js';
export { applyEdits, applyFixes, type AppliedFixes } from './fix/apply.js';
export { chosenFix, fixFiles, type FixFilesOptions, type FixFilesResult, type FixType } from './fix/fix-files.js';

export {
  DEFAULT_SETTINGS,
  holdsHealthData,
  type HealthDataScope,
  type PssLevel,
  type RuleSetting,
  type RuleSeverity,
  type Settings,
} from './config/settings.js';
export {
  CONFIG_FILE_NAMES,
  findConfigFile,
  isPssVersion,
  loadConfigFile,
  parseConfig,
  type ConfigProblem,
  type LoadedConfig,
} from './config/load.js';

export { HIPAA, isHipaaSection, type Framework, type FrameworkRequirement, type HipaaSection } from './frameworks/hipaa.js';
export { FRAMEWORKS, findFramework, requirementsOfRule } from './frameworks/index.js';
export type { ChecklistItem, EvidenceSelector } from './frameworks/framework.js';
export {
  assessCompliance,
  type Action,
  type AssessOptions,
  type ChecklistCell,
  type ChecklistResult,
  type ComplianceReport,
  type ComplianceSummary,
  type EvidenceItem,
  type RequirementResult,
} from './compliance/assess.js';
export { aggregateStatus, COMPLIANCE_STATUSES, STATUS_LABELS, type ComplianceStatus } from './compliance/status.js';

export { formatStylish, type StylishOptions } from './report/stylish.js';
export { buildJsonReport, formatJson, type JsonReport } from './report/json.js';
export { buildSarif, formatSarif, type SarifOptions } from './report/sarif.js';
export { countFindings, type FindingCounts } from './report/summary.js';
export { renderRuleDoc, renderRuleIndex } from './report/rule-docs.js';
export { formatComplianceMarkdown } from './report/compliance-markdown.js';
export { formatComplianceHtml } from './report/compliance-html.js';
export { buildComplianceJson, formatComplianceJson, type ComplianceJson, type ComplianceJsonFinding } from './report/compliance-json.js';

export { debug, setDebugSink, type DebugLogger } from './log.js';
export { loadObjects } from './load.js';
