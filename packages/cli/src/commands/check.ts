import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import {
  buildJsonReport,
  check,
  countFindings,
  DEFAULT_SETTINGS,
  findConfigFile,
  isPssVersion,
  formatJson,
  formatPath,
  formatSarif,
  formatStylish,
  loadConfigFile,
  SourceFile,
  type CheckResult,
  type ConfigProblem,
  type Finding,
  type FixType,
  type PssLevel,
  type RuleRegistry,
  type Settings,
} from '@kubeharden/core';

import { readInputs } from '../files.js';
import { Progress } from '../progress.js';
import { VERSION } from '../version.js';
import { UsageError } from '../errors.js';
import { applyRequestedFixes } from './fix.js';

export interface CheckCommandOptions {
  readonly format: 'stylish' | 'json' | 'sarif';
  readonly level?: PssLevel;
  readonly pssVersion?: string;
  readonly config?: string;
  readonly maxWarnings?: number;
  readonly quiet: boolean;
  readonly color: boolean;
  readonly outputFile?: string;
  /** Apply fixes and write the changed files. */
  readonly fix?: boolean;
  /** Compute fixes and show them as a unified diff, writing nothing. */
  readonly fixDryRun?: boolean;
  readonly fixType?: readonly FixType[];
}

export interface CheckCommandResult {
  readonly exitCode: 0 | 1;
  readonly output: string;
  readonly result: CheckResult;
}


/** Resolves settings: defaults, then the configuration file, then flags. */
export function resolveSettings(
  paths: readonly string[],
  options: Pick<CheckCommandOptions, 'config' | 'level' | 'pssVersion'>,
  registry: RuleRegistry,
): { settings: Settings; configFile?: string } {
  const configFile = options.config
    ? resolve(options.config)
    : findConfigFile(paths.find((path) => path !== '-') ?? process.cwd());

  let settings = DEFAULT_SETTINGS;
  if (configFile) {
    let loaded;
    try {
      loaded = loadConfigFile(configFile);
    } catch (error) {
      throw new UsageError(
        `Cannot read configuration "${configFile}": ${(error as Error).message}.`,
      );
    }
    const problems: ConfigProblem[] = [...loaded.problems];
    const unknownRules = Object.keys(loaded.settings.rules).filter((id) => !registry.has(id));
    if (unknownRules.length > 0) {
      const document = new SourceFile(configFile, readFileSync(configFile, 'utf8')).documents[0];
      for (const id of unknownRules) {
        const path = ['rules', id];
        problems.push({
          file: configFile,
          path,
          ...(document ? { range: document.rangeOf(path, 'key') } : {}),
          message: `Unknown rule "${id}"; \`kubeharden rules\` lists the rule ids.`,
        });
      }
    }
    if (problems.length > 0) {
      throw new UsageError(
        `Invalid configuration:\n${problems.sort(byPosition).map(formatProblem).join('\n')}`,
      );
    }
    settings = loaded.settings;
  }

  if (options.pssVersion !== undefined && !isPssVersion(options.pssVersion)) {
    throw new UsageError(
      `Invalid --pss-version "${options.pssVersion}"; use "latest" or a version as the namespace label takes it, such as "v1.30".`,
    );
  }
  settings = {
    ...settings,
    pss: {
      level: options.level ?? settings.pss.level,
      version: options.pssVersion ?? settings.pss.version,
    },
  };
  return configFile ? { settings, configFile } : { settings };
}

/** Formats a configuration problem as `file:line:column: key: message`, like a compiler error. */
function formatProblem(problem: ConfigProblem): string {
  const at = problem.range ? `:${problem.range.startLine}:${problem.range.startColumn}` : '';
  const key = problem.path.length > 0 ? `${formatPath(problem.path)}: ` : '';
  return `${problem.file}${at}: ${key}${problem.message}`;
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (a.range?.start ?? 0) - (b.range?.start ?? 0);
}

/** Runs `kubeharden check` and returns the report text and exit code. */
export function runCheck(
  paths: readonly string[],
  options: CheckCommandOptions,
  registry: RuleRegistry,
): CheckCommandResult {
  const inputs = paths.length > 0 ? paths : ['.'];
  const { settings, configFile } = resolveSettings(inputs, options, registry);
  const excludeBase = configFile ? dirname(configFile) : process.cwd();

  if ((options.fix || options.fixDryRun) && inputs.includes('-')) {
    throw new UsageError(
      '--fix cannot write to standard input; name the files, or use --fix-dry-run with files.',
    );
  }
  const files = readInputs(inputs, settings.exclude, excludeBase);

  const fixing =
    options.fix || options.fixDryRun
      ? applyRequestedFixes(files, options, registry, settings)
      : undefined;
  const checked = fixing
    ? files.map((file) => ({ ...file, text: fixing.changed.get(file.displayPath) ?? file.text }))
    : files;

  const progress = new Progress();
  const sources = checked.map((file) => new SourceFile(file.displayPath, file.text));
  const result = check(sources, {
    registry,
    settings,
    onProgress: (done, total) => progress.update(done, total, 'files'),
  });
  progress.clear();

  const shown: Finding[] = options.quiet
    ? result.findings.filter((finding) => finding.severity === 'error')
    : [...result.findings];
  const report = formatResult(shown, result, options, registry);
  const counts = countFindings(result.findings);
  const tooManyWarnings =
    options.maxWarnings !== undefined && counts.warnings > options.maxWarnings;
  const exitCode = counts.errors > 0 || tooManyWarnings ? 1 : 0;

  const output =
    (fixing?.diff ?? '') + report + (fixing && options.format === 'stylish' ? fixing.summary : '');
  if (options.outputFile) writeFileSync(options.outputFile, output);
  const note =
    tooManyWarnings && options.format === 'stylish'
      ? `kubeharden found too many warnings (maximum: ${options.maxWarnings}).\n`
      : '';
  return { exitCode, output: options.outputFile ? note : output + note, result };
}

function formatResult(
  findings: readonly Finding[],
  result: CheckResult,
  options: CheckCommandOptions,
  registry: RuleRegistry,
): string {
  switch (options.format) {
    case 'json':
      return formatJson(buildJsonReport(findings, result.suppressed, result.statistics, VERSION));
    case 'sarif':
      return formatSarif(findings, { version: VERSION, rules: registry.list() });
    default:
      return formatStylish(findings, {
        color: options.color,
        suppressedCount: result.suppressed.length,
      });
  }
}
