import {
  setValueEdits,
  type FixProposal,
  type K8sObject,
  type Path,
  type TextEdit,
} from '@kubeharden/core';

/**
 * Builds one proposal that sets several fields. Fields added to the same mapping are insertions
 * at the same offset, which a fix must not contain twice, so they are joined into one insertion
 * in the order given. Returns `undefined` when any field cannot be set or edits overlap.
 */
export function setFields(
  object: K8sObject,
  fields: readonly { readonly path: Path; readonly value: unknown }[],
  description: string,
): FixProposal | undefined {
  const edits: TextEdit[] = [];
  for (const field of fields) {
    const fieldEdits = setValueEdits(object.document, object.documentPath(field.path), field.value);
    if (!fieldEdits) return undefined;
    edits.push(...fieldEdits);
  }
  const merged = mergeInsertions(edits);
  return merged ? { description, edits: merged } : undefined;
}

/** Joins insertions at one offset; returns `undefined` when other edits overlap. */
export function mergeInsertions(edits: readonly TextEdit[]): TextEdit[] | undefined {
  const result: TextEdit[] = [];
  for (const edit of edits) {
    const sameInsertion = result.findIndex(
      (other) => other.start === other.end && edit.start === edit.end && other.start === edit.start,
    );
    if (sameInsertion >= 0) {
      const other = result[sameInsertion]!;
      result[sameInsertion] = { start: other.start, end: other.end, text: other.text + edit.text };
      continue;
    }
    if (result.some((other) => overlaps(other, edit))) return undefined;
    result.push(edit);
  }
  return result;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end || b.start === b.end) {
    // An insertion collides with an edit that replaces the text around its offset.
    const insertion = a.start === a.end ? a : b;
    const other = insertion === a ? b : a;
    return other.start < insertion.start && insertion.start < other.end;
  }
  return a.start < b.end && b.start < a.end;
}
