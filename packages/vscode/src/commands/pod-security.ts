import type { K8sObject, SourceFile } from '@kubeharden/core';
import { changeObject } from '@kubeharden/lsp';
import { PSS_GENERATORS } from '@kubeharden/pss';
import * as vscode from 'vscode';

import { activeYamlEditor, objectsOf, sourceOf, withObjects } from '../documents.js';
import type { Engine } from '../engine.js';
import { askNamespace } from './network-policy.js';
import { replaceDocumentText } from './edit.js';

export interface EnforcePodSecurityArgs {
  readonly namespace?: string;
}

/**
 * "Enforce restricted Pod Security on namespace…": labels a Namespace to enforce, audit and
 * warn at the restricted level and the configured version. The labels go to the Namespace
 * declared in the active file, or in another file of a trusted workspace. When none is declared,
 * a labelled Namespace is inserted at the start of the active file.
 */
export async function enforcePodSecurity(
  engine: Engine,
  args: EnforcePodSecurityArgs = {},
): Promise<boolean> {
  const editor = activeYamlEditor();
  if (!editor) return false;
  const folder = vscode.workspace.getWorkspaceFolder(editor.document.uri);
  const registry = engine.registry();
  const settings = engine.settings(folder?.uri, registry);
  const local = objectsOf(editor.document);
  const declared = folder
    ? (await engine.checkFolder(folder.uri)).result.objects.all.filter(
        (object) => object.kind === 'Namespace',
      )
    : local.filter((object) => object.kind === 'Namespace');

  const namespace = args.namespace ?? (await pickNamespace(local, declared));
  if (namespace === undefined) return false;

  const generator = PSS_GENERATORS.find((candidate) => candidate.name === 'pod-security-namespace');
  if (!generator) throw new Error('Missing generator "pod-security-namespace" in @kubeharden/pss.');
  let generated: Record<string, unknown>;
  try {
    generated = generator.generate({
      namespace,
      level: 'restricted',
      'pss-version': settings.pss.version,
    })[0] as Record<string, unknown>;
  } catch (error) {
    void vscode.window.showErrorMessage(`kubeharden: ${(error as Error).message}`);
    return false;
  }
  const labels = (generated.metadata as { labels: Record<string, string> }).labels;

  const inActive = local.find((object) => object.kind === 'Namespace' && object.name === namespace);
  if (inActive) return label(editor, inActive, labels);

  const elsewhere = declared.find((object) => object.name === namespace);
  if (elsewhere) {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        `kubeharden: Namespace "${namespace}" is declared in ${vscode.workspace.asRelativePath(elsewhere.file)}. In an untrusted workspace kubeharden changes only the open file, so open that file and run the command there.`,
      );
      return false;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(elsewhere.file));
    const other = await vscode.window.showTextDocument(document);
    const target = objectsOf(document).find(
      (object) => object.kind === 'Namespace' && object.name === namespace,
    );
    return target ? label(other, target, labels) : false;
  }

  const file = sourceOf(editor.document);
  return replaceDocumentText(editor, file.text, withObjects(file, [generated], 'start'));
}

async function label(
  editor: vscode.TextEditor,
  namespace: K8sObject,
  labels: Record<string, string>,
): Promise<boolean> {
  const file: SourceFile = sourceOf(editor.document);
  const changes = Object.entries(labels).map(([key, value]) => ({
    path: ['metadata', 'labels', key],
    value,
  }));
  const edit = changeObject(file, namespace.document.index, namespace.path, changes);
  if (!edit) {
    void vscode.window.showErrorMessage(
      `kubeharden: failed to add the labels to Namespace "${namespace.name ?? ''}" in place, so add them by hand.`,
    );
    return false;
  }
  const after = file.text.slice(0, edit.start) + edit.text + file.text.slice(edit.end);
  return replaceDocumentText(editor, file.text, after);
}

async function pickNamespace(
  local: readonly K8sObject[],
  declared: readonly K8sObject[],
): Promise<string | undefined> {
  const names = new Set<string>();
  for (const object of declared) if (object.name) names.add(object.name);
  for (const object of local) {
    if (object.kind === 'Namespace' && object.name) names.add(object.name);
    else if (object.namespace) names.add(object.namespace);
  }
  if (names.size === 0)
    return askNamespace('Namespace to enforce restricted Pod Security on', 'default');
  const other = { label: 'Other namespace…', name: undefined };
  const picked = await vscode.window.showQuickPick(
    [
      ...[...names].sort().map((name) => ({ label: name, name: name as string | undefined })),
      other,
    ],
    { title: 'Enforce restricted Pod Security on namespace', placeHolder: 'Pick a namespace' },
  );
  if (!picked) return undefined;
  return picked.name ?? askNamespace('Namespace to enforce restricted Pod Security on', '');
}
