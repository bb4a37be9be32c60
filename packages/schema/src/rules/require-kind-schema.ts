import { apiGroupOf, defineRule, type K8sObject, type RuleContext } from '@kubeharden/core';

import { catalogFor } from '../schema/catalog.js';
import { validationOf } from '../validate/results.js';
import { DEFAULT_SCHEMA_KINDS } from './kinds.js';

export const requireKindSchema = defineRule({
  id: 'require-kind-schema',
  meta: {
    area: 'schema',
    severity: 'info',
    description:
      'Every validated kind has a schema, bundled or from a CustomResourceDefinition of the checked files.',
    remediation:
      'Correct the apiVersion of a built-in kind, or add the CustomResourceDefinition of a custom resource to the checked files.',
    rationale:
      'Objects without a schema are not validated, so misplaced or misspelt fields in them go unnoticed. The note appears once per kind and API version, on its first object.',
    hipaa: [],
    kinds: DEFAULT_SCHEMA_KINDS,
  },
  create(context: RuleContext) {
    const noted = new Set<string>();
    return {
      object(object) {
        if (validationOf(object, context.objects).schema) return;

        const key = `${object.apiVersion} ${object.kind}`;
        if (noted.has(key)) return;
        noted.add(key);
        context.report({ object, path: ['kind'], message: messageOf(object, context) });
      },
    };
  },
});

function messageOf(object: K8sObject, context: RuleContext): string {
  const bundled = catalogFor(context.objects).bundled;
  const group = apiGroupOf(object.apiVersion);
  const subject = `No schema for ${object.apiVersion} ${object.kind}`;
  if (group === '' || (bundled.hasGroup(group) && !bundled.isCustomResourceGroup(group))) {
    return `${subject}: the bundled Kubernetes schemas have no such kind in this API version, so objects of this kind are not validated.`;
  }
  return `${subject}: none is bundled and no CustomResourceDefinition of the checked files declares this version, so objects of this kind are not validated.`;
}
