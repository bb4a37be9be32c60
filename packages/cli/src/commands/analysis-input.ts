import { dirname } from 'node:path';

import {
  check,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  type ControlArea,
  type Finding,
  type ObjectIndex,
  type Rule,
  type Settings,
} from '@kubeharden/core';

import { readInputs } from '../files.js';
import { resolveSettings } from './check.js';

// Source rules report the documents that could not be read. The suppression checks are left
// out, because they would call every rule id in an ignore annotation unknown here.
const INPUT_RULES: readonly Rule[] = SOURCE_RULES.filter(
  (rule) => rule.id !== 'require-suppression-reason' && rule.id !== 'no-unknown-suppressed-rule',
);

/** What an analysis command reads: the objects of some kinds, and how to name the reader. */
export interface AnalysisInput {
  /** Id of the internal rule that makes the engine parse exactly the documents of `kinds`. */
  readonly readerId: string;
  readonly area: ControlArea;
  readonly kinds: readonly string[];
  readonly config?: string;
  /** Namespace of objects that name none, in place of the configured one. */
  readonly defaultNamespace?: string;
}

/** Objects read for an analysis command, with the settings and the warnings about bad input. */
export interface AnalysisObjects {
  readonly objects: ObjectIndex;
  readonly settings: Settings;
  /** One `kubeharden: warning:` line per document that could not be read. */
  readonly warnings: string;
}

/**
 * Reads files, folders or `-` for the `netpol` and `rbac` commands the way `check` does
 * (configuration, excludes, stdin), parsing only the documents of the kinds the analysis needs.
 */
export function readAnalysisObjects(
  paths: readonly string[],
  input: AnalysisInput,
  registry: RuleRegistry,
): AnalysisObjects {
  const inputs = paths.length > 0 ? paths : ['.'];
  const resolved = resolveSettings(inputs, input.config ? { config: input.config } : {}, registry);
  const settings: Settings = input.defaultNamespace
    ? { ...resolved.settings, defaultNamespace: input.defaultNamespace }
    : resolved.settings;
  const excludeBase = resolved.configFile ? dirname(resolved.configFile) : process.cwd();

  const files = readInputs(inputs, settings.exclude, excludeBase);

  const reader: Rule = {
    id: input.readerId,
    meta: {
      area: input.area,
      severity: 'info',
      description: `Reads the objects of the ${input.area} analysis.`,
      remediation: 'Nothing to do.',
      rationale: 'Internal to the analysis commands.',
      hipaa: [],
      kinds: input.kinds,
    },
    create: () => ({}),
  };
  const result = check(
    files.map((file) => new SourceFile(file.displayPath, file.text)),
    { registry: new RuleRegistry([...INPUT_RULES, reader]), settings },
  );
  return {
    objects: result.objects,
    settings,
    warnings: result.findings.map(formatWarning).join(''),
  };
}

function formatWarning(finding: Finding): string {
  const { startLine, startColumn } = finding.range;
  return `kubeharden: warning: ${finding.file}:${startLine}:${startColumn}: ${finding.message} (${finding.ruleId})\n`;
}
