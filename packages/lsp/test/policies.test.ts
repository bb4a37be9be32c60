import { afterEach, describe, expect, test } from 'vitest';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver-protocol/node.js';

import { TestClient } from './client.js';
import { DEPLOYMENT, NAMESPACE, workspace } from './fixtures.js';

const clients: TestClient[] = [];
const folders: { remove: () => void }[] = [];

async function start(files: Record<string, string> = {}) {
  const folder = workspace(files);
  folders.push(folder);
  const client = await TestClient.start({ workspace: folder.root });
  clients.push(client);
  return { client, folder };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.kill();
  for (const folder of folders.splice(0)) folder.remove();
});

const AT_KIND = { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } };

function titled(actions: CodeAction[], title: string): CodeAction {
  const action = actions.find((candidate) => candidate.title === title);
  if (!action)
    throw new Error(
      `No action "${title}" among ${JSON.stringify(actions.map((candidate) => candidate.title))}.`,
    );
  return action;
}

describe('policy insertion', () => {
  test('enforce restricted Pod Security resolves the label finding', async () => {
    const { client, folder } = await start();
    const { uri, diagnostics } = await client.open(folder.path('namespace.yaml'), NAMESPACE);
    const labels = diagnostics.filter(
      (diagnostic) => diagnostic.code === 'require-pod-security-labels',
    );
    const actions = await client.codeActions(uri, AT_KIND, diagnostics);
    const enforce = titled(actions, 'Enforce restricted Pod Security');

    expect(enforce.kind).toBe(CodeActionKind.QuickFix);
    expect(enforce.diagnostics).toEqual(labels);
    const versions = await client.applyEdit(enforce.edit!);
    const after = await client.diagnostics(uri, versions.get(uri));

    expect(client.text(uri)).toContain(
      '    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: latest\n',
    );
    expect(after.filter((diagnostic) => diagnostic.code === 'require-pod-security-labels')).toEqual(
      [],
    );
  });

  test('offered as a refactoring without a finding', async () => {
    const { client, folder } = await start();
    const { uri } = await client.open(folder.path('namespace.yaml'), NAMESPACE);
    const actions = await client.codeActions(uri, AT_KIND, [], [CodeActionKind.Refactor]);

    expect(titled(actions, 'Enforce restricted Pod Security').kind).toBe(CodeActionKind.Refactor);
  });

  test('default-deny NetworkPolicy inserted and created as a file', async () => {
    // The network rules check only namespaces with workloads, and this one's workload is in another file.
    const { client, folder } = await start({ 'deploy.yaml': DEPLOYMENT });
    await client.indexed();
    const { uri, diagnostics } = await client.open(folder.path('namespace.yaml'), NAMESPACE);
    const actions = await client.codeActions(uri, AT_KIND, diagnostics);

    const create = titled(actions, 'Create networkpolicies/clinic-default-deny.yaml');
    const changes = create.edit!.documentChanges!;
    expect(changes[0]).toMatchObject({
      kind: 'create',
      uri: `${uri.replace(/namespace\.yaml$/, '')}networkpolicies/clinic-default-deny.yaml`,
    });
    expect(changes[1]).toMatchObject({ textDocument: { version: null } });

    // The action resolves the network findings about the Namespace, and only those.
    const insert = titled(actions, 'Insert default-deny NetworkPolicy');
    const resolved = insert.diagnostics ?? [];
    expect(insert.kind).toBe(CodeActionKind.QuickFix);
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.map((diagnostic) => diagnostic.code)).not.toContain(
      'require-pod-security-labels',
    );

    const versions = await client.applyEdit(insert.edit!);
    const after = await client.diagnostics(uri, versions.get(uri));
    expect(client.text(uri)).toContain(
      `${NAMESPACE}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n`,
    );
    const remaining = after.map((diagnostic) => diagnostic.code);
    for (const diagnostic of resolved) expect(remaining).not.toContain(diagnostic.code);
    const again = await client.codeActions(uri, AT_KIND, [], [CodeActionKind.Refactor]);
    expect(again.map((action) => action.title)).not.toContain('Insert default-deny NetworkPolicy');
  });

  test('ServiceAccount generated for a workload', async () => {
    const { client, folder } = await start();
    const { uri } = await client.open(folder.path('deploy.yaml'), DEPLOYMENT);
    const actions = await client.codeActions(uri, AT_KIND, [], [CodeActionKind.Refactor]);
    const generate = actions.find((action) => action.title.startsWith('Generate ServiceAccount'));

    await client.applyEdit(generate!.edit!);
    expect(client.text(uri)).toContain('      serviceAccountName: records\n');
    expect(client.text(uri)).toContain(
      '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: records\n  namespace: clinic\n',
    );
  });

  test('encrypted Longhorn StorageClass for an unencrypted claim', async () => {
    const storageClass =
      'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\nprovisioner: kubernetes.io/no-provisioner\n';
    const { client, folder } = await start({ 'storage.yaml': storageClass });
    await client.indexed();
    const claim =
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: records-data\n  namespace: clinic\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: standard\n  resources:\n    requests:\n      storage: 10Gi\n';
    const { uri, diagnostics } = await client.open(folder.path('claim.yaml'), claim);
    const unencrypted = diagnostics.filter(
      (diagnostic) => diagnostic.code === 'require-encrypted-volumes',
    );
    expect(unencrypted).toHaveLength(1);

    const actions = await client.codeActions(uri, unencrypted[0]!.range, unencrypted);
    const longhorn = titled(actions, 'Use an encrypted Longhorn StorageClass');
    expect(longhorn.diagnostics).toEqual(unencrypted);
    const versions = await client.applyEdit(longhorn.edit!);
    const after = await client.diagnostics(uri, versions.get(uri));

    expect(client.text(uri)).toContain('  storageClassName: longhorn-encrypted\n');
    expect(client.text(uri)).toContain(
      '---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: longhorn-encrypted\n',
    );
    expect(after.filter((diagnostic) => diagnostic.code === 'require-encrypted-volumes')).toEqual(
      [],
    );
  });
});
