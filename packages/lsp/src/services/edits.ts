import {
  applyEdits,
  SourceFile,
  setValueEdits,
  type Path,
  type SourceDocument,
  type TextEdit,
} from '@kubeharden/core';

/** A value to set at a path of an object, relative to the object root. */
export interface FieldChange {
  readonly path: Path;
  readonly value: unknown;
}

const DEFAULT_INDENT = 2;

/** Returns the smallest single edit that turns `before` into `after`, keeping their common prefix and suffix. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < shorter - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  return { start, end: before.length - end, text: after.slice(start, after.length - end) };
}

/** Returns the document at stream position `index`, or `undefined` when the file has none there. */
export function documentAt(file: SourceFile, index: number): SourceDocument | undefined {
  return file.documents.find((document) => document.index === index);
}

/**
 * Sets several fields of one object and returns the result as one edit of the original text.
 * Each change is computed on the text the previous one produced, because the edits of core
 * are minimal text edits against one version and two of them may create the same parent.
 * Returns `undefined` when a change does not fit the document's shape.
 */
export function changeObject(
  file: SourceFile,
  documentIndex: number,
  objectPath: Path,
  changes: readonly FieldChange[],
): TextEdit | undefined {
  let current = file;
  for (const change of changes) {
    const document = documentAt(current, documentIndex);
    if (!document) return undefined;
    const edits = setValueEdits(document, [...objectPath, ...change.path], change.value);
    if (!edits) return undefined;
    current = new SourceFile(file.path, applyEdits(current.text, edits));
  }
  return minimalEdit(file.text, current.text);
}

/** Reads the indentation step a document uses for nested mappings from its first nested line. */
export function indentStepOf(file: SourceFile, documentIndex: number): number {
  const document = documentAt(file, documentIndex) ?? file.documents[0];
  if (!document) return DEFAULT_INDENT;
  const lines = file.text.slice(document.span.start, document.span.end).split('\n');
  let parentIsKey = false;
  for (const line of lines) {
    const content = line.trim();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (parentIsKey && indent > 0 && !content.startsWith('-')) return indent;
    parentIsKey = indent === 0 && /:\s*(#.*)?\r?$/.test(line);
  }
  return DEFAULT_INDENT;
}

/**
 * Renders objects as YAML documents with the given indentation step. The text comes from core's
 * edit layer, so generated YAML quotes strings such as "yes" for YAML 1.1 the way fixes do.
 */
export function renderDocuments(
  objects: readonly unknown[],
  indent: number,
  lineBreak: '\n' | '\r\n',
): string[] {
  const padding = ' '.repeat(indent);
  return objects.map((object) => {
    // A scratch document whose nested mapping sits `indent` columns deep, which is the step
    // core's edits derive from the surrounding text.
    const scratch = new SourceFile('<generated>', `root:\n${padding}placeholder: null\n`);
    const edits = setValueEdits(scratch.documents[0]!, ['root'], object);
    if (!edits) {
      throw new Error(`Cannot render generated object ${JSON.stringify(object)} as YAML.`);
    }
    const lines = applyEdits(scratch.text, edits).split('\n').slice(1);
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return (
      lines.map((line) => (line.startsWith(padding) ? line.slice(indent) : line)).join(lineBreak) +
      lineBreak
    );
  });
}

/**
 * Returns the edit that inserts objects as new documents right after document `documentIndex`,
 * each after a `---` separator line, in the indentation and line breaks of the file.
 */
export function insertDocumentsAfter(
  file: SourceFile,
  documentIndex: number,
  objects: readonly unknown[],
): TextEdit | undefined {
  const document = documentAt(file, documentIndex);
  if (!document) return undefined;
  const lineBreak = file.lineBreak;
  const rendered = renderDocuments(objects, indentStepOf(file, documentIndex), lineBreak);
  const at = document.span.end;
  const needsBreak = at > 0 && file.text[at - 1] !== '\n';
  const text =
    (needsBreak ? lineBreak : '') + rendered.map((body) => `---${lineBreak}${body}`).join('');
  return { start: at, end: at, text };
}

/** Renders the text of a new file with the objects, one document each. */
export function newFileText(objects: readonly unknown[], indent = DEFAULT_INDENT): string {
  return renderDocuments(objects, indent, '\n').join('---\n');
}
