import { fork } from 'node:child_process';

import { afterEach, describe, expect, test } from 'vitest';
import {
  CodeActionKind,
  createProtocolConnection,
  DiagnosticSeverity,
  ExitNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node.js';

import { SERVER_MAIN, TestClient } from './client.js';
import { DEPLOYMENT, lineOf, workspace } from './fixtures.js';

const clients: TestClient[] = [];
const folders: { remove: () => void }[] = [];

async function start(files: Record<string, string> = {}, settings: Record<string, unknown> = {}) {
  const folder = workspace(files);
  folders.push(folder);
  const client = await TestClient.start({ workspace: folder.root, settings });
  clients.push(client);
  return { client, folder };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.kill();
  for (const folder of folders.splice(0)) folder.remove();
});

const byRule = (diagnostics: Diagnostic[], ruleId: string) =>
  diagnostics.filter((diagnostic) => diagnostic.code === ruleId);

describe('lifecycle', () => {
  test('initialize announces capabilities', async () => {
    const { client } = await start();
    const capabilities = client.initializeResult!.capabilities;

    expect(capabilities.textDocumentSync).toEqual({ openClose: true, change: 2 });
    expect(capabilities.hoverProvider).toBe(true);
    expect(capabilities.codeActionProvider).toEqual({
      codeActionKinds: ['quickfix', 'refactor', 'source.fixAll.kubeharden'],
    });
    expect(client.initializeResult!.serverInfo?.name).toBe('kubeharden-lsp');
  });

  test('shutdown and exit end the process with code 0', async () => {
    const { client, folder } = await start();
    await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    expect(await client.shutdown()).toBe(0);
    expect(client.protocolErrors).toEqual([]);
    expect(client.stderr).toBe('');
  });

  test('node IPC transport', async () => {
    const child = fork(SERVER_MAIN, ['--node-ipc'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const connection = createProtocolConnection(
      new IPCMessageReader(child),
      new IPCMessageWriter(child),
    );
    connection.listen();

    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);

    expect(result.serverInfo?.name).toBe('kubeharden-lsp');
    expect(await exited).toBe(0);
    expect(output).toBe('');
    connection.dispose();
  });

  test('logs through the connection only', async () => {
    const { client, folder } = await start({
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n',
    });
    await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    await client.indexed();

    expect(client.logs.some((log) => log.message.includes('language server 0.1.0 started'))).toBe(
      true,
    );
    expect(client.protocolErrors).toEqual([]);
    expect(client.errorLogs()).toEqual([]);
  });
});

describe('diagnostics', () => {
  test('finding with exact range, code, docs link and HIPAA sections', async () => {
    const { client, folder } = await start();
    const { diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const [escalation] = byRule(diagnostics, 'no-privilege-escalation');
    const line = lineOf(DEPLOYMENT, 'allowPrivilegeEscalation');

    expect(escalation).toBeDefined();
    expect(escalation!.range).toEqual({
      start: { line, character: 38 },
      end: { line, character: 42 },
    });
    expect(escalation!.source).toBe('kubeharden');
    expect(escalation!.severity).toBe(DiagnosticSeverity.Error);
    expect(escalation!.codeDescription?.href).toMatch(/docs\/rules\/no-privilege-escalation\.md$/);
    expect(escalation!.message).toBe(
      'Container "api" sets securityContext.allowPrivilegeEscalation to true; set it to false.',
    );
    expect(escalation!.data).toMatchObject({
      ruleId: 'no-privilege-escalation',
      documentIndex: 0,
      hipaa: ['164.312(a)(1)', '164.312(c)(1)'],
    });
  });

  test('YAML without Kubernetes objects is ignored', async () => {
    const { client, folder } = await start();
    const compose = await client.open(
      folder.path('docker-compose.yml'),
      'services:\n  web:\n    image: nginx\n    privileged: true\n',
    );
    const broken = await client.open(folder.path('values.yaml'), 'replicas: [1,\nimage: {\n');

    expect(compose.diagnostics).toEqual([]);
    expect(broken.diagnostics).toEqual([]);
  });

  test('syntax error is one diagnostic and keeps other documents', async () => {
    const { client, folder } = await start();
    const text = `${DEPLOYMENT}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: [1, 2\nb: ]]\n`;
    const { uri } = await client.open(folder.path('deploy.yaml'), text);
    // Documents that no rule reads are parsed in a worker, so their problems come in a later publication.
    const diagnostics = await client.diagnosticsUntil(
      uri,
      (published) => byRule(published, 'valid-yaml').length > 0,
    );
    const syntax = byRule(diagnostics, 'valid-yaml');

    expect(syntax).toHaveLength(1);
    expect(syntax[0]!.range.start.line).toBeGreaterThan(lineOf(text, 'kind: ConfigMap'));
    expect(byRule(diagnostics, 'no-privilege-escalation')).toHaveLength(1);
  });

  test('half-typed edit keeps findings of other documents', async () => {
    const { client, folder } = await start();
    const second =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: records\nspec:\n  ports:\n    - port: 80\n';
    const { uri } = await client.open(folder.path('deploy.yaml'), `${DEPLOYMENT}---\n${second}`);
    const line = lineOf(client.text(uri), 'port: 80');
    const version = await client.edit(uri, [
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText: '    - port: [\n  bad: "unclosed\n',
      },
    ]);
    const first = await client.diagnostics(uri, version);
    const diagnostics = await client.diagnosticsUntil(
      uri,
      (published) => byRule(published, 'valid-yaml').length > 0,
    );

    expect(byRule(first, 'no-privilege-escalation')).toHaveLength(1);
    expect(byRule(diagnostics, 'valid-yaml')).toHaveLength(1);
    expect(byRule(diagnostics, 'no-privilege-escalation')).toHaveLength(1);
  });

  test('every version of an edited document is published', async () => {
    const { client, folder } = await start();
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const line = lineOf(DEPLOYMENT, 'image:');
    const version = await client.edit(uri, [
      {
        range: { start: { line, character: 50 }, end: { line, character: 50 } },
        newText: '-patched',
      },
    ]);
    const diagnostics = await client.diagnostics(uri, version);

    expect(client.published.get(uri)?.version).toBe(version);
    expect(byRule(diagnostics, 'no-privilege-escalation')).toHaveLength(1);
  });

  test('closing a document clears its diagnostics', async () => {
    const { client, folder } = await start();
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const cleared = client.diagnostics(uri);
    await client.close(uri);

    expect(await cleared).toEqual([]);
  });
});

describe('code actions', () => {
  test('quick fix applied clears its diagnostic', async () => {
    const { client, folder } = await start();
    const { uri, diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const [escalation] = byRule(diagnostics, 'no-privilege-escalation');
    const actions = await client.codeActions(uri, escalation!.range, [escalation!]);
    const fix = actions.find((action) => action.title === 'Set allowPrivilegeEscalation to false');

    expect(fix?.kind).toBe(CodeActionKind.QuickFix);
    expect(fix?.isPreferred).toBe(true);
    expect(fix?.diagnostics).toEqual([escalation]);
    expect(fix?.edit?.documentChanges?.[0]).toMatchObject({ textDocument: { uri, version: 1 } });

    const versions = await client.applyEdit(fix!.edit!);
    const after = await client.diagnostics(uri, versions.get(uri));

    expect(client.text(uri)).toContain('allowPrivilegeEscalation: false');
    expect(byRule(after, 'no-privilege-escalation')).toEqual([]);
  });

  test('suggestions are offered but not preferred', async () => {
    const { client, folder } = await start();
    const { uri, diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const [readOnly] = byRule(diagnostics, 'require-read-only-root-filesystem');
    const actions = await client.codeActions(uri, readOnly!.range, [readOnly!]);
    const suggestion = actions.find(
      (action) => action.title === 'Set readOnlyRootFilesystem to true',
    );

    expect(suggestion).toBeDefined();
    expect(suggestion!.isPreferred).toBeUndefined();
  });

  test('actions match diagnostics by data, not by message', async () => {
    const { client, folder } = await start();
    const { uri, diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const [escalation] = byRule(diagnostics, 'no-privilege-escalation');
    const reworded = { ...escalation!, message: 'A message the editor rewrote.' };
    const foreign = { ...escalation!, source: 'another-linter' };

    const matched = await client.codeActions(uri, escalation!.range, [reworded]);
    const ignored = await client.codeActions(uri, escalation!.range, [foreign]);

    expect(matched.some((action) => action.title === 'Set allowPrivilegeEscalation to false')).toBe(
      true,
    );
    expect(ignored.some((action) => action.title === 'Set allowPrivilegeEscalation to false')).toBe(
      false,
    );
  });

  test('suppression adds the annotation with a reason placeholder', async () => {
    const { client, folder } = await start();
    const { uri, diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const [escalation] = byRule(diagnostics, 'no-privilege-escalation');
    const actions = await client.codeActions(uri, escalation!.range, [escalation!]);
    const suppress = actions.find(
      (action) => action.title === 'Suppress no-privilege-escalation for Deployment "records"',
    );

    const versions = await client.applyEdit(suppress!.edit!);
    const after = await client.diagnostics(uri, versions.get(uri));

    expect(client.text(uri)).toContain(
      '  namespace: clinic\n  annotations:\n    kubeharden.io/ignore: no-privilege-escalation\n    kubeharden.io/ignore-reason: "TODO: explain why this finding is accepted"\n',
    );
    expect(byRule(after, 'no-privilege-escalation')).toEqual([]);
    expect(byRule(after, 'require-read-only-root-filesystem')).toHaveLength(1);
  });

  test('suppression extends an existing annotation', async () => {
    const { client, folder } = await start();
    const text = DEPLOYMENT.replace(
      '  namespace: clinic\n',
      '  namespace: clinic\n  annotations:\n    kubeharden.io/ignore: require-read-only-root-filesystem\n    kubeharden.io/ignore-reason: writes to its root filesystem\n',
    );
    const { uri, diagnostics } = await client.open(folder.path('deploy.yaml'), text);
    const [escalation] = byRule(diagnostics, 'no-privilege-escalation');
    const actions = await client.codeActions(uri, escalation!.range, [escalation!]);
    const suppress = actions.find((action) =>
      action.title.startsWith('Suppress no-privilege-escalation'),
    );
    await client.applyEdit(suppress!.edit!);

    expect(client.text(uri)).toContain(
      '    kubeharden.io/ignore: "require-read-only-root-filesystem,no-privilege-escalation"\n    kubeharden.io/ignore-reason: writes to its root filesystem\n',
    );
  });

  test('fix all applies every automatic fix', async () => {
    const { client, folder } = await start();
    const text = DEPLOYMENT.replace(
      '            seccompProfile:\n              type: RuntimeDefault\n',
      '',
    );
    const { uri, diagnostics } = await client.open(folder.path('deploy.yaml'), text);

    expect(byRule(diagnostics, 'require-seccomp-profile')).toHaveLength(1);
    const actions = await client.codeActions(uri, diagnostics[0]!.range, diagnostics);
    const fixAll = actions.find(
      (action) => action.title === 'Fix all kubeharden problems in this file',
    );
    const versions = await client.applyEdit(fixAll!.edit!);
    const after = await client.diagnostics(uri, versions.get(uri));

    expect(byRule(after, 'no-privilege-escalation')).toEqual([]);
    expect(byRule(after, 'require-seccomp-profile')).toEqual([]);
    expect(byRule(after, 'require-read-only-root-filesystem')).toHaveLength(1);
  });

  test('source.fixAll.kubeharden serves fix on save', async () => {
    const { client, folder } = await start();
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await client.codeActions(uri, range, [], ['source.fixAll']);

    expect(actions.map((action) => action.kind)).toEqual(['source.fixAll.kubeharden']);
    await client.applyEdit(actions[0]!.edit!);
    expect(client.text(uri)).toContain('allowPrivilegeEscalation: false');
  });

  test('edits carry the version they were computed for', async () => {
    const { client, folder } = await start();
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const line = lineOf(DEPLOYMENT, 'image:');
    const version = await client.edit(uri, [
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText: '          # pinned\n',
      },
    ]);
    // The request comes before the debounced validation of the new version has run.
    const diagnostics = await client.diagnostics(uri, version);
    const [escalation] = byRule(diagnostics, 'no-privilege-escalation');
    const actions = await client.codeActions(uri, escalation!.range, [escalation!]);

    expect(actions[0]!.edit!.documentChanges![0]).toMatchObject({ textDocument: { uri, version } });
  });
});

describe('hover', () => {
  test('explains the finding under the cursor', async () => {
    const { client, folder } = await start();
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const line = lineOf(DEPLOYMENT, 'allowPrivilegeEscalation');
    const hover = await client.hover(uri, line, 40);
    const text = (hover!.contents as { value: string }).value;

    expect(text).toContain('**no-privilege-escalation**');
    expect(text).toContain('Every container sets allowPrivilegeEscalation to false.');
    expect(text).toContain('**Why it matters.**');
    expect(text).toContain('§164.312(a)(1) Access control');
    expect(text).toContain(
      'Set securityContext.allowPrivilegeEscalation to false in each container.',
    );
    expect(hover!.range).toEqual({ start: { line, character: 38 }, end: { line, character: 42 } });
  });

  test('summarises a namespace posture', async () => {
    const policy =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: clinic\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
    const { client, folder } = await start({ 'policy.yaml': policy, 'deploy.yaml': DEPLOYMENT });
    const namespace =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n';
    const { uri } = await client.open(folder.path('ns.yaml'), namespace);
    await client.indexed();
    const hover = await client.hover(uri, 1, 3);
    const text = (hover!.contents as { value: string }).value;

    expect(text).toContain('**Namespace clinic**');
    expect(text).toContain('Pod Security: enforce baseline, audit not set, warn not set');
    expect(text).toContain('Default deny: ingress yes, egress no');
    expect(text).toContain('Workloads selected by a NetworkPolicy: 1 of 1');
  });

  test('nothing outside findings and namespaces', async () => {
    const { client, folder } = await start();
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    expect(await client.hover(uri, 0, 2)).toBeNull();
  });
});
