import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { formatPath } from '@kubeharden/core';
import type { IndexOptions } from '../src/analysis/rbac-index.js';
import { detectProblemsInDocuments } from '../src/problems/detect.js';
import type { DetectOptions, Problem } from '../src/problems/types.js';

/** Parses a multi-document YAML string into its documents. */
export function parseDocuments(text: string): unknown[] {
  return loadAll(text);
}

/** Reads and parses a multi-document YAML file. */
export function readDocuments(path: string): unknown[] {
  return parseDocuments(readFileSync(path, 'utf8'));
}

/** Returns the `# expect:` comment on the first line of a shared case file. */
export function expectation(path: string): string {
  const firstLine = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
  return firstLine.replace(/^# expect:\s*/, '');
}

/** A problem reduced to its code, the kind and name of its object and a formatted path. */
export interface ProblemSummary {
  readonly code: string;
  readonly object: string;
  readonly path: string;
}

export function summarize(problems: readonly Problem[]): ProblemSummary[] {
  return problems.map((problem) => {
    const metadata = (problem.object.metadata ?? {}) as Record<string, unknown>;
    return {
      code: problem.code,
      object: `${String(problem.object.kind)}/${String(metadata.name)}`,
      path: formatPath(problem.path),
    };
  });
}

/** Parses YAML documents and returns the summaries of their problems. */
export function problemsIn(
  yaml: string,
  options: DetectOptions & IndexOptions = {},
): ProblemSummary[] {
  return summarize(detectProblemsInDocuments(parseDocuments(yaml), options));
}
