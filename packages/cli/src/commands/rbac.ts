import type { RuleRegistry } from '@kubeharden/core';
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
import type { Io } from '../main.js';
import { readAnalysisObjects } from './analysis-input.js';

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
  // The index kinds include CustomResourceDefinitions, so that custom resources get their scope.
  const { objects, settings, warnings } = readAnalysisObjects(
    paths,
    {
      readerId: 'read-rbac-objects',
      area: 'rbac',
      kinds: RBAC_INDEX_KINDS,
      ...(options.config ? { config: options.config } : {}),
      ...(options.namespace ? { defaultNamespace: options.namespace } : {}),
    },
    registry,
  );
  const index = buildIndex(
    objects.all.map((object) => object.value),
    { defaultNamespace: settings.defaultNamespace },
  );
  return { index, warnings };
}
