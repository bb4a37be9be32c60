import type { K8sObject, ObjectIndex } from '@kubeharden/core';

import { catalogFor } from '../schema/catalog.js';
import type { ResolvedSchema } from '../schema/catalog.js';
import type { SchemaIssue } from './issues.js';
import { validateObject } from './validate.js';

/** The outcome of validating one object: its schema, if any, and its problems. */
export interface ValidationResult {
  readonly schema: ResolvedSchema | undefined;
  readonly issues: readonly SchemaIssue[];
}

const results = new WeakMap<K8sObject, ValidationResult>();

/**
 * Validates an object once per run, whichever schema rule needs it first; every rule then reports
 * the issues of its own kind. With several candidate schemas (the bundled one and a CRD), the
 * first without issues wins, else the one with the fewest, and the earlier one on a tie.
 */
export function validationOf(object: K8sObject, objects: ObjectIndex): ValidationResult {
  let result = results.get(object);
  if (!result) {
    const catalog = catalogFor(objects);
    result = { schema: undefined, issues: [] };
    for (const schema of catalog.candidates(object)) {
      const issues = validateObject(object, schema.node, catalog);
      if (result.schema === undefined || issues.length < result.issues.length)
        result = { schema, issues };
      if (issues.length === 0) break;
    }
    results.set(object, result);
  }
  return result;
}
