import {
  containersOf,
  defineRule,
  formatPath,
  getAt,
  removeFieldEdits,
  renameKeyEdits,
  setValueEdits,
  type FixProposal,
  type K8sObject,
  type Path,
  type RuleContext,
  type TextEdit,
} from '@kubeharden/core';

import type { UnknownFieldIssue } from '../validate/issues.js';
import { validationOf } from '../validate/results.js';
import { listNames, ownerName } from './describe.js';
import { DEFAULT_SCHEMA_KINDS } from './kinds.js';

export const noUnknownFields = defineRule({
  id: 'no-unknown-fields',
  meta: {
    area: 'schema',
    severity: 'error',
    description: 'Objects set only fields that their schema defines at that place.',
    remediation:
      'Correct the field name, or move the field to the parent that defines it; the message names the likely field or place.',
    rationale:
      'A field the schema does not define does nothing: kubectl and the API server reject the object under strict field validation, and otherwise drop the field with at most a warning. A hardening control written under the wrong parent, such as allowPrivilegeEscalation in the pod securityContext, or misspelt, such as metadata.annotation, leaves the workload unprotected while the manifest looks right.',
    hipaa: [],
    fixable: 'fix',
    kinds: DEFAULT_SCHEMA_KINDS,
    limitations: [
      'Objects of kinds outside the validated list are not checked unless every kind is validated (see the package README).',
      'A custom resource is checked against a CustomResourceDefinition only when the engine reads that CRD: when the CRD sits in a file that also holds an object of a validated kind, or when every kind is validated.',
    ],
  },
  create(context: RuleContext) {
    return {
      object(object) {
        for (const issue of validationOf(object, context.objects).issues) {
          if (issue.code !== 'unknown-field') continue;

          const fix =
            issue.rename === undefined ? undefined : renameFix(object, issue.path, issue.rename);
          const suggestion = moveSuggestion(object, issue);
          context.report({
            object,
            path: issue.path,
            target: 'key',
            message: messageOf(object, issue),
            ...(fix ? { fix } : {}),
            ...(suggestion ? { suggestions: [suggestion] } : {}),
            data: { candidates: issue.candidates },
          });
        }
      },
    };
  },
});

function messageOf(object: K8sObject, issue: UnknownFieldIssue): string {
  const problem = `Unknown field ${formatPath(issue.path)}: ${ownerName(issue.owner, object)} has no such field`;
  if (issue.hint) return `${problem}; ${issue.hint.advice}.`;
  if (issue.candidates.length > 0)
    return `${problem} (did you mean ${listNames(issue.candidates, 'or')}?).`;
  return `${problem}.`;
}

function renameFix(object: K8sObject, path: Path, name: string): FixProposal | undefined {
  const edits = renameKeyEdits(object.document, object.documentPath(path), name);
  const current = path[path.length - 1];
  return edits ? { description: `Rename "${String(current)}" to "${name}"`, edits } : undefined;
}

/**
 * Suggests moving a security setting between the pod's securityContext and those of its
 * containers. Containers that already set the field keep their own value.
 */
function moveSuggestion(object: K8sObject, issue: UnknownFieldIssue): FixProposal | undefined {
  const belongsTo = issue.hint?.belongsTo;
  const field = issue.path[issue.path.length - 1];
  if (
    typeof field !== 'string' ||
    (belongsTo !== 'container-security-context' && belongsTo !== 'pod-security-context')
  ) {
    return undefined;
  }
  const value = object.get(issue.path);
  const removal = removeFieldEdits(object.document, object.documentPath(issue.path));
  if (!removal) return undefined;

  const edits: TextEdit[] = [...removal];
  if (belongsTo === 'container-security-context') {
    // issue.path is <pod spec>.securityContext.<field>.
    const specPath = issue.path.slice(0, -2);
    const containers = containersOf(object.get(specPath), specPath);
    if (containers.length === 0) return undefined;
    for (const container of containers) {
      if (getAt(container.value, ['securityContext', field]) !== undefined) continue;
      const set = setValueEdits(
        object.document,
        object.documentPath([...container.path, 'securityContext', field]),
        value,
      );
      if (!set) return undefined;
      edits.push(...set);
    }
    return disjoint(edits)
      ? { description: `Move ${field} to the securityContext of each container`, edits }
      : undefined;
  }

  // issue.path is <pod spec>.<container list>.<index>.securityContext.<field>.
  const specPath = issue.path.slice(0, -4);
  if (object.get([...specPath, 'securityContext', field]) !== undefined) return undefined;
  const set = setValueEdits(
    object.document,
    object.documentPath([...specPath, 'securityContext', field]),
    value,
  );
  if (!set) return undefined;
  edits.push(...set);
  return disjoint(edits)
    ? { description: `Move ${field} to the securityContext of the pod`, edits }
    : undefined;
}

/**
 * True when no two edits touch, which the engine requires of the edits of one proposal.
 * NOTE: when the removed field is the last line of the pod spec and the pod's securityContext
 * must be created after it, the two edits touch and the suggestion is left out.
 */
function disjoint(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  return sorted.every((edit, index) => index === 0 || edit.start > sorted[index - 1]!.end);
}
