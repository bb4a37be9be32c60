import { defineRule, formatPath, type RuleContext } from '@kubeharden/core';

import { validationOf } from '../validate/results.js';
import { ownerName } from './describe.js';
import { DEFAULT_SCHEMA_KINDS } from './kinds.js';

export const requireRequiredFields = defineRule({
  id: 'require-required-fields',
  meta: {
    area: 'schema',
    severity: 'error',
    description: 'Every field that the schema marks as required is set.',
    remediation: 'Add the missing field under the reported parent.',
    rationale:
      'The API server rejects an object that lacks a required field, so none of its controls take effect. A required field that is missing often means that its content was written under another parent or misspelt.',
    hipaa: [],
    kinds: DEFAULT_SCHEMA_KINDS,
    limitations: [
      'Fields that Kubernetes requires only in its validation code, such as metadata.name, are not checked.',
    ],
  },
  create(context: RuleContext) {
    return {
      object(object) {
        for (const issue of validationOf(object, context.objects).issues) {
          if (issue.code !== 'missing-field') continue;

          const owner = ownerName(issue.owner, object);
          const place = issue.path.length === 0 ? '' : ` at ${formatPath(issue.path)}`;
          context.report({
            object,
            path: issue.path,
            target: 'key',
            message: `Required field "${issue.field}" is missing from ${owner}${place}.`,
            data: { field: issue.field },
          });
        }
      },
    };
  },
});
