import type { Rule } from '@kubeharden/core';

import { DEFAULT_SCHEMA_KINDS } from './kinds.js';
import { noConflictingFields } from './no-conflicting-fields.js';
import { noUnknownFields } from './no-unknown-fields.js';
import { requireKindSchema } from './require-kind-schema.js';
import { requireRequiredFields } from './require-required-fields.js';
import { validEnumValues } from './valid-enum-values.js';
import { validFieldTypes } from './valid-field-types.js';

export { DEFAULT_SCHEMA_KINDS } from './kinds.js';
export { noConflictingFields } from './no-conflicting-fields.js';
export { noUnknownFields } from './no-unknown-fields.js';
export { requireKindSchema } from './require-kind-schema.js';
export { requireRequiredFields } from './require-required-fields.js';
export { validEnumValues } from './valid-enum-values.js';
export { validFieldTypes } from './valid-field-types.js';

export interface SchemaRuleOptions {
  /**
   * Kinds to validate: `all`, or a list of kind names. Defaults to `DEFAULT_SCHEMA_KINDS`.
   * With `all` the engine parses every document, CustomResourceDefinitions included.
   */
  readonly kinds?: readonly string[] | 'all';
}

const RULES: readonly Rule[] = [
  noUnknownFields,
  validFieldTypes,
  requireRequiredFields,
  validEnumValues,
  noConflictingFields,
  requireKindSchema,
];

/** Builds the schema rules for the given kinds; the ids and behaviour do not change. */
export function createSchemaRules(options: SchemaRuleOptions = {}): Rule[] {
  const kinds = options.kinds ?? DEFAULT_SCHEMA_KINDS;
  return RULES.map((rule) => ({ ...rule, meta: { ...rule.meta, kinds } }));
}

/** The schema rules, validating `DEFAULT_SCHEMA_KINDS`. */
export const SCHEMA_RULES: readonly Rule[] = RULES;
