import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { afterEach, describe, expect, test } from 'vitest';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node.js';

import { TestClient } from './client.js';
import { DEPLOYMENT, lineOf, workspace } from './fixtures.js';

const clients: TestClient[] = [];
const folders: { remove: () => void }[] = [];

async function start(files: Record<string, string>, settings: Record<string, unknown> = {}) {
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

const rules = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

/** A Namespace whose enforce label decides the Pod Security level of the Deployment's pods. */
const namespaceEnforcing = (level: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`;

describe('workspace index', () => {
  test('rules see objects of files that are not open', async () => {
    const { client, folder } = await start({ 'namespace.yaml': namespaceEnforcing('privileged') });
    await client.indexed();
    const { diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    // A privileged namespace admits any pod, so no Pod Security control is reported.
    expect(rules(diagnostics)).not.toContain('no-privilege-escalation');
    expect(rules(diagnostics)).toContain('require-read-only-root-filesystem');
  });

  test('editing one file refreshes the other open files', async () => {
    const { client, folder } = await start({ 'namespace.yaml': namespaceEnforcing('privileged') });
    await client.indexed();
    const deploy = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const namespace = await client.open(
      folder.path('namespace.yaml'),
      namespaceEnforcing('privileged'),
    );
    const line = lineOf(namespaceEnforcing('privileged'), 'enforce:');

    const refreshed = client.diagnostics(deploy.uri);
    await client.edit(namespace.uri, [
      {
        range: { start: { line, character: 40 }, end: { line, character: 50 } },
        newText: 'restricted',
      },
    ]);

    expect(rules(deploy.diagnostics)).not.toContain('no-privilege-escalation');
    expect(rules(await refreshed)).toContain('no-privilege-escalation');
  });

  test('file changes on disk update the index', async () => {
    const { client, folder } = await start({ 'namespace.yaml': namespaceEnforcing('privileged') });
    await client.indexed();
    const deploy = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    writeFileSync(folder.path('namespace.yaml'), namespaceEnforcing('restricted'));
    await client.filesChanged([
      { uri: pathToFileURL(folder.path('namespace.yaml')).href, type: FileChangeType.Changed },
    ]);
    const diagnostics = await client.diagnosticsUntil(deploy.uri, (published) =>
      rules(published).includes('no-privilege-escalation'),
    );

    expect(rules(diagnostics)).toContain('no-privilege-escalation');
    expect(client.registrations).toContain('workspace/didChangeWatchedFiles');
  });

  test('deleted files leave the index', async () => {
    const { client, folder } = await start({ 'namespace.yaml': namespaceEnforcing('privileged') });
    await client.indexed();
    const deploy = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    await client.filesChanged([
      { uri: pathToFileURL(folder.path('namespace.yaml')).href, type: FileChangeType.Deleted },
    ]);
    const diagnostics = await client.diagnosticsUntil(deploy.uri, (published) =>
      rules(published).includes('no-privilege-escalation'),
    );

    expect(rules(diagnostics)).toContain('no-privilege-escalation');
  });

  test('excluded folders are not indexed', async () => {
    const { client, folder } = await start({
      '.kubeharden.yaml': 'exclude:\n  - vendor/**\n',
      'vendor/namespace.yaml': namespaceEnforcing('privileged'),
      'node_modules/chart/namespace.yaml': namespaceEnforcing('privileged'),
    });
    await client.indexed();
    const { diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    expect(
      client.logs.some((log) => log.message.startsWith('Indexed 0 Kubernetes YAML files')),
    ).toBe(true);
    expect(rules(diagnostics)).toContain('no-privilege-escalation');
  });

  test('added workspace folder is indexed', async () => {
    const { client, folder } = await start({});
    const other = workspace({ 'namespace.yaml': namespaceEnforcing('privileged') });
    folders.push(other);
    await client.indexed();
    const deploy = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    expect(rules(deploy.diagnostics)).toContain('no-privilege-escalation');

    await client.foldersChanged([other.root], []);
    const diagnostics = await client.diagnosticsUntil(
      deploy.uri,
      (published) => !rules(published).includes('no-privilege-escalation'),
    );

    expect(rules(diagnostics)).toContain('require-read-only-root-filesystem');
  });

  test('closed buffer gives way to the file on disk', async () => {
    const { client, folder } = await start({ 'namespace.yaml': namespaceEnforcing('privileged') });
    await client.indexed();
    const deploy = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const namespace = await client.open(
      folder.path('namespace.yaml'),
      namespaceEnforcing('restricted'),
    );
    await client.diagnosticsUntil(deploy.uri, (published) =>
      rules(published).includes('no-privilege-escalation'),
    );

    await client.close(namespace.uri);
    const diagnostics = await client.diagnosticsUntil(
      deploy.uri,
      (published) => !rules(published).includes('no-privilege-escalation'),
    );

    expect(rules(diagnostics)).toContain('require-read-only-root-filesystem');
  });
});

describe('settings', () => {
  test('editor settings turn rules off and change severities', async () => {
    const { client, folder } = await start({});
    const { uri, diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    expect(
      diagnostics.find((diagnostic) => diagnostic.code === 'no-privilege-escalation')?.severity,
    ).toBe(1);

    await client.changeSettings({
      rules: { 'no-privilege-escalation': 'warning', 'require-read-only-root-filesystem': 'off' },
    });
    const changed = await client.diagnosticsUntil(
      uri,
      (published) => !rules(published).includes('require-read-only-root-filesystem'),
    );

    expect(
      changed.find((diagnostic) => diagnostic.code === 'no-privilege-escalation')?.severity,
    ).toBe(2);
  });

  test('editor settings change the Pod Security level', async () => {
    const { client, folder } = await start({});
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    await client.changeSettings({ pss: { level: 'baseline' } });
    const diagnostics = await client.diagnosticsUntil(
      uri,
      (published) => !rules(published).includes('no-privilege-escalation'),
    );

    // allowPrivilegeEscalation is a control of the restricted level only.
    expect(rules(diagnostics)).toContain('require-read-only-root-filesystem');
  });

  test('health-data scope limits the encryption rules', async () => {
    const { client, folder } = await start({});
    const claim =
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: clinic\nspec:\n  storageClassName: standard\n' +
      '---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\nprovisioner: example.com/disk\n';
    const { uri, diagnostics } = await client.open(folder.path('claim.yaml'), claim);
    expect(rules(diagnostics)).toContain('require-encrypted-volumes');

    await client.changeSettings({ healthData: { namespaces: ['records'] } });
    const outside = await client.diagnosticsUntil(
      uri,
      (published) => !rules(published).includes('require-encrypted-volumes'),
    );
    expect(rules(outside)).not.toContain('require-encrypted-volumes');

    await client.changeSettings({ healthData: { namespaces: ['clinic'] } });
    const inside = await client.diagnosticsUntil(uri, (published) =>
      rules(published).includes('require-encrypted-volumes'),
    );
    expect(rules(inside)).toContain('require-encrypted-volumes');
  });

  test('configuration file applies on open', async () => {
    const { client, folder } = await start({
      '.kubeharden.yaml': 'rules:\n  no-privilege-escalation: off\n',
    });
    const { diagnostics } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    expect(rules(diagnostics)).not.toContain('no-privilege-escalation');
    expect(rules(diagnostics)).toContain('require-read-only-root-filesystem');
  });

  test('editor settings override the configuration file', async () => {
    const { client, folder } = await start(
      { '.kubeharden.yaml': 'rules:\n  no-privilege-escalation: off\n' },
      { rules: { 'no-privilege-escalation': 'warning' } },
    );
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const diagnostics = await client.diagnosticsUntil(uri, (published) =>
      rules(published).includes('no-privilege-escalation'),
    );

    expect(
      diagnostics.find((diagnostic) => diagnostic.code === 'no-privilege-escalation')?.severity,
    ).toBe(2);
  });

  test('changed configuration file re-validates', async () => {
    const { client, folder } = await start({ '.kubeharden.yaml': 'pss:\n  level: restricted\n' });
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);

    writeFileSync(folder.path('.kubeharden.yaml'), 'rules:\n  no-privilege-escalation: off\n');
    await client.filesChanged([
      { uri: pathToFileURL(folder.path('.kubeharden.yaml')).href, type: FileChangeType.Changed },
    ]);
    const diagnostics = await client.diagnosticsUntil(
      uri,
      (published) => !rules(published).includes('no-privilege-escalation'),
    );

    expect(rules(diagnostics)).toContain('require-read-only-root-filesystem');
  });

  test('invalid configuration is reported on the file', async () => {
    const { client, folder } = await start({ '.kubeharden.yaml': 'pss:\n  level: strict\n' });
    const configUri = pathToFileURL(folder.path('.kubeharden.yaml')).href;
    const problems =
      client.published.get(configUri)?.diagnostics ?? (await client.diagnostics(configUri));

    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(
      'Invalid Pod Security level "strict"; use one of privileged, baseline, restricted.',
    );
    expect(problems[0]!.range.start).toEqual({ line: 1, character: 9 });
  });

  test('invalid editor settings are logged', async () => {
    const { client, folder } = await start({}, { pss: { level: 'strict' } });
    await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    await client.waitFor(
      () => client.logs.some((log) => log.message.includes('Invalid Pod Security level "strict"')),
      'the settings warning',
    );

    expect(client.errorLogs()).toEqual([]);
  });
});
