import { defineRule, formatPath, type RuleContext } from '@kubeharden/core';

import { validationOf } from '../validate/results.js';
import { listNames, ownerName } from './describe.js';
import { DEFAULT_SCHEMA_KINDS } from './kinds.js';

export const noConflictingFields = defineRule({
  id: 'no-conflicting-fields',
  meta: {
    area: 'schema',
    severity: 'error',
    description: 'Fields that Kubernetes accepts only one at a time are not set together.',
    remediation:
      'Keep one of the fields, or split the entry into several entries as the message says.',
    rationale:
      'The API server rejects some combinations that the OpenAPI schema allows: a NetworkPolicy peer with an ipBlock and a selector, a volume with two volume types, a probe with two handlers. The rejected object never takes effect, and a reader of the manifest may believe that a peer means "this CIDR in that namespace" when Kubernetes has no such rule.',
    hipaa: [],
    kinds: DEFAULT_SCHEMA_KINDS,
    limitations: [
      'Only the combinations of the built-in kinds listed in the rule docs are checked; rules that custom resources express in CEL are not evaluated.',
    ],
  },
  create(context: RuleContext) {
    return {
      object(object) {
        for (const issue of validationOf(object, context.objects).issues) {
          if (issue.code !== 'conflict') continue;

          const parent = issue.path.slice(0, -1);
          const place = parent.length === 0 ? '' : ` at ${formatPath(parent)}`;
          context.report({
            object,
            path: issue.path,
            target: 'key',
            message: `${ownerName(issue.owner, object)}${place} sets "${issue.field}" together with ${listNames(issue.conflictsWith, 'and')}; ${issue.advice}.`,
            data: { conflictsWith: issue.conflictsWith },
          });
        }
      },
    };
  },
});
