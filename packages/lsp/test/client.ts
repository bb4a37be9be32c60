import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node.js';

/** The built server, as the package's executable runs it. */
export const SERVER_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const WAIT_MS = 20_000;

export const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['quickfix', 'refactor', 'source.fixAll'] },
      },
      isPreferredSupport: true,
    },
    hover: { contentFormat: ['markdown'] },
  },
};

export interface StartOptions {
  readonly workspace?: string;
  /** The `kubeharden` section returned for `workspace/configuration` requests. */
  readonly settings?: Record<string, unknown>;
  readonly capabilities?: ClientCapabilities;
}

interface Waiter {
  readonly uri: string;
  readonly version: number | undefined;
  readonly resolve: (params: PublishDiagnosticsParams) => void;
}

/** A language client over the real server process's standard input and output. */
export class TestClient {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly logs: { type: MessageType; message: string }[] = [];
  readonly protocolErrors: unknown[] = [];
  readonly registrations: string[] = [];
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly texts = new Map<string, { version: number; text: string }>();
  stderr = '';
  settings: Record<string, unknown>;
  initializeResult: InitializeResult | undefined;
  #waiters: Waiter[] = [];

  private constructor(settings: Record<string, unknown>) {
    this.settings = settings;
    this.process = spawn(process.execPath, [SERVER_MAIN, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onError((error) => this.protocolErrors.push(error));
    this.connection.onNotification(LogMessageNotification.type, (params) => this.logs.push(params));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.set(params.uri, params);
      for (const waiter of [...this.#waiters]) {
        if (waiter.uri !== params.uri) continue;
        if (waiter.version !== undefined && (params.version ?? -1) < waiter.version) continue;
        this.#waiters = this.#waiters.filter((entry) => entry !== waiter);
        waiter.resolve(params);
      }
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map(() => this.settings),
    );
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      for (const registration of params.registrations) this.registrations.push(registration.method);
    });
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, () => ({ applied: false }));
    this.connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const client = new TestClient(options.settings ?? {});
    const folder = options.workspace ? pathToFileURL(options.workspace).href : null;
    client.initializeResult = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: folder ? [{ uri: folder, name: 'workspace' }] : null,
      capabilities: options.capabilities ?? CAPABILITIES,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Waits for diagnostics of `uri` published for `version` or later. */
  diagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`No diagnostics for ${uri} version ${version} within ${WAIT_MS} ms.`)),
        WAIT_MS,
      );
      this.#waiters.push({
        uri,
        version,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params.diagnostics);
        },
      });
    });
  }

  /** Waits until the diagnostics of `uri` satisfy `predicate`, whatever the version. */
  async diagnosticsUntil(
    uri: string,
    predicate: (diagnostics: Diagnostic[]) => boolean,
  ): Promise<Diagnostic[]> {
    const current = this.published.get(uri);
    if (current && predicate(current.diagnostics)) return current.diagnostics;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `Diagnostics of ${uri} never matched; last: ${JSON.stringify(this.published.get(uri)?.diagnostics)}`,
        );
      const next = await Promise.race([
        this.diagnostics(uri),
        sleep(remaining).then(() => undefined),
      ]);
      if (next && predicate(next)) return next;
    }
  }

  /** Polls until `predicate` holds, for state the server reports only in its log. */
  async waitFor(predicate: () => boolean, description: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}.`);
      await sleep(10);
    }
  }

  /** Waits for the log line that ends the scan of the workspace folders. */
  indexed(): Promise<void> {
    return this.waitFor(
      () => this.logs.some((log) => log.message.startsWith('Indexed ')),
      'the workspace index',
    );
  }

  /** Opens a document and returns the diagnostics of its first version. */
  async open(path: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = pathToFileURL(path).href;
    this.texts.set(uri, { version: 1, text });
    const diagnostics = this.diagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
    return { uri, diagnostics: await diagnostics };
  }

  /** Replaces the whole text of a document; returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    const current = this.texts.get(uri)!;
    const version = current.version + 1;
    this.texts.set(uri, { version, text });
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Sends incremental edits, applying them to the client's copy too; returns the new version. */
  async edit(uri: string, edits: readonly TextEdit[]): Promise<number> {
    const current = this.texts.get(uri)!;
    let text = current.text;
    for (const edit of edits) text = applyTextEdits(text, [edit]);
    const version = current.version + 1;
    this.texts.set(uri, { version, text });
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: edits.map((edit) => ({ range: edit.range, text: edit.newText })),
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  /** Applies a workspace edit the way an editor does; returns the new version of each edited open document. */
  async applyEdit(edit: WorkspaceEdit): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) continue;
      const uri = change.textDocument.uri;
      const current = this.texts.get(uri);
      if (!current) continue;
      if (change.textDocument.version !== null && change.textDocument.version !== current.version) {
        throw new Error(
          `Edit for version ${change.textDocument.version} of ${uri}, which is at ${current.version}.`,
        );
      }
      const text = applyTextEdits(current.text, change.edits as TextEdit[]);
      versions.set(uri, await this.replace(uri, text));
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const current = this.texts.get(uri);
      if (current) versions.set(uri, await this.replace(uri, applyTextEdits(current.text, edits)));
    }
    return versions;
  }

  text(uri: string): string {
    return this.texts.get(uri)!.text;
  }

  codeActions(
    uri: string,
    range: Range,
    diagnostics: Diagnostic[],
    only?: string[],
  ): Promise<CodeAction[]> {
    return this.connection
      .sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics, ...(only ? { only } : {}) },
      })
      .then((actions) => (actions ?? []) as CodeAction[]);
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character },
    });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { kubeharden: settings },
    });
  }

  async foldersChanged(added: string[], removed: string[]): Promise<void> {
    const folder = (path: string) => ({ uri: pathToFileURL(path).href, name: path });
    await this.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: added.map(folder), removed: removed.map(folder) },
    });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Resident memory of the server process in MB, from /proc. */
  residentMemoryMb(): number {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    const kilobytes = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return kilobytes / 1024;
  }

  /** Sends `shutdown` and `exit` and returns the exit code of the process. */
  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) =>
      this.process.once('exit', (code) => resolve(code)),
    );
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await Promise.race([exited, sleep(WAIT_MS).then(() => 'timeout' as const)]);
    this.connection.dispose();
    if (code === 'timeout') {
      this.process.kill();
      throw new Error('The server did not exit within the wait after shutdown and exit.');
    }
    return code;
  }

  /** Ends the process without the protocol, for clean-up after a failed test. */
  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
    this.connection.dispose();
  }

  errorLogs(): string[] {
    return this.logs.filter((log) => log.type === MessageType.Error).map((log) => log.message);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + character, text.length);
}

/** Applies LSP text edits, all relative to the same text, as an editor does. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits
    .map((edit) => ({
      start: offsetAt(text, edit.range.start.line, edit.range.start.character),
      end: offsetAt(text, edit.range.end.line, edit.range.end.character),
      text: edit.newText,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of resolved)
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
