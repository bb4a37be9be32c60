import { basename } from 'node:path';

import { FRAMEWORKS, type RuleRegistry } from '@kubeharden/core';
import { InvalidArgumentError, Option, type Command } from 'commander';

import { UsageError } from '../errors.js';
import { parseReportDate, REPORT_FORMATS, runClusterReport, runFileReport, type ReportFormat } from './report.js';
import { runScan, type ClusterScanOptions } from './scan.js';

export interface CommandContext {
  readonly registry: RuleRegistry;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

// Name kubectl gives a plugin's executable: `kubectl kubeharden` runs `kubectl-kubeharden`.
const KUBECTL_PLUGIN_PREFIX = 'kubectl-';

/**
 * Registers `report` and `scan` on the program. When the executable was
 * started as the kubectl plugin, help and usage name the command `kubectl kubeharden`.
 */
export function registerComplianceCommands(program: Command, context: CommandContext, argv1 = process.argv[1]): void {
  if (argv1 && basename(argv1).startsWith(KUBECTL_PLUGIN_PREFIX)) program.name('kubectl kubeharden');
  const warn = (message: string): void => context.stderr(`kubeharden: warning: ${message}\n`);

  const report = program
    .command('report')
    .description('Write a compliance report (HIPAA by default) for manifests in files and folders, or for a live cluster with --live.')
    .argument('[paths...]', 'files, folders or "-"; not allowed with --live')
    .addOption(new Option('--framework <id>', 'compliance framework').choices(FRAMEWORKS.map((framework) => framework.id)).default('hipaa'))
    .addOption(new Option('-f, --format <format>', 'report format').choices([...REPORT_FORMATS]).default('md'))
    .option('-o, --output-file <file>', 'write the report to a file instead of stdout')
    .option('--date <date>', 'date of the report, ISO 8601 (default: now)', parseDateOption)
    .option('--live', 'scan the cluster of the current kubeconfig context instead of reading files', false);
  addClusterOptions(report);
  addSettingsOptions(report);
  report.action(async (paths: string[], options: Record<string, unknown>) => {
    const reportOptions = {
      framework: options.framework as string,
      format: options.format as ReportFormat,
      ...(options.outputFile !== undefined ? { outputFile: options.outputFile as string } : {}),
      ...(options.date !== undefined ? { date: options.date as Date } : {}),
    };
    if (options.live) {
      if (paths.length > 0) throw new UsageError('--live reads the cluster, so it takes no paths; remove them or drop --live.');
      const outcome = await runClusterReport(clusterOptions(options), reportOptions, context.registry, warn);
      context.stdout(outcome.output);
      return;
    }
    const outcome = runFileReport(paths, { ...reportOptions, ...settingsOptions(options) }, context.registry);
    context.stdout(outcome.output);
  });

  const scan = program
    .command('scan')
    .description('Check the objects of a live cluster through its API with the same rules as check (needs only get and list).')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'sarif']).default('stylish'))
    .option('--max-warnings <count>', 'exit with code 1 when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only', false)
    .option('-o, --output-file <file>', 'write the report to a file instead of stdout')
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output');
  addClusterOptions(scan);
  addSettingsOptions(scan);
  scan.action(async (options: Record<string, unknown>) => {
    const outcome = await runScan(
      {
        ...clusterOptions(options),
        format: options.format as 'stylish' | 'json' | 'sarif',
        ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings as number } : {}),
        quiet: Boolean(options.quiet),
        color: useColor(options.color as boolean | undefined),
        ...(options.outputFile !== undefined ? { outputFile: options.outputFile as string } : {}),
      },
      context.registry,
      warn,
    );
    context.stdout(outcome.output);
    context.setExitCode(outcome.exitCode);
  });
}

function addClusterOptions(command: Command): void {
  command
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the pod\'s ServiceAccount)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('-n, --namespace <names>', 'namespaces to scan, repeated or comma-separated (default: all)', collectNamespaces)
    .option('--page-size <count>', 'objects per list request', parsePageSize);
}

function addSettingsOptions(command: Command): void {
  command
    .addOption(new Option('--level <level>', 'Pod Security Standards level (default: restricted, or the config)').choices(['privileged', 'baseline', 'restricted']))
    .option('--pss-version <version>', 'Pod Security Standards version, as the namespace label takes it: v1.30 or latest (default: latest)')
    .option('-c, --config <file>', 'configuration file (default: the nearest .kubeharden.yaml above the first path or the working folder)');
}

function clusterOptions(options: Record<string, unknown>): ClusterScanOptions {
  return {
    ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig as string } : {}),
    ...(options.context !== undefined ? { context: options.context as string } : {}),
    ...(options.namespace !== undefined ? { namespaces: options.namespace as string[] } : {}),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize as number } : {}),
    ...settingsOptions(options),
  };
}

function settingsOptions(options: Record<string, unknown>): Pick<ClusterScanOptions, 'config' | 'level' | 'pssVersion'> {
  return {
    ...(options.config !== undefined ? { config: options.config as string } : {}),
    ...(options.level !== undefined ? { level: options.level as 'privileged' | 'baseline' | 'restricted' } : {}),
    ...(options.pssVersion !== undefined ? { pssVersion: options.pssVersion as string } : {}),
  };
}

function collectNamespaces(value: string, previous: string[] | undefined): string[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new InvalidArgumentError(`expected namespace names, got "${value}".`);
  return [...(previous ?? []), ...names];
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidArgumentError(`expected a whole number of warnings, got "${value}".`);
  }
  return count;
}

// The API server caps a page itself; this bound only rejects values that are surely mistakes.
const MAX_PAGE_SIZE = 10_000;

function parsePageSize(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PAGE_SIZE) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_PAGE_SIZE}, got "${value}".`);
  }
  return count;
}

function parseDateOption(value: string): Date {
  try {
    return parseReportDate(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY);
}
