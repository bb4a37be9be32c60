import type { K8sObject } from '@kubeharden/core';

import { isArrayNode, isEnumNode, type SchemaNode } from '../schema/node.js';

// Long string values are cut in messages so that a pasted certificate does not flood the output.
const MAX_QUOTED_LENGTH = 40;

/** Quotes a string value for a message, cut to a readable length. */
export function quoteValue(value: string): string {
  const text = value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value;
  return JSON.stringify(text);
}

/** Names the definition a finding is about: its title, or the object's kind for a CRD. */
export function ownerName(owner: string | undefined, object: K8sObject): string {
  return owner ?? `the ${object.kind} schema`;
}

/** Describes what a schema expects as a noun phrase: "a string", "an integer or a string", "a list". */
export function describeExpected(node: SchemaNode): string {
  if (typeof node === 'string') return describeScalar(node);
  if (isEnumNode(node)) return describeScalar(node.type ?? 'string');
  if (isArrayNode(node)) return 'a list';
  if ('ref' in node) return 'an object';

  const title = node.title;
  const fields = Object.keys(node.properties ?? {});
  // Small definitions read best with their fields named, like ServiceBackendPort's name or number.
  if (title && fields.length > 0 && fields.length <= 3) {
    return `a ${title} object with ${fields.map((field) => `"${field}"`).join(' or ')}`;
  }
  return title ? `a ${title} object` : 'an object';
}

function describeScalar(type: string): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'int-or-string':
      return 'an integer or a string';
    default:
      return 'a string';
  }
}

/** Describes a value for messages: `integer 80`, `string "80"`, `a mapping`. */
export function describeActual(value: unknown): string {
  if (typeof value === 'string') return `string ${quoteValue(value)}`;
  if (typeof value === 'number')
    return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Joins quoted names: `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function listNames(names: readonly unknown[], conjunction: 'or' | 'and'): string {
  const quoted = names.map((name) => (typeof name === 'string' ? `"${name}"` : String(name)));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}
