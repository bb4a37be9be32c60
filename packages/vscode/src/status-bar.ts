import * as vscode from 'vscode';

import { DIAGNOSTIC_SOURCE } from './client.js';
import { formatStatus, type DiagnosticCounts } from './status.js';

/** The status bar item with the kubeharden diagnostics of the active file; a click opens Problems. */
export class StatusBar implements vscode.Disposable {
  readonly #item = vscode.window.createStatusBarItem(
    'kubeharden.status',
    vscode.StatusBarAlignment.Left,
    50,
  );
  readonly #subscriptions: vscode.Disposable[];

  constructor() {
    this.#item.name = 'kubeharden';
    this.#item.command = 'workbench.actions.view.problems';
    this.#subscriptions = [
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (event.uris.some((uri) => uri.toString() === active)) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId !== 'yaml') {
      this.#item.hide();
      return;
    }
    const status = formatStatus(countDiagnostics(vscode.languages.getDiagnostics(document.uri)));
    this.#item.text = status.text;
    this.#item.tooltip = status.tooltip;
    this.#item.accessibilityInformation = { label: status.label };
    this.#item.show();
  }

  dispose(): void {
    for (const subscription of this.#subscriptions) subscription.dispose();
    this.#item.dispose();
  }
}

export function countDiagnostics(diagnostics: readonly vscode.Diagnostic[]): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    if (diagnostic.severity === vscode.DiagnosticSeverity.Error) errors++;
    else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
