import type {
  ConfigProblem,
  Finding,
  Severity,
  SourceFile,
  SourceRange,
  TextEdit as OffsetEdit,
} from '@kubeharden/core';
import { ruleDocsUrl } from '@kubeharden/core';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver/node.js';

// Offsets and 1-based positions of core become 0-based LSP positions here and nowhere else.
// Both count UTF-16 code units, so only the base changes.

/** Source name of every diagnostic, which editors show beside the message. */
export const DIAGNOSTIC_SOURCE = 'kubeharden';

/** Data of a diagnostic, from which a code action finds its finding again. */
export interface DiagnosticData {
  readonly ruleId: string;
  readonly documentIndex: number;
  readonly path: readonly (string | number)[];
  readonly hipaa: readonly string[];
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(range: SourceRange): Range {
  return {
    start: { line: range.startLine - 1, character: range.startColumn - 1 },
    end: { line: range.endLine - 1, character: range.endColumn - 1 },
  };
}

export function toPosition(file: SourceFile, offset: number): Position {
  const position = file.lines.position(offset);
  return { line: position.line - 1, character: position.column - 1 };
}

export function toOffset(file: SourceFile, position: Position): number {
  return Math.min(file.lines.offset(position.line + 1, position.character + 1), file.text.length);
}

export function toTextEdit(file: SourceFile, edit: OffsetEdit): TextEdit {
  return {
    range: { start: toPosition(file, edit.start), end: toPosition(file, edit.end) },
    newText: edit.text,
  };
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    documentIndex: finding.documentIndex,
    path: finding.path,
    hipaa: finding.hipaa,
  };
  return {
    range: toRange(finding.range),
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    message: finding.message,
    data,
  };
}

export function configProblemToDiagnostic(problem: ConfigProblem): Diagnostic {
  const range = problem.range
    ? toRange(problem.range)
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    range,
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
}

/** Reads the data of a kubeharden diagnostic back; `undefined` for any other diagnostic. */
export function readDiagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (
    !data ||
    typeof data.ruleId !== 'string' ||
    typeof data.documentIndex !== 'number' ||
    !Array.isArray(data.path)
  ) {
    return undefined;
  }
  return {
    ruleId: data.ruleId,
    documentIndex: data.documentIndex,
    path: data.path,
    hipaa: data.hipaa ?? [],
  };
}
