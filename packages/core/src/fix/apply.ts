import type { TextEdit } from '../source/edit.js';
import type { FixProposal } from '../rules/rule.js';

export interface AppliedFixes {
  readonly output: string;
  readonly applied: readonly FixProposal[];
  /** Fixes left out because they overlapped an earlier one; a re-check finds them again. */
  readonly skipped: readonly FixProposal[];
}

function spanOf(fix: FixProposal): [number, number] {
  let start = Infinity;
  let end = -Infinity;
  for (const edit of fix.edits) {
    start = Math.min(start, edit.start);
    end = Math.max(end, edit.end);
  }
  return [start, end];
}

/**
 * Checks that the edits of one fix lie inside the text and do not overlap each other. Either
 * fault is a bug in the rule that built them.
 */
export function assertDisjoint(edits: readonly TextEdit[], textLength = Infinity): void {
  for (const edit of edits) {
    if (!(edit.start >= 0 && edit.start <= edit.end && edit.end <= textLength)) {
      throw new Error(
        `Fix edit at offsets ${edit.start}-${edit.end} is outside the text of length ${textLength} or ends before it starts; a fix must edit existing text.`,
      );
    }
  }
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1]!;
    const current = sorted[index]!;
    if (current.start < previous.end || (current.start === previous.start && current.end === previous.end)) {
      throw new Error(
        `Fix edits overlap at offsets ${previous.start}-${previous.end} and ${current.start}-${current.end}; a fix must not edit the same text twice.`,
      );
    }
  }
}

/**
 * Applies fixes to a text in order of position. A fix whose span overlaps or touches one already
 * applied is skipped, because its offsets may no longer be right. Running the rules again finds it.
 */
export function applyFixes(text: string, fixes: readonly FixProposal[]): AppliedFixes {
  const ordered = fixes
    .filter((fix) => fix.edits.length > 0)
    .map((fix) => ({ fix, span: spanOf(fix) }))
    .sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);

  const applied: FixProposal[] = [];
  const skipped: FixProposal[] = [];
  const edits: TextEdit[] = [];
  let lastEnd = -1;
  for (const { fix, span } of ordered) {
    if (span[0] <= lastEnd) {
      skipped.push(fix);
      continue;
    }
    assertDisjoint(fix.edits, text.length);
    edits.push(...fix.edits);
    applied.push(fix);
    lastEnd = span[1];
  }
  return { output: applyEdits(text, edits), applied, skipped };
}

/** Applies disjoint edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let output = '';
  let cursor = 0;
  for (const edit of sorted) {
    output += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return output + text.slice(cursor);
}
