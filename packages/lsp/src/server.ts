import { setDebugSink } from '@kubeharden/core';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node.js';

import { CODE_ACTION_KINDS, codeActions } from './handlers/code-actions.js';
import { hover } from './handlers/hover.js';
import { Logger } from './services/log.js';
import { Session } from './session.js';
import { VERSION } from './version.js';

/** The settings section the server reads through `workspace/configuration`. */
export const SETTINGS_SECTION = 'kubeharden';

/**
 * Starts the language server on a connection. Without one, the transport comes from the command
 * line as `vscode-languageserver` reads it: `--stdio`, `--node-ipc` or `--socket=<port>`.
 */
export function startServer(
  connection: Connection = createConnection(ProposedFeatures.all),
): Session {
  const log = new Logger(connection.console);
  // Standard output carries the protocol, so core's debug lines go to the client's log too.
  setDebugSink((line) => connection.console.log(line));
  process.on('uncaughtException', (error) => log.error('Uncaught exception', error));
  process.on('unhandledRejection', (error) => log.error('Unhandled promise rejection', error));

  const session = new Session(connection, log);
  connection.onInitialize((params) => initialize(session, params));
  connection.onInitialized(() => void initialized(session));

  session.documents.onDidOpen((event) => session.setDocument(event.document, 0));
  session.documents.onDidChangeContent((event) => {
    // Opening fires this event too, after the open scheduled an immediate validation.
    const path = session.pathOf(event.document.uri);
    if (session.validator.versionOf(path) !== event.document.version) {
      session.setDocument(event.document);
    }
  });
  session.documents.onDidClose((event) => session.closeDocument(event.document.uri));

  connection.onDidChangeConfiguration(
    (params) => void configurationChanged(session, params.settings),
  );
  connection.onDidChangeWatchedFiles((params) => {
    const changes = params.changes.map((change) => ({
      path: session.pathOf(change.uri),
      deleted: change.type === FileChangeType.Deleted,
    }));
    session
      .applyFileChanges(changes)
      .catch((error: unknown) => log.error('Cannot apply file changes', error));
  });
  connection.onCodeAction((params) =>
    guard(log, 'Code action', () => codeActions(session, params), []),
  );
  connection.onHover((params) => guard(log, 'Hover', () => hover(session, params), null));
  connection.onShutdown(() => session.stop());

  session.documents.listen(connection);
  connection.listen();
  return session;
}

async function initialize(session: Session, params: InitializeParams): Promise<InitializeResult> {
  const capabilities = params.capabilities;
  session.features = {
    configuration: capabilities.workspace?.configuration === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
    watchedFilesRegistration:
      capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    createFiles:
      capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true,
    versionedDiagnostics: capabilities.textDocument?.publishDiagnostics?.versionSupport === true,
  };
  const folders =
    params.workspaceFolders?.map((folder) => folder.uri) ??
    (params.rootUri ? [params.rootUri] : []);
  session.folders = folders
    .filter((uri) => uri.startsWith('file:'))
    .map((uri) => session.pathOf(uri));
  session.editorSettings = (params.initializationOptions as Record<string, unknown> | undefined)?.[
    SETTINGS_SECTION
  ];
  session.applySettings();

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'kubeharden-lsp', version: VERSION },
  };
}

async function initialized(session: Session): Promise<void> {
  const { connection, features, log } = session;
  log.info(
    `kubeharden language server ${VERSION} started; workspace folders: ${session.folders.join(', ') || 'none'}.`,
  );
  if (features.configuration) {
    void connection.client.register(DidChangeConfigurationNotification.type, {
      section: SETTINGS_SECTION,
    });
  }
  if (features.watchedFilesRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/.kubeharden.{yaml,yml}' }],
    });
  }
  if (features.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((folder) => session.pathOf(folder.uri)));
      const added = event.added
        .map((folder) => folder.uri)
        .filter((uri) => uri.startsWith('file:'));
      session.folders = [
        ...session.folders.filter((folder) => !removed.has(folder)),
        ...added.map((uri) => session.pathOf(uri)),
      ];
      session.applySettings();
      void session.scanWorkspace();
    });
  }
  await configurationChanged(session, undefined);
  await session.scanWorkspace();
}

/** Reads the editor's settings again and validates every open document with them. */
async function configurationChanged(session: Session, pushed: unknown): Promise<void> {
  try {
    if (session.features.configuration) {
      session.editorSettings =
        await session.connection.workspace.getConfiguration(SETTINGS_SECTION);
    } else if (pushed && typeof pushed === 'object') {
      session.editorSettings = (pushed as Record<string, unknown>)[SETTINGS_SECTION];
    }
  } catch (error) {
    session.log.error('Cannot read the editor settings', error);
  }
  const excludeChanged = session.applySettings();
  if (excludeChanged) void session.scanWorkspace();
  session.scheduleWorkspace(0);
}

/** Runs a request handler. An exception is logged, and the client receives `fallback`. */
function guard<T>(log: Logger, name: string, handler: () => T, fallback: T): T {
  try {
    return handler();
  } catch (error) {
    log.error(`${name} failed`, error);
    return fallback;
  }
}
