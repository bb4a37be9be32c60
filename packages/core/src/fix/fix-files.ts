import type { Settings } from '../config/settings.js';
import type { Finding } from '../engine/finding.js';
import { check } from '../engine/run.js';
import type { RuleRegistry } from '../rules/registry.js';
import type { FixProposal } from '../rules/rule.js';
import { SourceFile, type DocumentCache } from '../source/file.js';
import { applyFixes } from './apply.js';

/** Kind of edit `fixFiles` applies: a fix keeps behaviour, a suggestion alters it. */
export type FixType = 'fix' | 'suggestion';

export interface FixFilesOptions {
  readonly registry: RuleRegistry;
  readonly settings?: Settings;
  /** `['fix']` by default; with `suggestion`, the first suggestion of each finding is applied too. */
  readonly types?: readonly FixType[];
  /** Passes of check-and-apply; each pass applies what the previous one skipped as overlapping. */
  readonly maxPasses?: number;
}

export interface FixFilesResult {
  /** New text of every file that changed, by path. */
  readonly changed: ReadonlyMap<string, string>;
  /** Number of fixes applied, over all passes. */
  readonly appliedCount: number;
  /** Findings after the last pass. */
  readonly remaining: readonly Finding[];
  readonly passes: number;
}

const DEFAULT_MAX_PASSES = 10;

/** Picks the edit a finding contributes under the chosen fix types. */
export function chosenFix(finding: Finding, types: readonly FixType[]): FixProposal | undefined {
  if (finding.fix && types.includes('fix')) return finding.fix;
  if (types.includes('suggestion')) return finding.suggestions?.[0];
  return undefined;
}

/**
 * Applies the fixes of findings to the texts of files, re-checking after each pass, until no
 * fix is left or `maxPasses` is reached. Works on texts only; writing files is the caller's job.
 */
export function fixFiles(
  files: ReadonlyMap<string, string>,
  options: FixFilesOptions,
): FixFilesResult {
  const types = options.types ?? ['fix'];
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  const texts = new Map(files);
  const cache: DocumentCache = new Map();
  let appliedCount = 0;
  let passes = 0;
  let findings: readonly Finding[] = [];

  for (;;) {
    const sources = [...texts].map(([path, text]) => new SourceFile(path, text, { cache }));
    findings = check(sources, { registry: options.registry, ...(options.settings ? { settings: options.settings } : {}) }).findings;
    if (passes >= maxPasses) break;

    const byFile = new Map<string, FixProposal[]>();
    for (const finding of findings) {
      const fix = chosenFix(finding, types);
      if (!fix) continue;
      const list = byFile.get(finding.file);
      if (list) list.push(fix);
      else byFile.set(finding.file, [fix]);
    }

    let progressed = false;
    for (const [path, fixes] of byFile) {
      const text = texts.get(path);
      if (text === undefined) continue;
      const { output, applied } = applyFixes(text, dedupe(fixes));
      if (output !== text) {
        texts.set(path, output);
        appliedCount += applied.length;
        progressed = true;
      }
    }
    passes++;
    if (!progressed) break;
  }

  const changed = new Map<string, string>();
  for (const [path, text] of texts) {
    if (files.get(path) !== text) changed.set(path, text);
  }
  return { changed, appliedCount, remaining: findings, passes };
}

/** Drops fixes whose edits are identical to an earlier one, such as one pod-level edit shared by containers. */
function dedupe(fixes: readonly FixProposal[]): FixProposal[] {
  const seen = new Set<string>();
  const unique: FixProposal[] = [];
  for (const fix of fixes) {
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(fix);
  }
  return unique;
}
