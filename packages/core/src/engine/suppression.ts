import type { K8sObject } from '../model/object.js';

export const IGNORE_ANNOTATION = 'kubeharden.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'kubeharden.io/ignore-reason';

/** The rules an object's annotations silence, and why. */
export interface Suppression {
  readonly ruleIds: readonly string[];
  readonly reason: string | undefined;
}

/** Reads the ignore annotations of an object; `undefined` when it has none. */
export function readSuppression(object: K8sObject): Suppression | undefined {
  const list = object.annotations[IGNORE_ANNOTATION];
  if (list === undefined) return undefined;
  const ruleIds = list
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const reason = object.annotations[IGNORE_REASON_ANNOTATION]?.trim();
  return { ruleIds, reason: reason === '' ? undefined : reason };
}
