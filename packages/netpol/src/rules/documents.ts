import { stringifyObject, type K8sObject, type TextEdit } from '@kubeharden/core';

/**
 * Returns the edit that adds `objects` as new YAML documents right after the document that contains
 * `anchor`, each opened by a `---` line and written with the file's line breaks. Returns
 * `undefined` when that document is written in flow style or as JSON, because such a file may be
 * read by tools that expect a single JSON document.
 */
export function insertDocumentsAfter(
  anchor: K8sObject,
  objects: readonly object[],
): TextEdit[] | undefined {
  const { file, span } = anchor.document;
  const text = file.text;
  if (objects.length === 0 || isFlowDocument(text, span.start, span.end)) return undefined;

  const lineBreak = file.lineBreak;
  const needsLineBreak = span.end > 0 && text[span.end - 1] !== '\n';
  const documents = objects
    .map((object) => `---\n${stringifyObject(object)}`)
    .join('')
    .replace(/\n/g, lineBreak);
  return [{ start: span.end, end: span.end, text: (needsLineBreak ? lineBreak : '') + documents }];
}

/** True when the first content line of a document opens a flow mapping or sequence. */
function isFlowDocument(text: string, start: number, end: number): boolean {
  for (const line of text.slice(start, end).split('\n')) {
    const content = line.trim();
    if (content === '' || content.startsWith('#') || content.startsWith('%')) continue;
    return content.startsWith('{') || content.startsWith('[');
  }
  return false;
}
