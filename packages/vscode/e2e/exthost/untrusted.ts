// Extension-host tests in an untrusted workspace (restricted mode): kubeharden still checks and
// fixes the open document, but offers no action that creates or changes another file.
import * as assert from 'node:assert/strict';

import * as vscode from 'vscode';

import {
  codeOf,
  kubehardenCodes,
  open,
  runTests,
  waitFor,
  workspaceFolder,
  type Test,
} from './harness.js';

const TESTS: readonly Test[] = [
  ['workspace is untrusted', workspaceIsUntrusted],
  ['diagnostics still appear', diagnosticsStillAppear],
  ['no action creates a file', noActionCreatesFile],
  ['security layer is refused', securityLayerIsRefused],
  ['other file is not labelled', otherFileIsNotLabelled],
  ['fix all changes open document', fixAllChangesOpenDocument],
];

export function run(): Promise<void> {
  return runTests(TESTS);
}

async function workspaceIsUntrusted(): Promise<void> {
  assert.equal(vscode.workspace.isTrusted, false);
}

async function diagnosticsStillAppear(): Promise<void> {
  const { uri } = await open('namespaces.yaml');
  await waitFor(
    () => kubehardenCodes(uri).includes('require-default-deny-ingress') || undefined,
    'require-default-deny-ingress on namespaces.yaml',
  );
}

async function noActionCreatesFile(): Promise<void> {
  const { uri } = await open('namespaces.yaml');
  const diagnostics = await waitFor(() => {
    const found = vscode.languages
      .getDiagnostics(uri)
      .filter((diagnostic) => codeOf(diagnostic) === 'require-default-deny-ingress');
    return found.length > 0 ? found : undefined;
  }, 'require-default-deny-ingress');
  // The workbench builds the code action context from its own copy of the markers, which can lag
  // behind getDiagnostics(), so the request is repeated until the server offers the insertion.
  const titles = await waitFor(async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostics[0]!.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const found = actions.map((action) => action.title);
    return found.includes('Insert default-deny NetworkPolicy') ? found : undefined;
  }, 'the insertion quick fix');
  assert.ok(
    !titles.some((title) => title.startsWith('Create ')),
    `no file creation expected: ${titles.join(', ')}`,
  );
}

async function securityLayerIsRefused(): Promise<void> {
  const output = await vscode.commands.executeCommand<vscode.Uri | undefined>(
    'kubeharden.generateSecurityLayer',
    { folder: workspaceFolder().fsPath },
  );
  assert.equal(output, undefined);
  const names = (await vscode.workspace.fs.readDirectory(workspaceFolder())).map(([name]) => name);
  assert.ok(!names.includes('kubeharden-security-layer.yaml'), names.join(', '));
}

async function otherFileIsNotLabelled(): Promise<void> {
  const { document } = await open('api.yaml');
  const labelled = await vscode.commands.executeCommand<boolean>('kubeharden.enforcePodSecurity', {
    namespace: 'clinic',
  });
  assert.equal(labelled, false);
  assert.ok(!document.getText().includes('pod-security.kubernetes.io'));
  const namespaces = vscode.workspace.textDocuments.find((candidate) =>
    candidate.uri.path.endsWith('/namespaces.yaml'),
  );
  assert.ok(!namespaces?.isDirty, 'namespaces.yaml stays unchanged');
}

async function fixAllChangesOpenDocument(): Promise<void> {
  const { document, uri } = await open('api.yaml');
  await waitFor(
    () => kubehardenCodes(uri).includes('no-privilege-escalation') || undefined,
    'diagnostics of api.yaml',
  );
  const fixed = await vscode.commands.executeCommand<boolean>('kubeharden.fixAll', {
    types: ['fix'],
  });
  assert.equal(fixed, true);
  assert.match(document.getText(), /allowPrivilegeEscalation: false/);
  const dirty = vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty);
  assert.deepEqual(
    dirty.map((candidate) => candidate.uri.toString()),
    [uri.toString()],
  );
}
