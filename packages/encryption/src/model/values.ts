import {
  isPlainObject,
  type FixProposal,
  type K8sObject,
  type Path,
  setValueEdits,
} from '@kubeharden/core';

/** Returns `value` when it is a mapping, else an empty one. */
export function recordOf(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

/** Returns `value` when it is a sequence, else an empty one. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Returns `value` when it is a string, else `undefined`. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Returns the API group of an object, `''` for the core group. */
export function groupOf(object: K8sObject): string {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0 ? '' : object.apiVersion.slice(0, slash);
}

/** True when the object has the kind and belongs to the API group. */
export function isKind(object: K8sObject, group: string, kind: string): boolean {
  return object.kind === kind && groupOf(object) === group;
}

/** Renders a value for a message the way YAML shows it: strings quoted, others as they are. */
export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Builds a proposal that sets the field at an object-relative path, or `undefined` if the shape forbids it. */
export function setField(
  object: K8sObject,
  path: Path,
  value: unknown,
  description: string,
): FixProposal | undefined {
  const edits = setValueEdits(object.document, object.documentPath(path), value);
  return edits ? { description, edits } : undefined;
}

/** Drops the proposals that could not be built. */
export function compact(proposals: readonly (FixProposal | undefined)[]): FixProposal[] {
  return proposals.filter((proposal): proposal is FixProposal => proposal !== undefined);
}

/** Reads a rule option of type string list, rejecting other shapes with a message that names the key. */
export function stringListOption(
  options: unknown,
  key: string,
  fallback: readonly string[],
): readonly string[] {
  const value = recordOf(options)[key];
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new Error(`Option "${key}" must be a list of strings, got ${show(value)}.`);
  }
  return value;
}

/** Reads a rule option of type number, rejecting other shapes with a message that names the key. */
export function numberOption(options: unknown, key: string, fallback: number): number {
  const value = recordOf(options)[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`Option "${key}" must be a number, got ${show(value)}.`);
  }
  return value;
}

/** Reads a rule option of type boolean, rejecting other shapes with a message that names the key. */
export function booleanOption(options: unknown, key: string, fallback: boolean): boolean {
  const value = recordOf(options)[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new Error(`Option "${key}" must be true or false, got ${show(value)}.`);
  return value;
}

/** Reads a rule option of type string, rejecting other shapes with a message that names the key. */
export function stringOption(options: unknown, key: string, fallback: string): string {
  const value = recordOf(options)[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string')
    throw new Error(`Option "${key}" must be a string, got ${show(value)}.`);
  return value;
}

// Strings that Go's strconv.ParseBool reads as true; Longhorn and the EBS CSI driver parse
// parameters.encrypted with it.
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** True for a string that Go's strconv.ParseBool reads as true. */
export function isGoTrue(value: unknown): boolean {
  return typeof value === 'string' && GO_TRUE.has(value);
}
