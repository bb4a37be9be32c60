import { isPlainObject } from '@kubeharden/core';

import type { ObjectNode, ScalarType, SchemaNode } from './node.js';

/** The schemas a CustomResourceDefinition declares for the versions of its kind. */
export interface CustomResourceSchemas {
  readonly group: string;
  readonly kind: string;
  /** Converts on first use, because a CRD may declare large schemas for versions that no object uses. */
  schemaFor(version: string): SchemaNode | undefined;
  readonly versions: readonly string[];
}

const OBJECT_META: SchemaNode = { ref: 'meta/v1/ObjectMeta' };

// Schemas nest about 20 levels in practice; a deeper one is cut off and accepts anything there.
const MAX_SCHEMA_DEPTH = 64;

/**
 * Reads a CustomResourceDefinition value (apiextensions.k8s.io v1 or v1beta1). Returns
 * `undefined` when the value is not a CRD with a group and a kind.
 */
export function readCustomResourceDefinition(value: unknown): CustomResourceSchemas | undefined {
  if (
    !isPlainObject(value) ||
    value.kind !== 'CustomResourceDefinition' ||
    !isPlainObject(value.spec)
  )
    return undefined;
  const spec = value.spec;
  const names = isPlainObject(spec.names) ? spec.names : {};
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string') return undefined;

  // v1beta1 has one schema for all versions in `spec.validation`, which a version may override.
  const shared = isPlainObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const raw = new Map<string, unknown>();
  if (Array.isArray(spec.versions)) {
    for (const version of spec.versions) {
      if (!isPlainObject(version) || typeof version.name !== 'string') continue;
      const own = isPlainObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      raw.set(version.name, own ?? shared);
    }
  } else if (typeof spec.version === 'string') {
    raw.set(spec.version, shared);
  }

  const converted = new Map<string, SchemaNode | undefined>();
  return {
    group: spec.group,
    kind: names.kind,
    versions: [...raw.keys()],
    schemaFor(version) {
      if (!converted.has(version)) {
        const schema = raw.get(version);
        converted.set(version, isPlainObject(schema) ? rootNode(convert(schema, 0)) : undefined);
      }
      return converted.get(version);
    },
  };
}

/**
 * Adds what the API server checks at the root whatever the CRD declares: `metadata` is an
 * ObjectMeta, and `apiVersion` and `kind` are strings.
 */
function rootNode(node: SchemaNode): SchemaNode {
  if (typeof node !== 'object' || 'ref' in node || 'array' in node || 'enum' in node) return node;
  return {
    ...node,
    properties: { ...node.properties, apiVersion: 'string', kind: 'string', metadata: OBJECT_META },
  };
}

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

/** Converts an OpenAPI v3 schema of a structural CRD into a schema node. */
function convert(schema: unknown, depth: number): SchemaNode {
  if (!isPlainObject(schema) || depth > MAX_SCHEMA_DEPTH) return 'any';
  if (schema['x-kubernetes-int-or-string'] === true) return 'int-or-string';

  const type = schema.type;
  if (typeof type === 'string' && SCALAR_TYPES.has(type)) {
    return Array.isArray(schema.enum)
      ? { enum: schema.enum, type: type as ScalarType }
      : (type as ScalarType);
  }
  if (type === 'array')
    return { array: schema.items === undefined ? 'any' : convert(schema.items, depth + 1) };
  if (type !== 'object' && type !== undefined) return 'any';

  const preserveUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const declared = isPlainObject(schema.properties) ? schema.properties : undefined;
  // Without a type or fields, a schema only constrains values through allOf, anyOf or oneOf,
  // which this validation does not evaluate.
  if (type === undefined && declared === undefined) return 'any';

  const properties: Record<string, SchemaNode> = {};
  for (const [name, property] of Object.entries(declared ?? {}))
    properties[name] = convert(property, depth + 1);
  if (schema['x-kubernetes-embedded-resource'] === true) {
    properties.apiVersion ??= 'string';
    properties.kind ??= 'string';
    properties.metadata = OBJECT_META;
  }

  const node: { -readonly [K in keyof ObjectNode]: ObjectNode[K] } = { properties };
  const required = Array.isArray(schema.required)
    ? schema.required.filter((name) => typeof name === 'string')
    : [];
  if (required.length > 0) node.required = required;

  const additional = schema.additionalProperties;
  if (preserveUnknown || additional === true) node.map = 'any';
  else if (isPlainObject(additional)) node.map = convert(additional, depth + 1);
  return node;
}
