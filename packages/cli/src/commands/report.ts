import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import {
  assessCompliance,
  check,
  findFramework,
  formatComplianceHtml,
  formatComplianceJson,
  formatComplianceMarkdown,
  formatSarif,
  FRAMEWORKS,
  severityOf,
  SourceFile,
  type CheckResult,
  type ComplianceReport,
  type Framework,
  type PssLevel,
  type RuleRegistry,
  type Settings,
} from '@kubeharden/core';

import { UsageError } from '../errors.js';
import { readInputs } from '../files.js';
import { VERSION } from '../version.js';
import { resolveSettings } from './check.js';
import { scanCluster, scanScope, type ClusterScanOptions } from './scan.js';

export const REPORT_FORMATS = ['md', 'html', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  readonly framework: string;
  readonly format: ReportFormat;
  readonly outputFile?: string;
  /** Date of the report; default: now. */
  readonly date?: Date;
}

export interface FileReportOptions extends ReportOptions {
  readonly config?: string;
  readonly level?: PssLevel;
  readonly pssVersion?: string;
}

export interface ReportOutcome {
  readonly output: string;
  readonly report: ComplianceReport;
}

/** Runs `kubeharden report` on files and folders ("-" reads stdin). */
export function runFileReport(
  paths: readonly string[],
  options: FileReportOptions,
  registry: RuleRegistry,
): ReportOutcome {
  const framework = frameworkOf(options.framework);
  const inputs = paths.length > 0 ? paths : ['.'];
  const { settings, configFile } = resolveSettings(inputs, options, registry);
  const excludeBase = configFile ? dirname(configFile) : process.cwd();

  const files = readInputs(inputs, settings.exclude, excludeBase);
  const result = check(
    files.map((file) => new SourceFile(file.displayPath, file.text)),
    { registry, settings },
  );
  return render(result, settings, registry, framework, inputs.join(', '), options);
}

/** Runs `kubeharden report --live`: the same report from the objects of a cluster. */
export async function runClusterReport(
  scan: ClusterScanOptions,
  options: ReportOptions,
  registry: RuleRegistry,
  onWarning: (message: string) => void,
): Promise<ReportOutcome> {
  const framework = frameworkOf(options.framework);
  const scanned = await scanCluster(scan, registry, onWarning);
  const scope = scanScope(scanned.snapshot, scan.namespaces);
  return render(scanned.result, scanned.settings, registry, framework, scope, options);
}

function render(
  result: CheckResult,
  settings: Settings,
  registry: RuleRegistry,
  framework: Framework,
  scope: string,
  options: ReportOptions,
): ReportOutcome {
  const rules = registry.list().filter((rule) => severityOf(rule, settings) !== 'off');
  const report = assessCompliance(result, {
    framework,
    rules,
    generatedAt: options.date ?? new Date(),
    scope,
    version: VERSION,
  });

  let output: string;
  switch (options.format) {
    case 'html':
      output = formatComplianceHtml(report);
      break;
    case 'json':
      output = formatComplianceJson(report);
      break;
    case 'sarif':
      output = formatSarif(result.findings, {
        version: VERSION,
        rules: registry.list(),
        frameworks: [framework],
      });
      break;
    default:
      output = formatComplianceMarkdown(report);
  }
  if (options.outputFile) {
    writeFileSync(options.outputFile, output);
    return { output: '', report };
  }
  return { output, report };
}

function frameworkOf(id: string): Framework {
  const framework = findFramework(id);
  if (!framework) {
    throw new UsageError(
      `Unknown framework "${id}"; choose one of: ${FRAMEWORKS.map((known) => known.id).join(', ')}.`,
    );
  }
  return framework;
}

/** Parses `--date`: an ISO 8601 date or date and time. */
export function parseReportDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `Invalid --date "${value}"; use an ISO 8601 date such as 2025-01-31 or 2025-01-31T08:00:00Z.`,
    );
  }
  return date;
}
