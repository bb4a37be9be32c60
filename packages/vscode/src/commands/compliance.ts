import {
  assessCompliance,
  findFramework,
  formatComplianceMarkdown,
  severityOf,
} from '@kubeharden/core';
import * as vscode from 'vscode';

import type { Engine } from '../engine.js';

/** URI scheme of the read-only documents that hold generated reports. */
export const REPORT_SCHEME = 'kubeharden-report';

/** Holds the text of generated reports by path, for the markdown preview to read. */
export class ReportProvider implements vscode.TextDocumentContentProvider {
  readonly #texts = new Map<string, string>();
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.#texts.set(uri.path, text);
    this.#changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.#texts.get(uri.path) ?? '';
  }

  dispose(): void {
    this.#changed.dispose();
  }
}

/**
 * "Show HIPAA compliance summary": checks the Kubernetes files of every workspace folder with
 * the rules and settings the language server uses, assesses the findings against the HIPAA
 * Security Rule with core's compliance report, and shows it in the markdown preview. Resolves to
 * the markdown.
 */
export async function showComplianceSummary(
  engine: Engine,
  reports: ReportProvider,
): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(
      'kubeharden: open a folder with Kubernetes manifests first.',
    );
    return undefined;
  }
  const framework = findFramework('hipaa');
  if (!framework) throw new Error('Missing framework "hipaa" in @kubeharden/core.');

  const sections: string[] = [];
  for (const folder of folders) {
    const { result, registry, settings } = await engine.checkFolder(folder.uri);
    const rules = registry.list().filter((rule) => severityOf(rule, settings) !== 'off');
    const report = assessCompliance(result, {
      framework,
      rules,
      generatedAt: new Date(),
      scope: folder.uri.fsPath,
      version: extensionVersion(),
    });
    sections.push(formatComplianceMarkdown(report));
  }
  const markdown = sections.join('\n\n---\n\n');
  const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/HIPAA compliance summary.md' });
  reports.set(uri, markdown);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return markdown;
}

function extensionVersion(): string {
  return (
    (
      vscode.extensions.getExtension('kubeharden.kubeharden')?.packageJSON as
        { version?: string } | undefined
    )?.version ?? 'unknown'
  );
}
