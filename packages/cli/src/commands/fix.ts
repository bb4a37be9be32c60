import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { createTwoFilesPatch } from 'diff';

import { chosenFix, fixFiles, type RuleRegistry, type Settings } from '@kubeharden/core';

import type { InputFile } from '../files.js';
import type { CheckCommandOptions } from './check.js';

export interface FixOutcome {
  /** New text by display path, for the files that changed. */
  readonly changed: ReadonlyMap<string, string>;
  /** Unified diff of every change, when `--fix-dry-run` asked for it. */
  readonly diff?: string;
  /** Lines for the stylish report: what was applied, and what was left as a suggestion. */
  readonly summary: string;
}

/**
 * Applies the fixes the options ask for. With `--fix` every changed file is written atomically;
 * with `--fix-dry-run` nothing is written and the changes come back as a unified diff.
 */
export function applyRequestedFixes(
  files: readonly InputFile[],
  options: CheckCommandOptions,
  registry: RuleRegistry,
  settings: Settings,
): FixOutcome {
  const types = options.fixType ?? ['fix'];
  const texts = new Map(files.map((file) => [file.displayPath, file.text]));
  const result = fixFiles(texts, { registry, settings, types });

  if (options.fix && !options.fixDryRun) {
    for (const file of files) {
      const text = result.changed.get(file.displayPath);
      if (text !== undefined && file.absolutePath) writeAtomically(file.absolutePath, text);
    }
  }

  const diff = options.fixDryRun
    ? [...result.changed]
        .map(([path, text]) => createTwoFilesPatch(`a/${path.replace(/^\//, "")}`, `b/${path.replace(/^\//, "")}`, texts.get(path) ?? '', text, '', '', { context: 3 }))
        .join('')
    : undefined;

  const leftAsSuggestion = types.includes('suggestion')
    ? 0
    : result.remaining.filter((finding) => !chosenFix(finding, types) && chosenFix(finding, ['suggestion'])).length;
  const verb = options.fixDryRun ? 'Would apply' : 'Applied';
  const lines = [`${verb} ${result.appliedCount} fix${result.appliedCount === 1 ? '' : 'es'} to ${result.changed.size} file${result.changed.size === 1 ? '' : 's'}.`];
  if (leftAsSuggestion > 0) {
    lines.push(
      `${leftAsSuggestion} finding${leftAsSuggestion === 1 ? ' has' : 's have'} a suggested change that alters behaviour; apply ${leftAsSuggestion === 1 ? 'it' : 'them'} with --fix-type fix,suggestion after review.`,
    );
  }
  return { changed: result.changed, ...(diff !== undefined ? { diff } : {}), summary: `${lines.join('\n')}\n` };
}

/** Writes through a temporary file in the same folder and a rename, keeping the file's mode. */
function writeAtomically(path: string, text: string): void {
  const mode = statSync(path).mode & 0o7777;
  const temporary = join(dirname(path), `.${basename(path)}.kubeharden-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
