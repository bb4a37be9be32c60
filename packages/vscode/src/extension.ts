import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { createClient } from './client.js';
import { showComplianceSummary, REPORT_SCHEME, ReportProvider } from './commands/compliance.js';
import { fixAll, type FixAllArgs } from './commands/fix-all.js';
import { insertNetworkPolicy, type InsertNetworkPolicyArgs } from './commands/network-policy.js';
import { enforcePodSecurity, type EnforcePodSecurityArgs } from './commands/pod-security.js';
import { generateRbac, type GenerateRbacArgs } from './commands/rbac.js';
import { generateSecurityLayer } from './commands/security-layer.js';
import { Engine } from './engine.js';
import { StatusBar } from './status-bar.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('kubeharden', { log: true });
  const engine = new Engine(log);
  const reports = new ReportProvider();
  const languageClient = createClient(context, log);
  client = languageClient;

  context.subscriptions.push(
    log,
    reports,
    new StatusBar(),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    command('kubeharden.insertNetworkPolicy', (args?: InsertNetworkPolicyArgs) =>
      insertNetworkPolicy(args),
    ),
    command('kubeharden.generateRbac', (args?: GenerateRbacArgs) => generateRbac(args)),
    command('kubeharden.enforcePodSecurity', (args?: EnforcePodSecurityArgs) =>
      enforcePodSecurity(engine, args),
    ),
    command('kubeharden.generateSecurityLayer', (target?: vscode.Uri | { folder?: string }) =>
      generateSecurityLayer(engine, target),
    ),
    command('kubeharden.showComplianceSummary', () => showComplianceSummary(engine, reports)),
    command('kubeharden.fixAll', (args?: FixAllArgs) => fixAll(engine, args)),
    command('kubeharden.restartServer', async () => {
      await languageClient.restart();
      log.info('The kubeharden language server restarted.');
    }),
    // The client capabilities depend on trust (see client.ts), so they are sent again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void languageClient.restart()),
  );

  await languageClient.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Registers a command whose errors are shown to the user and logged rather than lost. */
function command<A extends unknown[]>(id: string, run: (...args: A) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A) => {
    try {
      return await run(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`kubeharden: ${message}`);
      throw error;
    }
  });
}
