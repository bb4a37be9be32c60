import type { ObjectRef } from '../model/object.js';
import type { Path } from '../model/path.js';
import type { SourceRange } from '../source/file.js';
import type { FixProposal, Severity } from '../rules/rule.js';

/** A located problem in a manifest, as every reporter and editor receives it. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  /** Position of the document in its file's stream, from 0. */
  readonly documentIndex: number;
  readonly object?: ObjectRef;
  /** Path from the document root to the field at fault. */
  readonly path: Path;
  readonly range: SourceRange;
  readonly hipaa: readonly string[];
  readonly fix?: FixProposal;
  readonly suggestions?: readonly FixProposal[];
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A finding that an annotation on its object silenced, with the reason given there. */
export interface SuppressedFinding extends Finding {
  readonly suppression: { readonly reason: string };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

// Code-unit order, unlike `localeCompare`, is the same on every machine whatever its locale.
function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Orders findings by file, then position, then severity, then rule id, then message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.range.start - b.range.start ||
    a.range.end - b.range.end ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}
