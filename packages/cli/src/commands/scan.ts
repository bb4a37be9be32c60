import { writeFileSync } from 'node:fs';

import {
  buildJsonReport,
  check,
  countFindings,
  formatJson,
  formatSarif,
  formatStylish,
  severityOf,
  type CheckResult,
  type Finding,
  type PssLevel,
  type Rule,
  type RuleRegistry,
  type Settings,
} from '@kubeharden/core';

import { readCluster, type ClusterSnapshot } from '../scan/read-cluster.js';
import { VERSION } from '../version.js';
import { resolveSettings } from './check.js';

export interface ClusterScanOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespaces?: readonly string[];
  readonly config?: string;
  readonly level?: PssLevel;
  readonly pssVersion?: string;
  /** Objects per list request. */
  readonly pageSize?: number;
}

export interface ScanCommandOptions extends ClusterScanOptions {
  readonly format: 'stylish' | 'json' | 'sarif';
  readonly maxWarnings?: number;
  readonly quiet: boolean;
  readonly color: boolean;
  readonly outputFile?: string;
}

export interface ScannedCluster {
  readonly snapshot: ClusterSnapshot;
  readonly settings: Settings;
  readonly rules: readonly Rule[];
  readonly result: CheckResult;
}

/** Reads a cluster and runs the enabled rules on its objects; warnings go to `onWarning`. */
export async function scanCluster(
  options: ClusterScanOptions,
  registry: RuleRegistry,
  onWarning: (message: string) => void,
): Promise<ScannedCluster> {
  const { settings } = resolveSettings([], options, registry);
  const rules = registry.list().filter((rule) => severityOf(rule, settings) !== 'off');
  const snapshot = await readCluster({
    ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.namespaces !== undefined ? { namespaces: options.namespaces } : {}),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    rules,
    onWarning,
  });
  const result = check(snapshot.files, { registry, settings });
  return { snapshot, settings, rules, result };
}

/** Describes what a scan covered, for reports: the context and the namespaces. */
export function scanScope(snapshot: ClusterSnapshot, namespaces: readonly string[] | undefined): string {
  const where = namespaces?.length ? `namespaces ${namespaces.join(', ')}` : 'all namespaces';
  return `cluster context "${snapshot.contextName}" (${snapshot.server}), ${where}`;
}

/** Runs `kubeharden scan` and returns the report text and exit code, as `check` does for files. */
export async function runScan(
  options: ScanCommandOptions,
  registry: RuleRegistry,
  onWarning: (message: string) => void,
): Promise<{ exitCode: 0 | 1; output: string; result: CheckResult }> {
  const { result } = await scanCluster(options, registry, onWarning);

  const shown: Finding[] = options.quiet
    ? result.findings.filter((finding) => finding.severity === 'error')
    : [...result.findings];
  let report: string;
  switch (options.format) {
    case 'json':
      report = formatJson(buildJsonReport(shown, result.suppressed, result.statistics, VERSION));
      break;
    case 'sarif':
      report = formatSarif(shown, { version: VERSION, rules: registry.list() });
      break;
    default:
      report = formatStylish(shown, { color: options.color, suppressedCount: result.suppressed.length });
  }

  const counts = countFindings(result.findings);
  const tooManyWarnings = options.maxWarnings !== undefined && counts.warnings > options.maxWarnings;
  const exitCode = counts.errors > 0 || tooManyWarnings ? 1 : 0;
  if (options.outputFile) writeFileSync(options.outputFile, report);
  const note =
    tooManyWarnings && options.format === 'stylish'
      ? `kubeharden found too many warnings (maximum: ${options.maxWarnings}).\n`
      : '';
  return { exitCode, output: options.outputFile ? note : report + note, result };
}
