import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type ClientCapabilities,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';

import { editorSettings } from './engine.js';
import { SECTION } from './settings.js';

/** Source that the server sets on its diagnostics. */
export const DIAGNOSTIC_SOURCE = 'kubeharden';

/**
 * Creates the client of the bundled language server (dist/server.js), started over Node IPC for
 * YAML files on disk and unsaved YAML buffers.
 */
export function createClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: log,
    initializationOptions: () => ({
      [SECTION]: editorSettings(vscode.workspace.workspaceFolders?.[0]?.uri),
    }),
    middleware: {
      workspace: {
        // The server reads the section through workspace/configuration. It gets only the settings
        // the user set, so that unset ones leave .kubeharden.yaml in charge.
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          if (!Array.isArray(values)) return values;
          return params.items.map((item, index) =>
            item.section === SECTION
              ? editorSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : values[index],
          );
        },
      },
      // Defence in depth for limited mode: the capabilities already stop the server from
      // offering new files, and this drops any action that would edit another document.
      provideCodeActions: async (document, range, context, token, next) => {
        const actions = await next(document, range, context, token);
        if (!actions || vscode.workspace.isTrusted) return actions;
        return actions.filter(
          (action) => !(action instanceof vscode.CodeAction) || editsOnly(action, document.uri),
        );
      },
    },
  };
  const client = new LanguageClient('kubeharden', 'kubeharden', serverOptions, clientOptions);
  client.registerFeature(new TrustFeature());
  return client;
}

/**
 * Removes the file operations from the client capabilities in an untrusted workspace, so the
 * server offers no action that creates a file. Granting trust restarts the client.
 */
class TrustFeature implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    if (vscode.workspace.isTrusted) return;
    const workspaceEdit = capabilities.workspace?.workspaceEdit;
    if (workspaceEdit) workspaceEdit.resourceOperations = [];
  }

  initialize(): void {}

  getState(): { kind: 'static' } {
    return { kind: 'static' };
  }

  clear(): void {}
}

function editsOnly(action: vscode.CodeAction, uri: vscode.Uri): boolean {
  if (!action.edit) return true;
  return action.edit.entries().every(([target]) => target.toString() === uri.toString());
}
