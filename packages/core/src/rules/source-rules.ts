import type { SourceProblemCode } from '../source/problems.js';
import { defineRule, type Rule } from './rule.js';

// The engine reports these itself while reading files; the rules exist for their metadata,
// severities and docs, and so that configuration can turn them off like any other rule.
const noVisitor = () => ({});

export const validYaml = defineRule({
  id: 'valid-yaml',
  meta: {
    area: 'source',
    severity: 'error',
    description: 'Every document is valid YAML within the size, depth and alias limits.',
    remediation: 'Correct the syntax at the reported position; split huge or deeply nested documents.',
    rationale:
      'A document that does not parse is not checked at all, so its controls are unknown. Limits on size, depth and alias expansion stop a hostile file from exhausting memory.',
    hipaa: [],
    kinds: 'all',
  },
  create: noVisitor,
});

export const noDuplicateKeys = defineRule({
  id: 'no-duplicate-keys',
  meta: {
    area: 'source',
    severity: 'error',
    description: 'No mapping defines the same key twice.',
    remediation: 'Remove one of the two occurrences and merge their contents.',
    rationale:
      'YAML requires unique keys. Lenient parsers keep the last occurrence and drop the first, so a securityContext written twice may lose its hardening without any error. kubeharden reports the document and does not check it until the duplicate is gone.',
    hipaa: [],
    kinds: 'all',
  },
  create: noVisitor,
});

export const noUnrenderedTemplates = defineRule({
  id: 'no-unrendered-templates',
  meta: {
    area: 'source',
    severity: 'error',
    description: 'Documents contain no Helm or Go template syntax.',
    remediation: 'Render the chart first (helm template) and check the rendered manifests.',
    rationale:
      'Template markers such as {{ .Values.x }} are sometimes valid YAML by accident, so a tool may derive verdicts from an object that does not exist in that form. kubeharden reports the first marker and does not check the document.',
    hipaa: [],
    kinds: 'all',
  },
  create: noVisitor,
});

export const requireSuppressionReason = defineRule({
  id: 'require-suppression-reason',
  meta: {
    area: 'source',
    severity: 'error',
    description: 'Every kubeharden.io/ignore annotation comes with a kubeharden.io/ignore-reason annotation.',
    remediation: 'Add a kubeharden.io/ignore-reason annotation that says why the rules do not apply.',
    rationale:
      'An exception to a security control is evidence an auditor reads; without a reason it cannot be reviewed. A suppression without a reason does not take effect.',
    hipaa: [],
    kinds: 'all',
  },
  create: noVisitor,
});

export const noUnknownSuppressedRule = defineRule({
  id: 'no-unknown-suppressed-rule',
  meta: {
    area: 'source',
    severity: 'warning',
    description: 'A kubeharden.io/ignore annotation names only existing rule ids.',
    remediation: 'Correct the rule id; `kubeharden rules` lists them.',
    rationale: 'A misspelt rule id silences nothing, so the finding the author meant to accept stays.',
    hipaa: [],
    kinds: 'all',
  },
  create: noVisitor,
});

export const ruleFailure = defineRule({
  id: 'rule-failure',
  meta: {
    area: 'source',
    severity: 'error',
    description: 'Every rule ran to completion on every object.',
    remediation: 'Report the message as a kubeharden bug; the other rules still ran.',
    rationale: 'A rule that fails leaves its control unchecked for that object, which must not pass unnoticed.',
    hipaa: [],
    kinds: 'all',
  },
  create: noVisitor,
});

export const SOURCE_RULES: readonly Rule[] = [
  validYaml,
  noDuplicateKeys,
  noUnrenderedTemplates,
  requireSuppressionReason,
  noUnknownSuppressedRule,
  ruleFailure,
];

/** The rule under which the engine reports a source problem. */
export function ruleForSourceProblem(code: SourceProblemCode): Rule {
  switch (code) {
    case 'duplicate-key':
      return noDuplicateKeys;
    case 'template':
      return noUnrenderedTemplates;
    default:
      return validYaml;
  }
}
