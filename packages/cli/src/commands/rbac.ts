import { dirname } from 'node:path';

import {
  check,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  type Finding,
  type Rule,
  type Settings,
} from '@kubeharden/core';
import {
  buildIndex,
  formatPermissionsJson,
  formatPermissionsText,
  formatWhoCanJson,
  formatWhoCanText,
  parsePermissionsTarget,
  permissionsOf,
  permissionsOfWorkload,
  RBAC_INDEX_KINDS,
  whoCan,
  type PermissionsTarget,
  type RbacIndex,
} from '@kubeharden/rbac';
import { Option, type Command } from 'commander';

import { UsageError } from '../errors.js';
import { collectFiles, readInput, readStdin, type InputFile } from '../files.js';
import type { Io } from '../main.js';
import { resolveSettings } from './check.js';

export type RbacFormat = 'text' | 'json';

export interface RbacCommandOptions {
  readonly format: RbacFormat;
  /** Namespace of the objects that name none; for who-can also the namespace of the request. */
  readonly namespace?: string;
  readonly config?: string;
}

/** Output of an RBAC command: the report for stdout, and notes about skipped input for stderr. */
export interface RbacCommandResult {
  readonly output: string;
  readonly warnings: string;
}

// Source rules report the documents that could not be read. The suppression checks are left
// out, because they would call every rule id in an ignore annotation unknown here.
const INPUT_RULES: readonly Rule[] = SOURCE_RULES.filter(
  (rule) => rule.id !== 'require-suppression-reason' && rule.id !== 'no-unknown-suppressed-rule',
);

// A rule that reads the index kinds makes the engine parse exactly the documents the index needs,
// CustomResourceDefinitions included, so that custom resources get their scope.
const READ_RBAC_OBJECTS: Rule = {
  id: 'read-rbac-objects',
  meta: {
    area: 'rbac',
    severity: 'info',
    description: 'Reads the objects of the RBAC analysis.',
    remediation: 'Nothing to do.',
    rationale: 'Internal to the rbac commands.',
    hipaa: [],
    kinds: RBAC_INDEX_KINDS,
  },
  create: () => ({}),
};

/** Runs `kubeharden rbac permissions <subject|workload> [paths…]`. */
export function runPermissions(
  targetArgument: string,
  paths: readonly string[],
  options: RbacCommandOptions,
  registry: RuleRegistry,
): RbacCommandResult {
  const target = parseTarget(targetArgument);
  const { index, warnings } = loadIndex(paths, options, registry);

  let result;
  try {
    result =
      target.type === 'subject'
        ? permissionsOf(index, target.subject)
        : permissionsOfWorkload(index, target.workload);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const output =
    options.format === 'json' ? formatPermissionsJson(result) : formatPermissionsText(result);
  return { output, warnings };
}

/** Runs `kubeharden rbac who-can <verb> <resource> [paths…]`. */
export function runWhoCan(
  verb: string,
  resource: string,
  paths: readonly string[],
  options: RbacCommandOptions,
  registry: RuleRegistry,
): RbacCommandResult {
  const { index, warnings } = loadIndex(paths, options, registry);

  let result;
  try {
    result = whoCan(index, verb, resource, options.namespace);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const output = options.format === 'json' ? formatWhoCanJson(result) : formatWhoCanText(result);
  return { output, warnings };
}

/** Adds `kubeharden rbac permissions` and `kubeharden rbac who-can` to the program. */
export function registerRbacCommands(program: Command, io: Io, registry: RuleRegistry): void {
  const rbac = program
    .command('rbac')
    .description(
      'Analyse the RBAC objects of manifests: permissions of a subject or workload, and who can make a request.',
    );

  const formatOption = (): Option =>
    new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text');
  const configOption = (): Option =>
    new Option(
      '-c, --config <file>',
      'configuration file (default: the nearest .kubeharden.yaml above the first path)',
    );

  rbac
    .command('permissions')
    .description(
      'List the permissions of a subject, or of the ServiceAccount a workload runs as, with the bindings that grant them.',
    )
    .argument(
      '<target>',
      'user:NAME, group:NAME, serviceaccount:NAMESPACE:NAME, sa:NAMESPACE/NAME, or KIND/NAMESPACE/NAME for a workload',
    )
    .argument('[paths...]', 'files, folders or "-" (default: .)')
    .option(
      '-n, --namespace <namespace>',
      "namespace of the objects that name none, as kubectl apply -n places them (default: the configuration's, or default)",
    )
    .addOption(formatOption())
    .addOption(configOption())
    .action((target: string, paths: string[], options: Record<string, unknown>) => {
      const result = runPermissions(target, paths, commandOptions(options), registry);
      io.stderr(result.warnings);
      io.stdout(result.output);
    });

  rbac
    .command('who-can')
    .description(
      'List the subjects that may make a request, with the bindings and rules that allow it.',
    )
    .argument('<verb>', 'verb of the request, such as get, list, create or escalate')
    .argument(
      '<resource>',
      'resource[.group][/subresource], such as secrets, pods/exec or deployments.apps, or a non-resource URL such as /metrics',
    )
    .argument('[paths...]', 'files, folders or "-" (default: .)')
    .option(
      '-n, --namespace <namespace>',
      'namespace of the request (default: a cluster-wide request); objects that name no namespace are placed in it too',
    )
    .addOption(formatOption())
    .addOption(configOption())
    .action((verb: string, resource: string, paths: string[], options: Record<string, unknown>) => {
      const result = runWhoCan(verb, resource, paths, commandOptions(options), registry);
      io.stderr(result.warnings);
      io.stdout(result.output);
    });
}

function commandOptions(options: Record<string, unknown>): RbacCommandOptions {
  return {
    format: options.format as RbacFormat,
    ...(typeof options.namespace === 'string' ? { namespace: options.namespace } : {}),
    ...(typeof options.config === 'string' ? { config: options.config } : {}),
  };
}

function parseTarget(argument: string): PermissionsTarget {
  try {
    return parsePermissionsTarget(argument);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Reads the files as `kubeharden check` does (configuration, exclude globs, "-" for stdin) and
 * builds the RBAC index of their objects. Syntax problems and unrendered templates leave
 * documents out, so they are returned as warnings.
 */
function loadIndex(
  paths: readonly string[],
  options: RbacCommandOptions,
  registry: RuleRegistry,
): { index: RbacIndex; warnings: string } {
  const inputs = paths.length > 0 ? paths : ['.'];
  const resolved = resolveSettings(
    inputs,
    options.config ? { config: options.config } : {},
    registry,
  );
  const settings: Settings = options.namespace
    ? { ...resolved.settings, defaultNamespace: options.namespace }
    : resolved.settings;
  const excludeBase = resolved.configFile ? dirname(resolved.configFile) : process.cwd();

  const files: InputFile[] = [];
  if (inputs.includes('-')) files.push(readStdin());
  const named = inputs.filter((path) => path !== '-');
  for (const path of collectFiles(named, settings.exclude, excludeBase))
    files.push(readInput(path));

  const result = check(
    files.map((file) => new SourceFile(file.displayPath, file.text)),
    { registry: new RuleRegistry([...INPUT_RULES, READ_RBAC_OBJECTS]), settings },
  );
  const index = buildIndex(
    result.objects.all.map((object) => object.value),
    { defaultNamespace: settings.defaultNamespace },
  );
  return { index, warnings: result.findings.map(formatWarning).join('') };
}

function formatWarning(finding: Finding): string {
  const { startLine, startColumn } = finding.range;
  return `kubeharden: warning: ${finding.file}:${startLine}:${startColumn}: ${finding.message} (${finding.ruleId})\n`;
}
