import { isPlainObject, type FixProposal, type K8sObject } from '@kubeharden/core';

import type { AuditLevel } from './policy.js';

/** A rule to add: a level and the resources of one API group it applies to. */
export interface NewRule {
  readonly level: AuditLevel;
  readonly group: string;
  readonly resources: readonly string[];
  readonly verbs?: readonly string[];
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * Builds a proposal that inserts a rule before `rules[index]` of a block-style rules list, with the
 * indentation of that item. Returns `undefined` for flow-style lists and other shapes it cannot
 * edit without rewriting the list.
 */
export function insertRuleBefore(
  policy: K8sObject,
  index: number,
  rule: NewRule,
  description: string,
): FixProposal | undefined {
  const rules = policy.get(['rules']);
  const item = Array.isArray(rules) ? rules[index] : undefined;
  if (!isPlainObject(item)) return undefined;
  const firstKey = Object.keys(item)[0];
  if (firstKey === undefined) return undefined;

  const text = policy.document.file.text;
  const lineBreak = policy.document.file.lineBreak;
  const [keyStart] = policy.document.offsetsOf(
    policy.documentPath(['rules', index, firstKey]),
    'key',
  );
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const prefix = text.slice(lineStart, keyStart);
  const dash = /^(\s*)-(\s+)$/.exec(prefix);
  if (!dash) return undefined;

  const outer = dash[1]!;
  const inner = ' '.repeat(prefix.length);
  const lines = [
    `${outer}-${dash[2]!}level: ${rule.level}`,
    ...(rule.verbs ? [`${inner}verbs: [${rule.verbs.map(quote).join(', ')}]`] : []),
    `${inner}resources:`,
    `${inner}- group: ${quote(rule.group)}`,
    `${inner}  resources: [${rule.resources.map(quote).join(', ')}]`,
  ];
  return {
    description,
    edits: [{ start: lineStart, end: lineStart, text: lines.join(lineBreak) + lineBreak }],
  };
}
