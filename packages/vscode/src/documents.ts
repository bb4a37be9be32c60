import {
  applyEdits,
  loadObjects,
  SourceFile,
  type K8sObject,
  type TextEdit as OffsetEdit,
} from '@kubeharden/core';
import { insertDocumentsAfter, renderDocuments } from '@kubeharden/lsp';
import * as vscode from 'vscode';

/**
 * Returns the active editor when it shows a YAML document. Otherwise it shows a warning and
 * returns undefined.
 */
export function activeYamlEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'yaml') return editor;
  void vscode.window.showWarningMessage('kubeharden: open a Kubernetes YAML file first.');
  return undefined;
}

export function sourceOf(document: vscode.TextDocument): SourceFile {
  const path = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString();
  return new SourceFile(path, document.getText());
}

/** Reads the Kubernetes objects of a document as kubectl reads a stream of documents. */
export function objectsOf(document: vscode.TextDocument): readonly K8sObject[] {
  return loadObjects(document.getText(), document.uri.fsPath).objects;
}

/** Finds the object whose document contains the cursor. */
export function objectAtCursor(
  editor: vscode.TextEditor,
  objects: readonly K8sObject[],
): K8sObject | undefined {
  const offset = editor.document.offsetAt(editor.selection.active);
  return objects.find(
    (object) => object.document.span.start <= offset && offset <= object.document.span.end,
  );
}

/**
 * Returns the text of `file` with objects added as new YAML documents at the end (or at the
 * start, before the first document), in the file's indentation and line breaks.
 */
export function withObjects(
  file: SourceFile,
  objects: readonly unknown[],
  where: 'start' | 'end' = 'end',
): string {
  const documents = file.documents;
  if (file.text.trim() === '' || documents.length === 0) {
    return renderDocuments(objects, 2, file.lineBreak).join(`---${file.lineBreak}`);
  }
  if (where === 'end') {
    const edit = insertDocumentsAfter(file, documents[documents.length - 1]!.index, objects);
    if (!edit) throw new Error(`Cannot add documents to ${file.path}.`);
    return applyEdits(file.text, [edit]);
  }
  const rendered = renderDocuments(objects, 2, file.lineBreak);
  return rendered.map((body) => `${body}---${file.lineBreak}`).join('') + file.text;
}

/** Returns the text of `file` with objects inserted as documents right after document `index`. */
export function insertAfterDocument(
  file: SourceFile,
  index: number,
  objects: readonly unknown[],
): string {
  const edit = insertDocumentsAfter(file, index, objects);
  if (!edit) throw new Error(`Cannot insert documents after document ${index} of ${file.path}.`);
  return applyEdits(file.text, [edit]);
}

/** Applies an edit in offsets of the document's current text; resolves to false when rejected. */
export async function applyOffsetEdit(
  document: vscode.TextDocument,
  edit: OffsetEdit | undefined,
): Promise<boolean> {
  if (!edit) return true;
  const workspaceEdit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end));
  workspaceEdit.replace(document.uri, range, edit.text);
  return vscode.workspace.applyEdit(workspaceEdit);
}
