import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { JsonReport } from '@kubeharden/core';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

import { main } from '../src/main.js';

/** The committed entry point of the command, which runs the build in `packages/cli/dist`. */
export const BIN = fileURLToPath(new URL('../bin/kubeharden.js', import.meta.url));

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kubeharden` in this process with captured output. */
export async function run(argv: readonly string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** Runs `kubeharden check --format json` and parses the report. */
export async function runJson(
  argv: readonly string[],
): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const result = await run(['check', '--format', 'json', ...argv]);
  return {
    code: result.code,
    report: JSON.parse(result.stdout) as JsonReport,
    stderr: result.stderr,
  };
}

/**
 * Runs the built command as a separate process, for standard input and the real exit code.
 * `CI` is removed from the environment unless `env` sets it.
 */
export function spawnCli(
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.env?.CI === undefined) delete env.CI;
  const child = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input ?? '',
    env,
    cwd: options.cwd ?? REPOSITORY_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.error) throw child.error;
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

/** A temporary folder for the files of one test file, deleted by `remove`. */
export class Workspace {
  readonly root: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'kubeharden-cli-'));
  }

  /** Writes a file below the root, creating folders, and returns its absolute path. */
  write(relative: string, text: string): string {
    const path = join(this.root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  path(relative: string): string {
    return join(this.root, relative);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

const require = createRequire(import.meta.url);

/**
 * Compiles the SARIF 2.1.0 schema that `@microsoft/jest-sarif` ships. The schema is written in
 * JSON Schema draft-04 and one of its patterns is not a valid Unicode regular expression, hence
 * the draft-04 class of Ajv and `unicodeRegExp: false`.
 */
export function sarifValidator(): (log: unknown) => { valid: boolean; errors: unknown[] } {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  // Both packages are CommonJS modules that also export themselves as `default`.
  const ajv = new ajvDraft04.default({ allErrors: true, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (log) => {
    const valid = validate(log);
    return { valid, errors: validate.errors ?? [] };
  };
}

/** Maps offsets of a text to 1-based lines and columns the way the engine does (lines end at `\n`). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}
