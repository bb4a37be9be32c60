import { basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { CONFIG_FILE_NAMES, type ConfigProblem, type Finding } from '@kubeharden/core';
import type { Connection, Diagnostic } from 'vscode-languageserver/node.js';
import { TextDocuments } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { configProblemToDiagnostic, toDiagnostic } from './handlers/convert.js';
import { GENERATORS, type Generators } from './policies/generators.js';
import { createRegistry } from './registry.js';
import type { Logger } from './services/log.js';
import { EDITOR_SETTINGS_NAME, resolveSettings } from './services/settings.js';
import { WorkerSyntaxChecker } from './services/syntax.js';
import { Validator, type ValidationRun } from './services/validation.js';
import { WorkspaceIndex } from './services/workspace.js';

/** Capabilities of the client that the server uses, read once from `initialize`. */
export interface ClientFeatures {
  readonly configuration: boolean;
  readonly workspaceFolders: boolean;
  readonly watchedFilesRegistration: boolean;
  readonly documentChanges: boolean;
  readonly createFiles: boolean;
  readonly versionedDiagnostics: boolean;
}

// An edit after a pause at least this long is checked at once. Further edits within this time
// of a validation are debounced by it, so a burst of keystrokes is checked once at its end.
export const DEBOUNCE_MS = 20;

const WORKSPACE_KEY = '<workspace>';
const EXACT_KEY = '<exact>';
// A provisional validation is followed by an exact one once the documents have been left alone
// this long, so typing in a large document is not held up by re-parsing it.
const EXACT_AFTER_MS = 400;

/**
 * State of one server: open documents, the workspace index, settings and the validation
 * schedule. Handlers read from it, and it publishes diagnostics.
 */
export class Session {
  readonly connection: Connection;
  readonly log: Logger;
  readonly documents = new TextDocuments(TextDocument);
  readonly index = new WorkspaceIndex();
  readonly validator: Validator;
  generators: Generators = GENERATORS;
  features: ClientFeatures = {
    configuration: false,
    workspaceFolders: false,
    watchedFilesRegistration: false,
    documentChanges: false,
    createFiles: false,
    versionedDiagnostics: false,
  };
  folders: string[] = [];
  editorSettings: unknown = undefined;
  configFile: string | undefined;

  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** Documents whose current version must be published even if their diagnostics did not change. */
  readonly #pending = new Set<string>();
  /** Fingerprints of the diagnostics last published, by URI. */
  readonly #published = new Map<string, string>();
  readonly #uris = new Map<string, string>();
  #configProblemUris = new Set<string>();
  #stopped = false;
  /** When the latest validation ended, in `performance.now()` milliseconds. */
  #lastValidation = -Infinity;
  /** True while the workspace index is parsed ahead; exact validations wait for its end. */
  #warming = false;
  readonly #syntax: WorkerSyntaxChecker;

  constructor(connection: Connection, log: Logger) {
    this.connection = connection;
    this.log = log;
    this.#syntax = new WorkerSyntaxChecker(
      () => this.scheduleWorkspace(0),
      (error) => log.error('The syntax worker failed', error),
    );
    const registry = createRegistry();
    this.validator = new Validator(
      registry,
      this.index,
      resolveSettings(undefined, undefined, registry).settings,
      this.#syntax,
    );
  }

  /** Returns the file system path of a URI; other schemes (such as untitled buffers) keep the URI. */
  pathOf(uri: string): string {
    if (!uri.startsWith('file:')) return uri;
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }

  uriOf(path: string): string {
    return this.#uris.get(path) ?? (path.startsWith('/') ? pathToFileURL(path).href : path);
  }

  /**
   * Records an opened or edited document and schedules its validation: at once after a pause
   * (see `DEBOUNCE_MS`), otherwise after `delay`.
   */
  setDocument(document: TextDocument, delay = DEBOUNCE_MS): void {
    const path = this.pathOf(document.uri);
    // A configuration file is no manifest; its problems are published when it is saved.
    if (isConfigFile(path)) return;
    this.#uris.set(path, document.uri);
    this.validator.setText(path, document.version, document.getText());
    this.#pending.add(document.uri);
    const paused =
      performance.now() - this.#lastValidation >= DEBOUNCE_MS && !this.#timers.has(document.uri);
    this.#schedule(document.uri, paused ? 0 : delay);
  }

  closeDocument(uri: string): void {
    const path = this.pathOf(uri);
    if (isConfigFile(path)) return;
    this.validator.close(path);
    this.#uris.delete(path);
    this.#pending.delete(uri);
    this.#clearTimer(uri);
    this.#published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // The file on disk takes the buffer's place in the workspace, which may change other files.
    this.scheduleWorkspace();
  }

  /** Schedules a validation of every open document, publishing those whose diagnostics change. */
  scheduleWorkspace(delay = DEBOUNCE_MS): void {
    this.#schedule(WORKSPACE_KEY, delay);
  }

  /**
   * Validates now, exactly, when a validation is scheduled, the latest one was provisional or
   * it did not see the current version of `uri`. Requests thus see the state of the last
   * notification, and fixes are computed from an exact parse.
   */
  ensureCurrent(uri: string): ValidationRun | undefined {
    const document = this.documents.get(uri);
    const path = this.pathOf(uri);
    const stale =
      document !== undefined && this.validator.validatedVersion(path) !== document.version;
    if (stale || this.#timers.size > 0 || this.validator.last?.provisional) this.validateNow(true);
    return this.validator.last;
  }

  /**
   * Checks every open document against the workspace and publishes what changed. Without
   * `exact`, large edited documents may keep their previous parse; an exact validation is then
   * scheduled for when the edits pause.
   */
  validateNow(exact = false): void {
    for (const key of [...this.#timers.keys()]) this.#clearTimer(key);
    if (this.#stopped) return;

    let run: ValidationRun;
    try {
      run = this.validator.validate(exact);
    } catch (error) {
      // The previous diagnostics stay as they are; the next edit tries again.
      this.log.error('Validation failed', error);
      return;
    }

    for (const [path, result] of run.files) {
      const uri = this.uriOf(path);
      const document = this.documents.get(uri);
      if (!document || document.version !== result.version) continue;
      const fingerprint = fingerprintOf(result.findings);
      if (!this.#pending.has(uri) && this.#published.get(uri) === fingerprint) continue;
      this.#published.set(uri, fingerprint);
      this.#publish(uri, result.version, result.findings.map(toDiagnostic));
    }
    this.#pending.clear();
    this.#lastValidation = performance.now();
    if (run.provisional && !this.#warming) {
      this.#timers.set(
        EXACT_KEY,
        setTimeout(() => this.validateNow(true), EXACT_AFTER_MS),
      );
    }
  }

  /**
   * Resolves settings from `.kubeharden.yaml` and the editor's settings, and publishes the
   * problems found in them. Returns true when the exclude globs changed, which calls for a scan.
   */
  applySettings(): boolean {
    const folder = this.folders[0];
    const resolved = resolveSettings(folder, this.editorSettings, this.validator.registry);
    const previousExclude = JSON.stringify(this.validator.settings.exclude);
    this.validator.settings = resolved.settings;
    this.configFile = resolved.configFile;
    const base = resolved.configFile ? dirname(resolved.configFile) : (folder ?? process.cwd());
    this.index.setExclude({ patterns: resolved.settings.exclude, base });
    this.#publishConfigProblems(resolved.problems);
    return JSON.stringify(resolved.settings.exclude) !== previousExclude;
  }

  /** Reads the workspace folders into the index, then validates the open documents again. */
  async scanWorkspace(): Promise<void> {
    const started = performance.now();
    const complete = await this.index.scan(this.folders, (path, error) =>
      this.log.error(`Cannot read ${path}`, error),
    );
    if (!complete || this.#stopped) return;
    this.#warming = true;
    const warm = await this.index.warmUp((document) => this.validator.readsDocument(document));
    this.#warming = false;
    if (!warm || this.#stopped) return;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    this.log.info(
      `Indexed ${this.index.size} Kubernetes YAML files of ${this.folders.length} workspace folders in ${seconds} s.`,
    );
    this.scheduleWorkspace(0);
  }

  /** Applies changes of files on disk: manifests to the index, configuration files to the settings. */
  async applyFileChanges(changes: readonly { path: string; deleted: boolean }[]): Promise<void> {
    let settingsChanged = false;
    let indexChanged = false;
    for (const change of changes) {
      if (isConfigFile(change.path)) {
        settingsChanged = true;
      } else if (change.deleted) {
        indexChanged = this.index.remove(change.path) || indexChanged;
      } else {
        const updated = await this.index.update(change.path, (path, error) =>
          this.log.error(`Cannot read ${path}`, error),
        );
        indexChanged = updated || indexChanged;
      }
    }
    if (settingsChanged && this.applySettings()) void this.scanWorkspace();
    if (settingsChanged || indexChanged) this.scheduleWorkspace();
  }

  stop(): void {
    this.#stopped = true;
    this.#syntax.stop();
    for (const key of [...this.#timers.keys()]) this.#clearTimer(key);
  }

  #schedule(key: string, delay: number): void {
    if (this.#stopped) return;
    this.#clearTimer(key);
    this.#timers.set(
      key,
      setTimeout(() => this.validateNow(), delay),
    );
    // An edit restarts the wait for the exact validation, which follows the next provisional one.
    this.#clearTimer(EXACT_KEY);
  }

  #clearTimer(key: string): void {
    const timer = this.#timers.get(key);
    if (timer) clearTimeout(timer);
    this.#timers.delete(key);
  }

  #publish(uri: string, version: number, diagnostics: Diagnostic[]): void {
    const params = this.features.versionedDiagnostics
      ? { uri, version, diagnostics }
      : { uri, diagnostics };
    this.connection
      .sendDiagnostics(params)
      .catch((error: unknown) => this.log.error(`Cannot publish diagnostics of ${uri}`, error));
  }

  #publishConfigProblems(problems: readonly ConfigProblem[]): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const problem of problems) {
      if (problem.file === EDITOR_SETTINGS_NAME) {
        this.log.warn(
          `Invalid kubeharden setting at ${problem.path.join('.')}: ${problem.message}`,
        );
        continue;
      }
      const uri = this.uriOf(problem.file);
      const list = byFile.get(uri) ?? [];
      list.push(configProblemToDiagnostic(problem));
      byFile.set(uri, list);
    }
    for (const uri of this.#configProblemUris) {
      if (!byFile.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    for (const [uri, diagnostics] of byFile) {
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    this.#configProblemUris = new Set(byFile.keys());
  }
}

function isConfigFile(path: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path));
}

function fingerprintOf(findings: readonly Finding[]): string {
  return findings
    .map(
      (finding) =>
        `${finding.ruleId}|${finding.severity}|${finding.range.start}|${finding.range.end}|${finding.message}`,
    )
    .join('\n');
}
