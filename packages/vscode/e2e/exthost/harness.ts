// Test harness of the extension-host tests. It runs named tests in order and prints one line
// per test, which the runner counts. The helpers below are shared by the tests.
/* eslint-disable no-console -- the workbench forwards the extension host's console to the
   browser, which is how the results reach the runner. */
import * as assert from 'node:assert/strict';

import * as vscode from 'vscode';

const REPORT_PREFIX = '[kubeharden-e2e]';
const TIMEOUT_MS = 30_000;
/** Limit of one test, so that a command stuck on a prompt fails its test and not the run. */
const TEST_TIMEOUT_MS = 60_000;

export type Test = readonly [name: string, body: () => Promise<void>];

/**
 * Runs the tests in order, closing the editors after each, and rejects when any failed, which
 * makes the workbench exit with code 1.
 */
export async function runTests(tests: readonly Test[]): Promise<void> {
  const failed: string[] = [];
  for (const [name, body] of tests) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        body(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Timed out after ${TEST_TIMEOUT_MS} ms.`)),
            TEST_TIMEOUT_MS,
          );
        }),
      ]);
      console.log(`${REPORT_PREFIX} PASS ${name}`);
    } catch (error) {
      failed.push(name);
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.log(`${REPORT_PREFIX} FAIL ${name}: ${text.replace(/\n/g, ' | ')}`);
    } finally {
      clearTimeout(timer);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  }
  console.log(
    `${REPORT_PREFIX} DONE ${tests.length - failed.length} passed, ${failed.length} failed`,
  );
  if (failed.length > 0) throw new Error(`Failed: ${failed.join(', ')}`);
}

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'a workspace folder is open');
  return folder;
}

export async function open(
  name: string,
): Promise<{ document: vscode.TextDocument; uri: vscode.Uri }> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), name);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return { document, uri };
}

export function kubehardenCodes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'kubeharden')
    .map(codeOf);
}

/** Returns the rule id of a diagnostic, whose code is an object with a link to the rule's page. */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  return typeof diagnostic.code === 'object'
    ? String(diagnostic.code.value)
    : String(diagnostic.code);
}

/** Polls `probe` every 100 ms until it returns a value other than undefined. */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
): Promise<T> {
  const end = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out after ${TIMEOUT_MS} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
