export {
  createSchemaRules,
  DEFAULT_SCHEMA_KINDS,
  noConflictingFields,
  noUnknownFields,
  requireKindSchema,
  requireRequiredFields,
  SCHEMA_RULES,
  validEnumValues,
  validFieldTypes,
  type SchemaRuleOptions,
} from './rules/index.js';
export { BundledSchemas, type SchemaSource } from './schema/bundled.js';
export { SchemaCatalog, type ResolvedSchema } from './schema/catalog.js';
export { readCustomResourceDefinition, type CustomResourceSchemas } from './schema/crd.js';
export type {
  ArrayNode,
  EnumNode,
  ObjectNode,
  RefNode,
  ScalarType,
  SchemaNode,
} from './schema/node.js';
export type { SchemaIssue } from './validate/issues.js';
export { validationOf, type ValidationResult } from './validate/results.js';
