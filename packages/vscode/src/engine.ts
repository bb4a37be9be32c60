import {
  check,
  SourceFile,
  type CheckResult,
  type RuleRegistry,
  type Settings,
} from '@kubeharden/core';
import { createRegistry, isKubernetesFile, resolveSettings } from '@kubeharden/lsp';
import * as vscode from 'vscode';

import { SECTION, serverSettings } from './settings.js';

/** Folders the workspace scan skips, as the language server does. */
const SKIPPED_FOLDERS = ['**/node_modules/**', '**/.git/**'];

/** Returns the editor settings the user set for a scope, in the shape of `.kubeharden.yaml`. */
export function editorSettings(scope?: vscode.Uri): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  return serverSettings((key) => {
    const inspected = configuration.inspect(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  });
}

/**
 * Runs the engine in the extension host for the commands that look at more than the open file
 * (compliance summary, fix all, security layer). It composes the rules and settings with the
 * language server's own functions, so both see the same rules, configuration file and settings.
 */
export class Engine {
  readonly #log: vscode.LogOutputChannel;
  #registry: RuleRegistry | undefined;

  constructor(log: vscode.LogOutputChannel) {
    this.#log = log;
  }

  /** Every rule the language server checks. */
  registry(): RuleRegistry {
    this.#registry ??= createRegistry();
    return this.#registry;
  }

  /** Settings for files of `folder`: its `.kubeharden.yaml`, then the editor settings. */
  settings(folder: vscode.Uri | undefined, registry: RuleRegistry): Settings {
    const resolved = resolveSettings(folder?.fsPath, editorSettings(folder), registry);
    for (const problem of resolved.problems) {
      this.#log.warn(
        `Invalid setting ${problem.path.join('.')} in ${problem.file}: ${problem.message}`,
      );
    }
    return resolved.settings;
  }

  /**
   * Reads the Kubernetes YAML files under `base`, taking the text of open documents from the
   * editor, and skipping the exclude globs of the settings (relative to `base`).
   */
  async readFiles(base: vscode.Uri, settings: Settings): Promise<SourceFile[]> {
    const exclude = [...SKIPPED_FOLDERS, ...settings.exclude];
    const uris = await vscode.workspace.findFiles(
      new vscode.RelativePattern(base, '**/*.{yaml,yml}'),
      new vscode.RelativePattern(base, `{${exclude.join(',')}}`),
    );
    const open = new Map(
      vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]),
    );
    const files: SourceFile[] = [];
    for (const uri of uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      let text: string;
      const document = open.get(uri.toString());
      if (document) {
        text = document.getText();
      } else {
        try {
          text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        } catch (error) {
          this.#log.error(`Cannot read ${uri.fsPath}: ${(error as Error).message}`);
          continue;
        }
      }
      const file = new SourceFile(uri.fsPath, text);
      if (isKubernetesFile(file)) files.push(file);
    }
    return files;
  }

  /** Checks every Kubernetes YAML file under `base` with the settings of that folder. */
  async checkFolder(base: vscode.Uri): Promise<{
    result: CheckResult;
    registry: RuleRegistry;
    settings: Settings;
    files: SourceFile[];
  }> {
    const registry = this.registry();
    const settings = this.settings(base, registry);
    const files = await this.readFiles(base, settings);
    return { result: check(files, { registry, settings }), registry, settings, files };
  }
}
