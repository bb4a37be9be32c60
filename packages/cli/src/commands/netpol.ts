import { formatPath, type K8sObject, type Path, type RuleRegistry } from '@kubeharden/core';
import {
  formatConnections,
  isFocused,
  NETPOL_KINDS,
  networkAnalysis,
  OUTPUT_FORMATS,
  PROTOCOLS,
  type ConnectivityAnalysis,
  type DirectionExplanation,
  type Explanation,
  type NetworkAnalysis,
  type ObjectRef,
  type OutputFormat,
  type PolicyExplanation,
  type Protocol,
  type RuleExplanation,
} from '@kubeharden/netpol';
import { Option, type Command } from 'commander';

import { UsageError } from '../errors.js';
import type { Io } from '../main.js';
import { readAnalysisObjects } from './analysis-input.js';

export interface ConnectivityCommandOptions {
  readonly format: OutputFormat;
  /** Workloads as `name` or `namespace/name`; only their connections are listed. */
  readonly focusWorkloads?: readonly string[];
  /** `[source, destination, protocol/port]` of one connection to explain. */
  readonly explain?: readonly string[];
  readonly config?: string;
}

/** Output of the command: the report for stdout and notes about skipped input for stderr. */
export interface ConnectivityCommandResult {
  readonly output: string;
  readonly warnings: string;
}

/** Runs `kubeharden netpol connectivity [paths…]`. */
export function runConnectivity(
  paths: readonly string[],
  options: ConnectivityCommandOptions,
  registry: RuleRegistry,
): ConnectivityCommandResult {
  const { run, warnings } = loadAnalysis(paths, options, registry);
  const analysis = run.analysis;
  const focusWorkloads = options.focusWorkloads ?? [];
  for (const reference of focusWorkloads) {
    if (!analysis.workloadEndpoints.some((endpoint) => isFocused(endpoint.workload, [reference]))) {
      throw new UsageError(
        `--focus-workload ${JSON.stringify(reference)} names no workload of the manifests; use name or namespace/name.`,
      );
    }
  }

  if (options.explain !== undefined) {
    if (options.format !== 'txt' && options.format !== 'json') {
      throw new UsageError(
        `--explain prints txt or json, not ${options.format}; use --format txt or --format json.`,
      );
    }
    const explanation = explain(analysis, options.explain);
    const output =
      options.format === 'json'
        ? `${JSON.stringify(explanationJson(run, explanation), null, 2)}\n`
        : formatExplanation(run, explanation);
    return { output, warnings };
  }

  const output = formatConnections(analysis, options.format, { focusWorkloads });
  return { output, warnings };
}

/** Adds `kubeharden netpol connectivity` to the program. */
export function registerNetpolCommands(program: Command, io: Io, registry: RuleRegistry): void {
  const netpol = program
    .command('netpol')
    .description(
      'Analyse the NetworkPolicies of manifests: which workloads and address ranges may connect, and why.',
    );

  netpol
    .command('connectivity')
    .description(
      'List the allowed connections between workloads and external address ranges, or explain one connection with the policies, rules and lines that decide it.',
    )
    .argument('[paths...]', 'files, folders or "-" (default: .)')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices([...OUTPUT_FORMATS])
        .default('txt'),
    )
    .option(
      '--focus-workload <workload>',
      'list only connections from or to this workload, given as name or namespace/name; repeat for several',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--explain <connection...>',
      'explain one connection: source, destination (namespace/name, name or IP address) and protocol/port, such as tcp/5432; put the paths before this option',
    )
    .option(
      '-c, --config <file>',
      'configuration file (default: the nearest .kubeharden.yaml above the first path)',
    )
    .action((paths: string[], options: Record<string, unknown>) => {
      const result = runConnectivity(paths, commandOptions(options), registry);
      io.stderr(result.warnings);
      io.stdout(result.output);
    });
}

function commandOptions(options: Record<string, unknown>): ConnectivityCommandOptions {
  return {
    format: options.format as OutputFormat,
    ...(Array.isArray(options.focusWorkload)
      ? { focusWorkloads: options.focusWorkload as string[] }
      : {}),
    ...(Array.isArray(options.explain) ? { explain: options.explain as string[] } : {}),
    ...(typeof options.config === 'string' ? { config: options.config } : {}),
  };
}

/**
 * Reads the files as `kubeharden check` does (configuration, exclude globs, "-" for stdin) and
 * analyzes their objects. Syntax problems and unrendered templates leave documents out, and
 * invalid policy fields match nothing, so both are returned as warnings.
 */
function loadAnalysis(
  paths: readonly string[],
  options: ConnectivityCommandOptions,
  registry: RuleRegistry,
): { run: NetworkAnalysis; warnings: string } {
  const { objects, settings, warnings } = readAnalysisObjects(
    paths,
    {
      readerId: 'read-network-objects',
      area: 'network',
      kinds: NETPOL_KINDS,
      ...(options.config ? { config: options.config } : {}),
    },
    registry,
  );
  const run = networkAnalysis(objects, settings.defaultNamespace);
  const invalid = run.analysis.problems.filter((problem) => problem.severity === 'error');
  const note =
    invalid.length === 0
      ? ''
      : `kubeharden: warning: ${invalid.length} ${invalid.length === 1 ? 'field' : 'fields'} of the NetworkPolicies would be rejected by the API server and match nothing here; \`kubeharden check\` lists them.\n`;
  return { run, warnings: warnings + note };
}

const CONNECTION = /^([A-Za-z]+)\/([0-9]+)$/;

/** Explains `[source, destination, protocol/port]`, turning bad arguments into usage errors. */
function explain(analysis: ConnectivityAnalysis, argumentsList: readonly string[]): Explanation {
  if (argumentsList.length !== 3) {
    throw new UsageError(
      `--explain takes a source, a destination and protocol/port, such as "--explain gateway/gateway clinic/api tcp/8080", not ${argumentsList.length} values; put the paths before --explain.`,
    );
  }
  const [source, destination, connection] = argumentsList as [string, string, string];
  const match = CONNECTION.exec(connection);
  const protocol = match?.[1]?.toUpperCase();
  if (match === null || !PROTOCOLS.includes(protocol as Protocol)) {
    throw new UsageError(
      `Connection ${JSON.stringify(connection)} is invalid; write protocol/port with TCP, UDP or SCTP, such as tcp/5432.`,
    );
  }

  try {
    return analysis.explain(source, destination, protocol as Protocol, Number(match[2]));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Returns the object of a policy and the 1-based line of one of its fields, or of its name for `[]`. */
function lineOf(
  run: NetworkAnalysis,
  ref: ObjectRef,
  path: Path,
): { object?: K8sObject; line: number } {
  const object: K8sObject | undefined = run.objects[ref.location.index];
  if (object === undefined) return { line: 0 };
  const range = object.rangeOf(path.length === 0 ? ['metadata', 'name'] : path, 'key');
  return { object, line: range.startLine };
}

/** Returns `file:line` of a field of a policy, or of its name for `[]`. */
function location(run: NetworkAnalysis, ref: ObjectRef, path: Path): string {
  const { object, line } = lineOf(run, ref, path);
  return object === undefined ? '<unknown>' : `${object.file}:${line}`;
}

function formatExplanation(run: NetworkAnalysis, explanation: Explanation): string {
  const { source, destination, protocol, port } = explanation;
  const lines = [
    `${source} => ${destination} : ${protocol} ${port} is ${explanation.allowed ? 'allowed' : 'denied'}`,
    ...formatDirection(run, explanation.egress, source),
    ...formatDirection(run, explanation.ingress, destination),
  ];
  return `${lines.join('\n')}\n`;
}

function formatDirection(
  run: NetworkAnalysis,
  side: DirectionExplanation,
  endpoint: string,
): string[] {
  const title = `${side.direction === 'egress' ? 'Egress of' : 'Ingress to'} ${endpoint}`;
  switch (side.status) {
    case 'external':
      return [`${title}: allowed, because NetworkPolicies do not govern external addresses`];
    case 'not-isolated':
      return [`${title}: allowed, because no NetworkPolicy selects it for ${side.direction}`];
    default:
      return [
        `${title}: ${side.status}`,
        ...side.policies.flatMap((policy) => formatPolicy(run, side, policy)),
      ];
  }
}

function formatPolicy(
  run: NetworkAnalysis,
  side: DirectionExplanation,
  policy: PolicyExplanation,
): string[] {
  const ref = policy.policy;
  const header = `  NetworkPolicy ${ref.namespace}/${ref.name} (${location(run, ref, [])}) ${policy.allows ? 'allows' : 'does not allow'} it`;
  if (policy.rules.length === 0) {
    return [header, `    no ${side.direction} rules, so it allows nothing on its own`];
  }
  return [
    header,
    ...policy.rules.map((rule) => `    ${formatRule(run, ref, rule, side.direction)}`),
  ];
}

function formatRule(
  run: NetworkAnalysis,
  ref: ObjectRef,
  rule: RuleExplanation,
  direction: string,
): string {
  const at = (path: Path): string => `${formatPath(path)} (line ${lineOf(run, ref, path).line})`;
  const peerField = direction === 'ingress' ? 'from' : 'to';
  const peer =
    rule.peer === 'all'
      ? `every peer (no ${peerField})`
      : rule.peer === null
        ? 'no peer matches'
        : `peer ${at(rule.peer)}`;
  const port =
    rule.port === 'all'
      ? 'every port'
      : rule.port === null
        ? 'no port entry matches'
        : `port ${at(rule.port)}`;
  return `${at(rule.path)}: ${rule.allows ? 'matches' : 'does not match'}: ${peer}, ${port}`;
}

/** Converts an explanation to JSON with `file:line` locations and paths written as Kubernetes writes field paths. */
function explanationJson(run: NetworkAnalysis, explanation: Explanation): unknown {
  const field = (ref: ObjectRef, path: Path | 'all' | null): unknown =>
    path === 'all' || path === null
      ? path
      : { path: formatPath(path), location: location(run, ref, path) };
  const side = (direction: DirectionExplanation): unknown => ({
    status: direction.status,
    allowed: direction.allowed,
    policies: direction.policies.map((policy) => ({
      namespace: policy.policy.namespace,
      name: policy.policy.name,
      location: location(run, policy.policy, []),
      selector: field(policy.policy, policy.selectorPath),
      allows: policy.allows,
      rules: policy.rules.map((rule) => ({
        rule: field(policy.policy, rule.path),
        peer: field(policy.policy, rule.peer),
        port: field(policy.policy, rule.port),
        allows: rule.allows,
      })),
    })),
  });
  return {
    source: explanation.source,
    destination: explanation.destination,
    protocol: explanation.protocol,
    port: explanation.port,
    allowed: explanation.allowed,
    egress: side(explanation.egress),
    ingress: side(explanation.ingress),
  };
}
