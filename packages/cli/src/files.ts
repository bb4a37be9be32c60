import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

import { CONFIG_FILE_NAMES } from '@kubeharden/core';
import picomatch from 'picomatch';

const YAML_EXTENSION = /\.ya?ml$/i;
// Folders that hold dependencies or tool state, never manifests of the project.
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '.nx']);
// kubeharden's own configuration is YAML too, but never a manifest.
const SKIPPED_FILES = new Set<string>(CONFIG_FILE_NAMES);

/** An input named on the command line that could not be read. */
export class InputError extends Error {}

export interface InputFile {
  /** The path as shown to the user: relative to the working folder when possible. */
  readonly displayPath: string;
  readonly absolutePath?: string;
  readonly text: string;
}

/**
 * Expands files and folders into YAML files (folders recursively, `.yaml`/`.yml` only, without
 * `.kubeharden.yaml`), dropping paths that match the exclude globs. A file named explicitly is read
 * whatever its name.
 */
export function collectFiles(
  inputs: readonly string[],
  exclude: readonly string[],
  excludeBase: string,
): string[] {
  const isExcluded = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : () => false;
  const excluded = (absolute: string): boolean => {
    const fromBase = relative(excludeBase, absolute).split(sep).join('/');
    return isExcluded(fromBase);
  };

  const files: string[] = [];
  const visit = (folder: string): void => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !excluded(path)) visit(path);
      } else if (
        entry.isFile() &&
        YAML_EXTENSION.test(entry.name) &&
        !SKIPPED_FILES.has(entry.name) &&
        !excluded(path)
      ) {
        files.push(path);
      }
    }
  };

  for (const input of inputs) {
    const absolute = resolve(input);
    const stats = statSync(absolute, { throwIfNoEntry: false });
    if (!stats)
      throw new InputError(
        `Path "${input}" does not exist; check the spelling or the working folder.`,
      );
    if (stats.isDirectory()) visit(absolute);
    else if (!excluded(absolute)) files.push(absolute);
  }
  return [...new Set(files)];
}

export function displayPath(absolute: string): string {
  const fromCwd = relative(process.cwd(), absolute);
  return fromCwd.startsWith('..') || fromCwd === '' ? absolute : fromCwd;
}

/** Reads a file as UTF-8 text, with an error that names the file. */
export function readInput(absolute: string): InputFile {
  try {
    return {
      displayPath: displayPath(absolute),
      absolutePath: absolute,
      text: readFileSync(absolute, 'utf8'),
    };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(
      `Cannot read "${displayPath(absolute)}" (${reason}); check that it is a readable file.`,
    );
  }
}

/** Reads all of standard input. */
export function readStdin(): InputFile {
  return { displayPath: '<stdin>', text: readFileSync(0, 'utf8') };
}

/**
 * Reads the inputs of a command: standard input when `-` is among them, then every YAML file of
 * the other paths that the exclude globs (relative to `excludeBase`) do not drop.
 */
export function readInputs(
  inputs: readonly string[],
  exclude: readonly string[],
  excludeBase: string,
): InputFile[] {
  const files: InputFile[] = [];
  if (inputs.includes('-')) files.push(readStdin());
  const named = inputs.filter((path) => path !== '-');
  for (const path of collectFiles(named, exclude, excludeBase)) files.push(readInput(path));
  return files;
}
