import { fixFiles, type FixType } from '@kubeharden/core';
import * as vscode from 'vscode';

import { activeYamlEditor } from '../documents.js';
import type { Engine } from '../engine.js';
import { replaceDocumentText } from './edit.js';

export interface FixAllArgs {
  readonly types?: readonly FixType[];
}

const CHOICES: readonly { label: string; detail: string; types: readonly FixType[] }[] = [
  {
    label: 'Automatic fixes and suggested changes',
    detail:
      'Also applies the first suggestion of findings without an automatic fix. Suggestions change how workloads run (run as non-root, drop capabilities, ServiceAccounts…).',
    types: ['fix', 'suggestion'],
  },
  {
    label: 'Automatic fixes only',
    detail:
      'Applies the fixes that keep behaviour, as fix-on-save (source.fixAll.kubeharden) does.',
    types: ['fix'],
  },
];

/**
 * "Fix all kubeharden problems": applies the fixes of the active file's findings, checking again
 * after each pass as `kubeharden check --fix` does, with the other files of the workspace folder
 * as context. Only the active document changes, and it is left unsaved.
 */
export async function fixAll(engine: Engine, args: FixAllArgs = {}): Promise<boolean> {
  const editor = activeYamlEditor();
  if (!editor) return false;
  const types =
    args.types ??
    (
      await vscode.window.showQuickPick(CHOICES, {
        title: 'Fix all kubeharden problems',
        placeHolder: 'Which fixes to apply',
      })
    )?.types;
  if (!types) return false;

  const document = editor.document;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const registry = engine.registry();
  const settings = engine.settings(folder?.uri, registry);
  const path = document.uri.fsPath;
  const texts = new Map<string, string>();
  if (folder) {
    for (const file of await engine.readFiles(folder.uri, settings))
      texts.set(file.path, file.text);
  }
  const before = document.getText();
  texts.set(path, before);

  const result = fixFiles(texts, { registry, settings, types });
  const after = result.changed.get(path);
  if (after === undefined || after === before) {
    void vscode.window.showInformationMessage('kubeharden: nothing to fix in this file.');
    return true;
  }
  if (document.getText() !== before) {
    void vscode.window.showWarningMessage(
      'kubeharden: the file changed while the fixes were computed; run the command again.',
    );
    return false;
  }
  return replaceDocumentText(editor, before, after);
}
