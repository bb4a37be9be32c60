import { Command, InvalidArgumentError, Option } from 'commander';

import { runCheck } from './commands/check.js';
import { registerComplianceCommands } from './commands/compliance-commands.js';
import { formatGeneratorList, runGenerator } from './commands/generate.js';
import { registerInitCommand } from './commands/init.js';
import { registerNetpolCommands } from './commands/netpol.js';
import { registerRbacCommands } from './commands/rbac.js';
import { formatRules, writeRuleDocs } from './commands/rules.js';
import { createGenerators } from './generators.js';
import { UsageError } from './errors.js';
import { InputError } from './files.js';
import { createRegistry } from './registry.js';
import { VERSION } from './version.js';

/** Exit codes, as ESLint uses them. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidArgumentError(`expected a whole number of warnings, got "${value}".`);
  }
  return count;
}

function parseFixTypes(value: string): ('fix' | 'suggestion')[] {
  const types = value.split(',').map((type) => type.trim());
  for (const type of types) {
    if (type !== 'fix' && type !== 'suggestion') {
      throw new InvalidArgumentError(`expected "fix", "suggestion" or both separated by a comma, got "${type}".`);
    }
  }
  return types as ('fix' | 'suggestion')[];
}

function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY);
}

/** Runs the command line and returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let exitCode = EXIT_OK;
  const registry = createRegistry();
  const program = new Command('kubeharden')
    .description('Check Kubernetes manifests for the security controls that protect health data (HIPAA).')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run "kubeharden --help" for usage)');

  program
    .command('check')
    .description('Check manifests in files and folders (recursively, .yaml and .yml); "-" reads stdin.')
    .argument('[paths...]', 'files, folders or "-"')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'sarif']).default('stylish'))
    .addOption(new Option('--level <level>', 'Pod Security Standards level (default: restricted, or the config)').choices(['privileged', 'baseline', 'restricted']))
    .option('--pss-version <version>', 'Pod Security Standards version, as the namespace label takes it: v1.30 or latest (default: latest)')
    .option('-c, --config <file>', 'configuration file (default: the nearest .kubeharden.yaml above the first path)')
    .option('--max-warnings <count>', 'exit with code 1 when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only', false)
    .option('-o, --output-file <file>', 'write the report to a file instead of stdout')
    .option('--fix', 'apply the fixes of the reported findings and write the changed files', false)
    .option('--fix-dry-run', 'show the fixes as a unified diff without writing anything', false)
    .option('--fix-type <types>', 'fix (keeps behaviour, the default) and/or suggestion (alters behaviour), comma-separated', parseFixTypes)
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output')
    .action((paths: string[], options: Record<string, unknown>) => {
      const outcome = runCheck(
        paths,
        {
          format: options.format as 'stylish' | 'json' | 'sarif',
          level: options.level as 'privileged' | 'baseline' | 'restricted' | undefined,
          pssVersion: options.pssVersion as string | undefined,
          config: options.config as string | undefined,
          maxWarnings: options.maxWarnings as number | undefined,
          quiet: Boolean(options.quiet),
          color: useColor(options.color as boolean | undefined),
          outputFile: options.outputFile as string | undefined,
          fix: Boolean(options.fix),
          fixDryRun: Boolean(options.fixDryRun),
          fixType: options.fixType as ('fix' | 'suggestion')[] | undefined,
        },
        registry,
      );
      io.stdout(outcome.output);
      exitCode = outcome.exitCode;
    });

  program
    .command('rules')
    .description('List the rules with their area, severity, fixability and HIPAA sections.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((options: { format: 'table' | 'json' }) => {
      io.stdout(formatRules(registry, options.format));
    });

  program
    .command('generate')
    .description('Generate manifests for a security control; --list shows the generators and their options.')
    .argument('[name]', 'generator name')
    .option('--list', 'list the generators with their options', false)
    .option('--out <file>', 'write the YAML to a file instead of stdout')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption('-h, --help', 'show help for generate')
    .action((name: string | undefined, options: { list: boolean; out?: string }, command: Command) => {
      const generators = createGenerators();
      if (options.list || !name) {
        io.stdout(formatGeneratorList(generators));
        return;
      }
      const tokens = command.args.slice(1);
      io.stdout(runGenerator(generators, name, tokens, options.out));
    });

  program
    .command('docs', { hidden: true })
    .description('Generate the rule documentation pages from the rule metadata.')
    .argument('<folder>', 'folder to write the pages to')
    .action((folder: string) => {
      const count = writeRuleDocs(registry, folder);
      io.stderr(`Wrote ${count} rule pages and an index to ${folder}.\n`);
    });

  registerRbacCommands(program, io, registry);
  registerNetpolCommands(program, io, registry);
  registerInitCommand(program, io, registry);

  registerComplianceCommands(program, {
    registry,
    stdout: io.stdout,
    stderr: io.stderr,
    setExitCode: (code) => {
      exitCode = code;
    },
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error, io);
  }
}

function handleError(error: unknown, io: Io): number {
  const code = (error as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') {
    return EXIT_OK;
  }
  if (typeof code === 'string' && code.startsWith('commander.')) return EXIT_ERROR;
  if (error instanceof UsageError || error instanceof InputError) {
    io.stderr(`kubeharden: ${error.message}\n`);
    return EXIT_ERROR;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`kubeharden: internal error, please report it as a bug:\n${detail}\n`);
  return EXIT_ERROR;
}
