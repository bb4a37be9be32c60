import { applyEdits, SourceFile, type K8sObject } from '@kubeharden/core';
import { changeObject } from '@kubeharden/lsp';
import { forWorkload } from '@kubeharden/rbac';
import * as vscode from 'vscode';

import {
  activeYamlEditor,
  insertAfterDocument,
  objectAtCursor,
  objectsOf,
  sourceOf,
} from '../documents.js';
import { parsePermissions, PERMISSIONS_EXAMPLE } from '../permissions.js';
import { replaceDocumentText } from './edit.js';

/** Arguments that skip the prompts: the workload as `Kind/name`, permissions as in the prompt. */
export interface GenerateRbacArgs {
  readonly workload?: string;
  readonly permissions?: string;
}

/**
 * "Generate RBAC for workload…": picks a workload of the active file, prompts for the API access
 * its pods need, then points the workload at a ServiceAccount of its own and inserts that
 * ServiceAccount (with a Role and RoleBinding when it needs access) after the workload.
 */
export async function generateRbac(args: GenerateRbacArgs = {}): Promise<boolean> {
  const editor = activeYamlEditor();
  if (!editor) return false;
  const workloads = objectsOf(editor.document).filter((object) => object.podTemplate !== undefined);
  if (workloads.length === 0) {
    void vscode.window.showWarningMessage(
      'kubeharden: this file has no workload (Deployment, StatefulSet, Pod…).',
    );
    return false;
  }

  const workload = args.workload
    ? findWorkload(workloads, args.workload)
    : await pickWorkload(editor, workloads);
  if (!workload) {
    if (args.workload)
      void vscode.window.showErrorMessage(
        `kubeharden: no workload "${args.workload}" in this file; name one as Kind/name, such as Deployment/api.`,
      );
    return false;
  }
  const permissionsText =
    args.permissions ??
    (await vscode.window.showInputBox({
      title: `API access of ${workload.kind} "${workload.name ?? ''}"`,
      prompt: 'Permissions its pods need, or empty for none (no token is mounted then).',
      placeHolder: PERMISSIONS_EXAMPLE,
      validateInput: (text) => {
        try {
          parsePermissions(text);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    }));
  if (permissionsText === undefined) return false;

  const file = sourceOf(editor.document);
  let after: string;
  try {
    const rbac = forWorkload(workload.value, {
      permissions: parsePermissions(permissionsText),
      ...(workload.namespace ? { namespace: workload.namespace } : {}),
    });
    const changed = changeObject(file, workload.document.index, workload.path, rbac.edits);
    if (!changed)
      throw new Error(
        `Cannot change the pod spec of ${workload.kind} "${workload.name ?? ''}" in place.`,
      );
    const objects = [rbac.serviceAccount, rbac.role, rbac.roleBinding].filter(
      (object) => object !== undefined,
    );
    const withServiceAccount = new SourceFile(file.path, applyEdits(file.text, [changed]));
    after = insertAfterDocument(withServiceAccount, workload.document.index, objects);
  } catch (error) {
    void vscode.window.showErrorMessage(`kubeharden: ${(error as Error).message}`);
    return false;
  }
  return replaceDocumentText(editor, file.text, after);
}

function findWorkload(workloads: readonly K8sObject[], reference: string): K8sObject | undefined {
  const [kind, name] = reference.includes('/') ? reference.split('/', 2) : [undefined, reference];
  return workloads.find(
    (object) => object.name === name && (kind === undefined || object.kind === kind),
  );
}

async function pickWorkload(
  editor: vscode.TextEditor,
  workloads: readonly K8sObject[],
): Promise<K8sObject | undefined> {
  if (workloads.length === 1) return workloads[0];
  const current = objectAtCursor(editor, workloads);
  const items = workloads.map((object) => ({
    label: `${object.kind} ${object.name ?? '<unnamed>'}`,
    description: object.namespace,
    object,
  }));
  const ordered = current
    ? [
        ...items.filter((item) => item.object === current),
        ...items.filter((item) => item.object !== current),
      ]
    : items;
  const picked = await vscode.window.showQuickPick(ordered, {
    title: 'Generate RBAC for workload',
    placeHolder: 'Pick a workload',
  });
  return picked?.object;
}
