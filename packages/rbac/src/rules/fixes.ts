import {
  applyEdits,
  setValueEdits,
  SourceFile,
  type FixProposal,
  type K8sObject,
  type TextEdit,
} from '@kubeharden/core';

import type { FieldEdit } from '../generate/workload.js';

/**
 * Turns field edits of an object into one proposal of text edits of its file. Each field edit
 * is computed on the text that the previous ones produced, because two keys added to the same
 * mapping would otherwise be inserted at the same offset. The result is expressed as disjoint
 * edits of the original text. Returns `undefined` when the document's shape does not allow an
 * edit, such as a scalar where a mapping is needed.
 */
export function fieldEditsProposal(
  object: K8sObject,
  fieldEdits: readonly FieldEdit[],
  description: string,
): FixProposal | undefined {
  const original = object.document.file.text;
  let document = object.document;
  let composed: TextEdit[] = [];

  for (const fieldEdit of fieldEdits) {
    const step = setValueEdits(document, object.documentPath(fieldEdit.path), fieldEdit.value);
    if (step === undefined) return undefined;

    // Edits of one step are disjoint, so composing them from the last one keeps the offsets of
    // the earlier ones valid.
    for (const edit of [...step].sort((a, b) => b.start - a.start)) {
      composed = composeEdit(composed, edit, applyEdits(original, composed));
    }

    const reparsed = new SourceFile(document.file.path, applyEdits(original, composed));
    const next = reparsed.documents[document.index];
    if (next === undefined) return undefined;
    document = next;
  }

  return composed.length === 0 ? undefined : { description, edits: composed };
}

/**
 * Adds `edit`, given in offsets of `current` (the original text with `composed` applied), to
 * `composed`, given in offsets of the original text. An edit that overlaps or touches the text
 * of a composed edit is merged with it, so the result stays disjoint.
 */
export function composeEdit(
  composed: readonly TextEdit[],
  edit: TextEdit,
  current: string,
): TextEdit[] {
  const before: TextEdit[] = [];
  const after: TextEdit[] = [];
  let shiftBefore = 0;
  let shiftMerged = 0;
  let shift = 0;
  let mergedStart = edit.start;
  let mergedEnd = edit.end;

  for (const existing of composed) {
    const start = existing.start + shift;
    const end = start + existing.text.length;
    const change = existing.text.length - (existing.end - existing.start);
    if (end < edit.start) {
      before.push(existing);
      shiftBefore += change;
    } else if (start > edit.end) {
      after.push(existing);
    } else {
      mergedStart = Math.min(mergedStart, start);
      mergedEnd = Math.max(mergedEnd, end);
      shiftMerged += change;
    }
    shift += change;
  }

  const merged: TextEdit = {
    start: mergedStart - shiftBefore,
    end: mergedEnd - shiftBefore - shiftMerged,
    text: current.slice(mergedStart, edit.start) + edit.text + current.slice(edit.end, mergedEnd),
  };
  return [...before, merged, ...after];
}
