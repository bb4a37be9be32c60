import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import {
  IGNORE_ANNOTATION,
  type ControlArea,
  IGNORE_REASON_ANNOTATION,
  type Finding,
  type K8sObject,
  type ObjectIndex,
  type SourceFile,
  type TextEdit as OffsetEdit,
} from '@kubeharden/core';
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node.js';

import { policyActions, type PolicyAction } from '../policies/actions.js';
import { changeObject, minimalEdit } from '../services/edits.js';
import { fixAllText } from '../services/fix-all.js';
import type { Session } from '../session.js';
import { readDiagnosticData, toOffset, toTextEdit, type DiagnosticData } from './convert.js';

/** The kind of the action that applies every automatic fix of a file, for fix-on-save. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kubeharden`;

/** Text of the reason annotation a suppression starts with; the user replaces it. */
export const REASON_PLACEHOLDER = 'TODO: explain why this finding is accepted';

/** The code actions the capabilities announce. */
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.Refactor, FIX_ALL_KIND];

interface Target {
  readonly uri: string;
  readonly version: number;
  readonly file: SourceFile;
}

/** Handles `textDocument/codeAction`: fixes, suppressions, fix-all and generated policies. */
export function codeActions(session: Session, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const document = session.documents.get(uri);
  if (!document) return [];
  const run = session.ensureCurrent(uri);
  const path = session.pathOf(uri);
  const result = run?.files.get(path);
  const file = session.validator.sourceOf(path);
  if (!run || !result || !file || result.version !== document.version) return [];

  const target: Target = { uri, version: document.version, file };
  const only = params.context.only;
  const wants = (kind: string): boolean =>
    !only || only.some((entry) => kind === entry || kind.startsWith(`${entry}.`));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      const data = readDiagnosticData(diagnostic);
      const finding = data && matchFinding(result.findings, data, diagnostic, file);
      if (finding) {
        actions.push(...findingActions(session, target, run.objects, finding, diagnostic));
      }
    }
  }

  const fixable = result.findings.some((finding) => finding.fix);
  const wantsQuickFixAll =
    wants(CodeActionKind.QuickFix) &&
    params.context.diagnostics.some((diagnostic) => readDiagnosticData(diagnostic));
  if (fixable && (wantsQuickFixAll || wants(FIX_ALL_KIND))) {
    // Each pass checks the text against the rest of the workspace, which core's fixFiles, given
    // this file alone, would not.
    const fixed = fixAllText(file.text, (text) =>
      session.validator.checkText(path, text).findings.filter((finding) => finding.file === path),
    );
    const edit = minimalEdit(file.text, fixed);
    if (edit) {
      const workspaceEdit = editOf(session, target, [edit]);
      if (wantsQuickFixAll) {
        actions.push({
          title: 'Fix all kubeharden problems in this file',
          kind: CodeActionKind.QuickFix,
          edit: workspaceEdit,
        });
      }
      if (wants(FIX_ALL_KIND)) {
        actions.push({
          title: 'Fix all kubeharden problems',
          kind: FIX_ALL_KIND,
          edit: workspaceEdit,
        });
      }
    }
  }

  if (wants(CodeActionKind.QuickFix) || wants(CodeActionKind.Refactor)) {
    const object = objectAt(run.objects, path, toOffset(file, params.range.start));
    if (object) {
      const diagnostics = params.context.diagnostics;
      actions.push(
        ...generatedActions(
          session,
          target,
          run.objects,
          object,
          result.findings,
          diagnostics,
          wants,
        ),
      );
    }
  }
  return actions;
}

function findingActions(
  session: Session,
  target: Target,
  objects: ObjectIndex,
  finding: Finding,
  diagnostic: Diagnostic,
): CodeAction[] {
  const actions: CodeAction[] = [];
  if (finding.fix) {
    actions.push({
      title: finding.fix.description,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: editOf(session, target, finding.fix.edits),
    });
  }
  for (const suggestion of finding.suggestions ?? []) {
    actions.push({
      title: suggestion.description,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: editOf(session, target, suggestion.edits),
    });
  }

  const object = objectOfFinding(objects, target.file.path, finding);
  const suppression = object && suppressionEdit(object, finding.ruleId);
  if (object && suppression) {
    actions.push({
      title: `Suppress ${finding.ruleId} for ${object.kind} "${object.name ?? '<unnamed>'}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: editOf(session, target, [suppression]),
    });
  }
  return actions;
}

/** Adds the rule to the object's ignore annotation, with a reason placeholder when it has none. */
function suppressionEdit(object: K8sObject, ruleId: string): OffsetEdit | undefined {
  const existing = object.annotations[IGNORE_ANNOTATION];
  const ids =
    existing === undefined
      ? []
      : existing
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== '');
  if (ids.includes(ruleId)) return undefined;
  const changes = [
    { path: ['metadata', 'annotations', IGNORE_ANNOTATION], value: [...ids, ruleId].join(',') },
  ];
  if (!object.annotations[IGNORE_REASON_ANNOTATION]?.trim()) {
    changes.push({
      path: ['metadata', 'annotations', IGNORE_REASON_ANNOTATION],
      value: REASON_PLACEHOLDER,
    });
  }
  return changeObject(object.document.file, object.document.index, object.path, changes);
}

function generatedActions(
  session: Session,
  target: Target,
  objects: ObjectIndex,
  object: K8sObject,
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[],
  wants: (kind: string) => boolean,
): CodeAction[] {
  const findingAreas = new Set<ControlArea>();
  for (const finding of findings) {
    const area = session.validator.registry.get(finding.ruleId)?.meta.area;
    if (area && objectOfFinding(objects, object.file, finding) === object) findingAreas.add(area);
  }
  const generated = policyActions(object, {
    objects,
    findingAreas,
    settings: session.validator.settings,
    generators: session.generators,
    canCreateFiles: session.features.documentChanges && session.features.createFiles,
    fileExists: existsSync,
  });
  const actions: CodeAction[] = [];
  for (const action of generated) {
    const related = diagnostics.filter((diagnostic) =>
      resolves(session, objects, action, object, diagnostic),
    );
    const kind = related.length > 0 ? CodeActionKind.QuickFix : CodeActionKind.Refactor;
    if (!wants(kind)) continue;
    actions.push({
      title: action.title,
      kind,
      ...(related.length > 0 ? { diagnostics: related } : {}),
      edit: editOf(session, target, action.edits, action.newFile),
    });
  }
  return actions;
}

/** True when the diagnostic is a finding of the action's area about the same object. */
function resolves(
  session: Session,
  objects: ObjectIndex,
  action: PolicyAction,
  object: K8sObject,
  diagnostic: Diagnostic,
): boolean {
  const data = readDiagnosticData(diagnostic);
  if (!data) return false;
  const rule = session.validator.registry.get(data.ruleId);
  if (rule?.meta.area !== action.area || data.documentIndex !== object.document.index) return false;
  return objectOfPath(objects, object.file, data.documentIndex, data.path) === object;
}

function editOf(
  session: Session,
  target: Target,
  edits: readonly OffsetEdit[],
  newFile?: { readonly path: string; readonly text: string },
): WorkspaceEdit {
  const textEdits = edits.map((edit) => toTextEdit(target.file, edit));
  if (!session.features.documentChanges) return { changes: { [target.uri]: textEdits } };

  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  if (textEdits.length > 0) {
    documentChanges.push(
      TextDocumentEdit.create({ uri: target.uri, version: target.version }, textEdits),
    );
  }
  if (newFile) {
    const uri = pathToFileURL(newFile.path).href;
    documentChanges.push(
      CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }),
      TextDocumentEdit.create({ uri, version: null }, [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          newText: newFile.text,
        },
      ]),
    );
  }
  return { documentChanges };
}

/**
 * Finds the finding a diagnostic stands for: same rule, document and path, and the same start
 * when several findings share a path.
 */
function matchFinding(
  findings: readonly Finding[],
  data: DiagnosticData,
  diagnostic: Diagnostic,
  file: SourceFile,
): Finding | undefined {
  const path = JSON.stringify(data.path);
  const candidates = findings.filter(
    (finding) =>
      finding.ruleId === data.ruleId &&
      finding.documentIndex === data.documentIndex &&
      JSON.stringify(finding.path) === path,
  );
  const start = toOffset(file, diagnostic.range.start);
  return candidates.find((finding) => finding.range.start === start) ?? candidates[0];
}

function objectOfFinding(
  objects: ObjectIndex,
  path: string,
  finding: Finding,
): K8sObject | undefined {
  return objectOfPath(objects, path, finding.documentIndex, finding.path);
}

/** Finds the object that contains `documentPath`: the document itself, or an item of a List. */
function objectOfPath(
  objects: ObjectIndex,
  path: string,
  documentIndex: number,
  documentPath: readonly (string | number)[],
): K8sObject | undefined {
  let best: K8sObject | undefined;
  for (const object of objects.all) {
    if (object.file !== path || object.document.index !== documentIndex) continue;
    const isPrefix = object.path.every((segment, index) => documentPath[index] === segment);
    if (isPrefix && (!best || object.path.length > best.path.length)) best = object;
  }
  return best;
}

/** Finds the object whose document contains the offset; inside a List, the item that starts last before it. */
function objectAt(objects: ObjectIndex, path: string, offset: number): K8sObject | undefined {
  let best: K8sObject | undefined;
  let bestStart = -1;
  for (const object of objects.all) {
    const span = object.document.span;
    if (object.file !== path || offset < span.start || offset > span.end) continue;
    const start = object.path.length === 0 ? span.start : object.document.offsetsOf(object.path)[0];
    if (!best || (start <= offset && start > bestStart)) {
      best = object;
      bestStart = start <= offset ? start : bestStart;
    }
  }
  return best;
}
