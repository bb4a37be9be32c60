import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

import { SourceFile } from '@kubeharden/core';
import picomatch from 'picomatch';

const YAML_EXTENSION = /\.ya?ml$/i;
// The same folders the CLI skips: dependencies and tool state, never manifests of the project.
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '.nx']);
// Files read per turn of the event loop while scanning, so edits are served during a scan.
const FILES_PER_TURN = 16;

/** Globs that exclude paths, relative to the folder of the configuration file. */
export interface ExcludeRule {
  readonly patterns: readonly string[];
  readonly base: string;
}

/** True when any document of the file starts like a Kubernetes object (top-level apiVersion and kind). */
export function isKubernetesFile(file: SourceFile): boolean {
  return file.documents.some(
    (document) => document.sniff.kind !== undefined && document.sniff.apiVersion !== undefined,
  );
}

/** True for a file name the workspace index reads. */
export function isYamlPath(path: string): boolean {
  return YAML_EXTENSION.test(path);
}

/**
 * The Kubernetes YAML files of the workspace folders as they are on disk, read as the CLI would
 * read a folder: `.yaml` and `.yml` files, without dependency folders and excluded paths. Files
 * without a Kubernetes object are not kept.
 */
export class WorkspaceIndex {
  readonly #files = new Map<string, SourceFile>();
  /** Files whose documents were parsed ahead of the first validation that needs them. */
  readonly #warm = new Set<string>();
  #exclude: (path: string) => boolean = () => false;
  #generation = 0;

  /** Sets the exclude globs; paths already indexed that they match are dropped. */
  setExclude(rule: ExcludeRule): void {
    const matcher =
      rule.patterns.length > 0 ? picomatch([...rule.patterns], { dot: true }) : undefined;
    this.#exclude = matcher
      ? (path) => {
          const fromBase = relative(rule.base, path).split(sep).join('/');
          return !fromBase.startsWith('..') && matcher(fromBase);
        }
      : () => false;
    for (const path of [...this.#files.keys()]) if (this.#exclude(path)) this.#files.delete(path);
  }

  isExcluded(path: string): boolean {
    return this.#exclude(path);
  }

  get size(): number {
    return this.#files.size;
  }

  files(): IterableIterator<SourceFile> {
    return this.#files.values();
  }

  get(path: string): SourceFile | undefined {
    return this.#files.get(path);
  }

  /** True when the file's documents have been parsed ahead (see `warmUp`). */
  isWarm(path: string): boolean {
    return this.#warm.has(path);
  }

  /**
   * Parses the documents that rules will read, one document per turn of the event loop, so a
   * large workspace does not hold up edits for seconds on its first validation. `wanted` selects
   * the documents the rules read. Returns false when a scan replaced the files meanwhile.
   */
  async warmUp(wanted: (document: SourceFile['documents'][number]) => boolean): Promise<boolean> {
    const generation = this.#generation;
    for (const file of [...this.#files.values()]) {
      for (const document of file.documents) {
        if (document.isParsed || !wanted(document)) continue;
        await new Promise((resolve) => setImmediate(resolve));
        if (generation !== this.#generation) return false;
        document.parse();
      }
      if (this.#files.get(file.path) === file) this.#warm.add(file.path);
    }
    return true;
  }

  has(path: string): boolean {
    return this.#files.has(path);
  }

  /**
   * Reads every Kubernetes YAML file under the folders. A later call cancels an earlier scan
   * that is still running. Returns false when cancelled. `onError` receives unreadable paths.
   */
  async scan(
    folders: readonly string[],
    onError: (path: string, error: unknown) => void,
  ): Promise<boolean> {
    const generation = ++this.#generation;
    const paths: string[] = [];
    for (const folder of folders) await this.#walk(folder, paths, onError);
    if (generation !== this.#generation) return false;

    const found = new Map<string, SourceFile>();
    for (let index = 0; index < paths.length; index += FILES_PER_TURN) {
      const batch = paths.slice(index, index + FILES_PER_TURN);
      const files = await Promise.all(batch.map((path) => this.#read(path, onError)));
      if (generation !== this.#generation) return false;
      for (const file of files) if (file) found.set(file.path, file);
    }
    this.#files.clear();
    this.#warm.clear();
    for (const [path, file] of found) this.#files.set(path, file);
    return true;
  }

  /** Reads a file again after a change on disk; returns true when the index changed. */
  async update(path: string, onError: (path: string, error: unknown) => void): Promise<boolean> {
    if (!isYamlPath(path) || this.#exclude(path) || hasSkippedFolder(path)) {
      return this.remove(path);
    }
    const file = await this.#read(path, onError);
    if (!file) return this.remove(path);
    this.#files.set(path, file);
    // One changed file is parsed by the next validation; it is small next to a whole workspace.
    this.#warm.add(path);
    return true;
  }

  remove(path: string): boolean {
    this.#warm.delete(path);
    return this.#files.delete(path);
  }

  async #walk(
    folder: string,
    paths: string[],
    onError: (path: string, error: unknown) => void,
  ): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      onError(folder, error);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !this.#exclude(path)) {
          await this.#walk(path, paths, onError);
        }
      } else if (entry.isFile() && YAML_EXTENSION.test(entry.name) && !this.#exclude(path)) {
        paths.push(path);
      }
    }
  }

  async #read(
    path: string,
    onError: (path: string, error: unknown) => void,
  ): Promise<SourceFile | undefined> {
    try {
      const stats = await stat(path);
      if (!stats.isFile()) return undefined;
      const file = new SourceFile(path, await readFile(path, 'utf8'));
      return isKubernetesFile(file) ? file : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(path, error);
      return undefined;
    }
  }
}

function hasSkippedFolder(path: string): boolean {
  return path.split(sep).some((segment) => SKIPPED_FOLDERS.has(segment));
}
