/**
 * A schema in the compact form of `schemas/kubernetes.json`, which CRD schemas are converted to
 * as well. `any` accepts every value; `int-or-string` accepts an integer or a string, like the
 * OpenAPI `int-or-string` format and the `x-kubernetes-int-or-string` extension.
 */
export type SchemaNode = ScalarType | EnumNode | ArrayNode | ObjectNode | RefNode;

export type ScalarType = 'string' | 'number' | 'integer' | 'boolean' | 'int-or-string' | 'any';

/** A scalar restricted to listed values; `type` is `string` when absent. */
export interface EnumNode {
  readonly enum: readonly unknown[];
  readonly type?: ScalarType;
}

export interface ArrayNode {
  readonly array: SchemaNode;
}

/**
 * A mapping. `properties` are its named fields; `map` is the schema of every other key's value,
 * so an object with `map` has no unknown fields. `title` names a definition in messages.
 */
export interface ObjectNode {
  readonly title?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly map?: SchemaNode;
}

/** A reference to a definition of the bundled schemas by its id, such as `core/v1/Container`. */
export interface RefNode {
  readonly ref: string;
}

export function isRefNode(node: SchemaNode): node is RefNode {
  return typeof node === 'object' && 'ref' in node;
}

export function isArrayNode(node: SchemaNode): node is ArrayNode {
  return typeof node === 'object' && 'array' in node;
}

export function isEnumNode(node: SchemaNode): node is EnumNode {
  return typeof node === 'object' && 'enum' in node;
}

export function isObjectNode(node: SchemaNode): node is ObjectNode {
  return typeof node === 'object' && !('ref' in node) && !('array' in node) && !('enum' in node);
}
