// Extension-host tests: they run inside code-server's extension host with the real `vscode`
// API, loaded through the workbench's extensionTestsPath (the contract of @vscode/test-electron:
// a module exporting run()), in a trusted workspace holding the insecure example application.
import * as assert from 'node:assert/strict';

import * as vscode from 'vscode';

import { kubehardenCodes, open, runTests, waitFor, workspaceFolder, type Test } from './harness.js';

const TESTS: readonly Test[] = [
  ['server publishes rule codes', serverPublishesRuleCodes],
  ['rule setting turns rule off', ruleSettingTurnsRuleOff],
  ['pss level setting applies', pssLevelSettingApplies],
  ['insert NetworkPolicy command', insertNetworkPolicyCommand],
  ['generate RBAC command', generateRbacCommand],
  ['enforce Pod Security command', enforcePodSecurityCommand],
  ['fix all command', fixAllCommand],
  ['security layer command', securityLayerCommand],
  ['compliance summary command', complianceSummaryCommand],
  ['restart server command', restartServerCommand],
];

export function run(): Promise<void> {
  return runTests(TESTS);
}

async function serverPublishesRuleCodes(): Promise<void> {
  const { uri } = await open('api.yaml');
  const codes = await waitFor(() => {
    const found = kubehardenCodes(uri);
    return found.includes('no-privilege-escalation') ? found : undefined;
  }, 'diagnostics of api.yaml');
  assert.ok(codes.includes('no-privileged-containers'), codes.join(', '));
  assert.ok(codes.includes('require-run-as-non-root'), codes.join(', '));
}

async function ruleSettingTurnsRuleOff(): Promise<void> {
  const { uri } = await open('api.yaml');
  await waitFor(
    () => kubehardenCodes(uri).includes('no-privilege-escalation') || undefined,
    'no-privilege-escalation',
  );
  const configuration = vscode.workspace.getConfiguration('kubeharden');
  try {
    await configuration.update(
      'rules',
      { 'no-privilege-escalation': 'off' },
      vscode.ConfigurationTarget.Workspace,
    );
    await waitFor(
      () => (kubehardenCodes(uri).includes('no-privilege-escalation') ? undefined : true),
      'no-privilege-escalation to disappear',
    );
    assert.ok(kubehardenCodes(uri).includes('no-privileged-containers'), 'other rules stay on');
  } finally {
    await configuration.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitFor(
    () => kubehardenCodes(uri).includes('no-privilege-escalation') || undefined,
    'no-privilege-escalation to return',
  );
}

async function pssLevelSettingApplies(): Promise<void> {
  const { uri } = await open('api.yaml');
  await waitFor(
    () => kubehardenCodes(uri).includes('require-run-as-non-root') || undefined,
    'require-run-as-non-root',
  );
  const configuration = vscode.workspace.getConfiguration('kubeharden');
  try {
    await configuration.update('pss.level', 'baseline', vscode.ConfigurationTarget.Workspace);
    // runAsNonRoot is a restricted control; privileged containers break baseline too.
    await waitFor(
      () => (kubehardenCodes(uri).includes('require-run-as-non-root') ? undefined : true),
      'require-run-as-non-root to disappear at baseline',
    );
    assert.ok(kubehardenCodes(uri).includes('no-privileged-containers'));
  } finally {
    await configuration.update('pss.level', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitFor(
    () => kubehardenCodes(uri).includes('require-run-as-non-root') || undefined,
    'restricted again',
  );
}

async function insertNetworkPolicyCommand(): Promise<void> {
  const { document } = await open('namespaces.yaml');
  const inserted = await vscode.commands.executeCommand<boolean>('kubeharden.insertNetworkPolicy', {
    template: 'apps-to-db',
    namespace: 'clinic',
    appSelector: 'app.kubernetes.io/name=api',
    dbSelector: 'app.kubernetes.io/name=postgres',
    ports: '5432',
  });
  assert.equal(inserted, true);
  const text = document.getText();
  assert.match(text, /\n---\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\n/);
  assert.match(text, /namespace: clinic/);
  assert.match(text, /port: 5432/);
  assert.match(text, /app\.kubernetes\.io\/name: postgres/);
}

async function generateRbacCommand(): Promise<void> {
  const { document } = await open('api.yaml');
  const generated = await vscode.commands.executeCommand<boolean>('kubeharden.generateRbac', {
    workload: 'Deployment/api',
    permissions: 'get configmaps:api-config',
  });
  assert.equal(generated, true);
  const text = document.getText();
  assert.match(text, /\n {6}serviceAccountName: api\n/);
  assert.match(text, /\n {6}automountServiceAccountToken: true\n/);
  assert.match(
    text,
    /\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n {2}name: api\n {2}namespace: clinic\n/,
  );
  assert.match(text, /kind: Role\n/);
  assert.match(text, /kind: RoleBinding\n/);
  // The ServiceAccount documents come right after the Deployment, before its Service.
  assert.ok(text.indexOf('kind: ServiceAccount') < text.indexOf('kind: Service\n'));
}

async function enforcePodSecurityCommand(): Promise<void> {
  const { document } = await open('namespaces.yaml');
  const labelled = await vscode.commands.executeCommand<boolean>('kubeharden.enforcePodSecurity', {
    namespace: 'clinic',
  });
  assert.equal(labelled, true);
  const clinic = document
    .getText()
    .split('---')
    .find((part) => part.includes('name: clinic'));
  assert.ok(clinic);
  assert.match(clinic, /pod-security\.kubernetes\.io\/enforce: restricted/);
  assert.match(clinic, /pod-security\.kubernetes\.io\/enforce-version: latest/);
  assert.match(clinic, /pod-security\.kubernetes\.io\/warn: restricted/);
}

async function fixAllCommand(): Promise<void> {
  const { document, uri } = await open('gateway.yaml');
  await waitFor(
    () => kubehardenCodes(uri).includes('require-run-as-non-root') || undefined,
    'diagnostics of gateway.yaml',
  );
  const fixed = await vscode.commands.executeCommand<boolean>('kubeharden.fixAll', {
    types: ['fix', 'suggestion'],
  });
  assert.equal(fixed, true);
  const text = document.getText();
  assert.match(text, /allowPrivilegeEscalation: false/);
  assert.match(text, /runAsNonRoot: true/);
  assert.doesNotMatch(text, /hostPort/);
  const podSecurityCodes = [
    'no-privilege-escalation',
    'require-run-as-non-root',
    'require-seccomp-profile',
    'require-drop-all-capabilities',
    'no-host-ports',
  ];
  await waitFor(
    () => (kubehardenCodes(uri).some((code) => podSecurityCodes.includes(code)) ? undefined : true),
    'the Pod Security findings of gateway.yaml to disappear',
  );
}

async function securityLayerCommand(): Promise<void> {
  const folder = workspaceFolder();
  const output = await vscode.commands.executeCommand<vscode.Uri | undefined>(
    'kubeharden.generateSecurityLayer',
    { folder: folder.fsPath },
  );
  assert.ok(output, 'the command returns the written file');
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(output));
  for (const namespace of ['clinic', 'gateway']) {
    assert.match(text, new RegExp(`name: default-deny-all\\n  namespace: ${namespace}\\n`));
    assert.match(text, new RegExp(`name: allow-dns-egress\\n  namespace: ${namespace}\\n`));
  }
  // Both namespaces are declared in namespaces.yaml, so the layer adds no Namespace.
  assert.doesNotMatch(text, /kind: Namespace/);
  await vscode.workspace.fs.delete(output);
}

async function complianceSummaryCommand(): Promise<void> {
  const markdown = await vscode.commands.executeCommand<string | undefined>(
    'kubeharden.showComplianceSummary',
  );
  assert.ok(markdown, 'the command returns the markdown');
  assert.match(markdown, /164\.312/);
  assert.match(markdown, /no-privileged-containers/);
  await waitFor(
    () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((tab) => tab.label.includes('HIPAA compliance summary')),
    'the preview tab',
  );
}

async function restartServerCommand(): Promise<void> {
  const { document, uri } = await open('postgres.yaml');
  await waitFor(
    () => kubehardenCodes(uri).includes('no-host-namespaces') || undefined,
    'diagnostics of postgres.yaml',
  );
  await vscode.commands.executeCommand('kubeharden.restartServer');
  // The restarted server must still respond: an edit that removes hostNetwork clears its finding.
  const edit = new vscode.WorkspaceEdit();
  const line = document
    .getText()
    .split('\n')
    .findIndex((text) => text.includes('hostNetwork: true'));
  edit.delete(uri, new vscode.Range(line, 0, line + 1, 0));
  assert.ok(await vscode.workspace.applyEdit(edit));
  await waitFor(
    () => (kubehardenCodes(uri).includes('no-host-namespaces') ? undefined : true),
    'the new server to check the edit',
  );
}
