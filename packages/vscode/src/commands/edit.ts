import { minimalEdit } from '@kubeharden/lsp';
import * as vscode from 'vscode';

import { applyOffsetEdit } from '../documents.js';

/**
 * Changes a document from `before` (its current text) to `after` with the smallest edit, so
 * that undo, cursors and folding outside the change stay, and shows the changed lines. The
 * document is left unsaved. Resolves to false when VS Code rejected the edit.
 */
export async function replaceDocumentText(
  editor: vscode.TextEditor,
  before: string,
  after: string,
  reveal: 'start' | 'end' = 'start',
): Promise<boolean> {
  const edit = minimalEdit(before, after);
  if (!edit) return true;
  const document = editor.document;
  if (!(await applyOffsetEdit(document, edit))) {
    void vscode.window.showErrorMessage(
      `kubeharden: VS Code rejected the change to ${document.uri.fsPath}, which may have changed meanwhile; run the command again.`,
    );
    return false;
  }
  const start = document.positionAt(edit.start);
  const end = document.positionAt(edit.start + edit.text.length);
  const target = reveal === 'end' ? end : start;
  editor.selection = new vscode.Selection(target, target);
  editor.revealRange(
    new vscode.Range(start, end),
    vscode.TextEditorRevealType.InCenterIfOutsideViewport,
  );
  return true;
}
