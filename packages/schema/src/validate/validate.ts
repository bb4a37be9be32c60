import { apiGroupOf, isPlainObject, type K8sObject } from '@kubeharden/core';

import type { SchemaCatalog } from '../schema/catalog.js';
import {
  isArrayNode,
  isEnumNode,
  isRefNode,
  type ObjectNode,
  type SchemaNode,
} from '../schema/node.js';
import { EXCLUSIVE_FIELDS, type ExclusiveFields } from './exclusive.js';
import type { SchemaIssue } from './issues.js';
import { closeNames, closestName } from './names.js';
import { misplacedFieldHint, SIBLING_DEFINITIONS } from './placement.js';

/** A node with its references resolved, and the id of the definition it came from. */
interface Resolved {
  readonly node: SchemaNode;
  readonly id?: string;
}

/** Walks one object's value along its schema and collects the structural problems. */
class Validator {
  readonly issues: SchemaIssue[] = [];
  /** Set when the value contains a strategic merge patch directive such as `$patch: delete`. */
  isPatch = false;
  /** Path of the value being visited; issues take a copy. */
  readonly #path: (string | number)[] = [];
  readonly #catalog: SchemaCatalog;
  readonly #group: string;
  readonly #kind: string;

  constructor(catalog: SchemaCatalog, object: K8sObject) {
    this.#catalog = catalog;
    this.#group = apiGroupOf(object.apiVersion);
    this.#kind = object.kind;
  }

  resolve(node: SchemaNode): Resolved {
    let current = node;
    let id: string | undefined;
    // References of the bundled schemas point at definitions, never at other references, but
    // a bound keeps a broken schema file from looping.
    for (let hops = 0; isRefNode(current) && hops < 8; hops++) {
      id = current.ref;
      current = this.#catalog.definition(current.ref) ?? 'any';
    }
    return id === undefined ? { node: current } : { node: current, id };
  }

  visit(value: unknown, schema: SchemaNode, owner: string | undefined): void {
    // An explicit null is how YAML writes an unset field; the API server treats it so.
    if (value === null || value === undefined) return;
    const { node, id } = this.resolve(schema);

    if (node === 'any' || isRefNode(node)) return;
    if (typeof node === 'string') {
      if (!matchesScalar(value, node)) this.wrongType(owner, node, value);
      return;
    }
    if (isEnumNode(node)) {
      if (!matchesScalar(value, node.type ?? 'string')) {
        this.wrongType(owner, node, value);
      } else if (!node.enum.includes(value)) {
        this.issues.push({
          code: 'invalid-value',
          path: [...this.#path],
          owner,
          allowed: node.enum,
          actual: value,
        });
      }
      return;
    }
    if (isArrayNode(node)) {
      if (!Array.isArray(value)) {
        this.wrongType(owner, node, value);
        return;
      }
      for (let index = 0; index < value.length; index++) {
        this.#path.push(index);
        this.visit(value[index], node.array, owner);
        this.#path.pop();
      }
      return;
    }
    if (!isPlainObject(value)) {
      this.wrongType(owner, node, value);
      return;
    }
    this.visitObject(value, node, id);
  }

  wrongType(owner: string | undefined, expected: SchemaNode, actual: unknown): void {
    this.issues.push({ code: 'wrong-type', path: [...this.#path], owner, expected, actual });
  }

  visitObject(value: Record<string, unknown>, node: ObjectNode, id: string | undefined): void {
    const owner = node.title;
    const properties = node.properties ?? {};

    for (const key in value) {
      const child = value[key];
      const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (property === undefined && key.startsWith('$')) {
        this.isPatch = true;
        continue;
      }
      if (property === undefined && node.map === undefined) {
        this.unknownField(value, key, node, id);
        continue;
      }
      this.#path.push(key);
      this.visit(child, property ?? node.map!, owner);
      this.#path.pop();
    }

    for (const field of node.required ?? []) {
      if (value[field] === undefined || value[field] === null) {
        this.issues.push({ code: 'missing-field', path: [...this.#path], owner, field });
      }
    }

    if (id !== undefined) this.exclusiveFields(value, node, id);
  }

  unknownField(
    value: Record<string, unknown>,
    key: string,
    node: ObjectNode,
    id: string | undefined,
  ): void {
    const path = this.#path;
    const known = Object.keys(node.properties ?? {});
    const candidates = closeNames(key, known);
    const closest = closestName(key, known);
    const child = value[key];
    // A rename must not create a duplicate key, and should not trade this problem for a type error.
    const rename =
      closest !== undefined &&
      !Object.hasOwn(value, closest) &&
      this.fitsShallowly(child, node.properties![closest]!)
        ? closest
        : undefined;

    const sibling = id === undefined ? undefined : SIBLING_DEFINITIONS.get(id);
    const siblingNode = sibling ? this.resolve({ ref: sibling.sibling }).node : undefined;
    const inSibling =
      sibling !== undefined &&
      typeof siblingNode === 'object' &&
      Object.hasOwn((siblingNode as ObjectNode).properties ?? {}, key);
    const hint = inSibling ? sibling.hint : misplacedFieldHint(this.#group, this.#kind, path, key);

    this.issues.push({
      code: 'unknown-field',
      path: [...path, key],
      owner: node.title,
      candidates,
      ...(rename !== undefined ? { rename } : {}),
      ...(hint !== undefined ? { hint } : {}),
    });
  }

  /** True when a value has the outer type a schema expects, without looking inside it. */
  fitsShallowly(value: unknown, schema: SchemaNode): boolean {
    if (value === null || value === undefined) return true;
    const { node } = this.resolve(schema);
    if (node === 'any') return true;
    if (typeof node === 'string') return matchesScalar(value, node);
    if (isEnumNode(node)) return matchesScalar(value, node.type ?? 'string');
    if (isArrayNode(node)) return Array.isArray(value);
    return isPlainObject(value);
  }

  exclusiveFields(value: Record<string, unknown>, node: ObjectNode, id: string): void {
    const rule = EXCLUSIVE_FIELDS.get(id);
    if (!rule) return;

    const path = this.#path;
    const groups = exclusiveGroups(id, rule, node);
    const isSet = (field: string): boolean =>
      value[field] !== undefined && value[field] !== null && value[field] !== '';
    const setGroups = groups.filter((group) => group.some(isSet));
    if (setGroups.length < 2) return;

    const first = setGroups[0]!.filter(isSet);
    for (const group of setGroups.slice(1)) {
      for (const field of group.filter(isSet)) {
        this.issues.push({
          code: 'conflict',
          path: [...path, field],
          owner: node.title,
          field,
          conflictsWith: first,
          advice: rule.advice,
        });
      }
    }
  }
}

const eachFieldGroups = new Map<string, readonly (readonly string[])[]>();

/** Returns the field groups of an exclusivity rule, expanding `each-field` once per definition. */
function exclusiveGroups(
  id: string,
  rule: ExclusiveFields,
  node: ObjectNode,
): readonly (readonly string[])[] {
  if (rule.groups !== 'each-field') return rule.groups;
  let groups = eachFieldGroups.get(id);
  if (!groups) {
    groups = Object.keys(node.properties ?? {})
      .filter((field) => !rule.except?.includes(field))
      .map((field) => [field]);
    eachFieldGroups.set(id, groups);
  }
  return groups;
}

/** True when a scalar value has the JSON type a schema names. */
export function matchesScalar(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'int-or-string':
      // The bundled schemas do not tell IntOrString from Quantity (which takes 0.5), so any
      // number passes.
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    default:
      return true;
  }
}

/**
 * Validates an object's value against a schema and returns its problems in walk order. A
 * strategic merge patch (a value with `$patch`, `$retainKeys` or another `$` directive, as
 * kustomize reads them) lists only the fields it changes, so its missing fields are not issues.
 */
export function validateObject(
  object: K8sObject,
  schema: SchemaNode,
  catalog: SchemaCatalog,
): SchemaIssue[] {
  const validator = new Validator(catalog, object);
  validator.visit(object.value, schema, undefined);
  return validator.isPatch
    ? validator.issues.filter((issue) => issue.code !== 'missing-field')
    : validator.issues;
}
