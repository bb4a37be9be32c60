import {
  setValueEdits,
  type FixProposal,
  type HipaaSection,
  type K8sObject,
  type Path,
  type Rule,
  type RuleContext,
} from '@kubeharden/core';

import type { FieldEdit } from '../generate/workload.js';
import { forWorkload } from '../generate/workload.js';
import { joinWithAnd, metadataOf, stringField } from '../model/objects.js';
import { fieldEditsProposal } from './fixes.js';
import { ACCESS_SECTIONS, IDENTITY_SECTIONS, rbacRule, type Remedies } from './rbac-rule.js';

// A ServiceAccount per workload is also how a workload authenticates as itself.
const WORKLOAD_IDENTITY_SECTIONS: readonly HipaaSection[] = [...IDENTITY_SECTIONS, '164.312(d)'];

export const noDefaultServiceAccount = rbacRule({
  id: 'no-default-service-account',
  severity: 'warning',
  description: 'Workloads run as a ServiceAccount of their own instead of default.',
  remediation:
    'Create a ServiceAccount for the workload, set serviceAccountName to it, and set automountServiceAccountToken to false unless the pods call the Kubernetes API.',
  rationale:
    "Every pod that names no ServiceAccount runs as default of its namespace, so permissions granted for one workload reach all of them, and the API server's audit log cannot tell them apart.",
  hipaa: WORKLOAD_IDENTITY_SECTIONS,
  equivalents: [
    { tool: 'kube-linter', id: 'default-service-account' },
    { tool: 'kubescape', id: 'C-0189' },
  ],
  fixable: 'suggestion',
  limitations: [
    "The suggestion edits only the workload: it sets serviceAccountName to the workload's name and automountServiceAccountToken to false. A text edit of the workload cannot add objects to the manifests yet, so create the ServiceAccount with `kubeharden generate workload-service-account`.",
    'Pods that call the Kubernetes API also need a Role and a RoleBinding; `forWorkload` of @kubeharden/rbac generates them, but the command line does not yet.',
    'No suggestion is offered for a workload without metadata.name or one that is itself named default.',
  ],
  remedies: ownServiceAccount,
});

export const noSharedServiceAccount = rbacRule({
  id: 'no-shared-service-account',
  severity: 'warning',
  description:
    'Each workload runs as a ServiceAccount that no other workload of its namespace uses.',
  remediation:
    'Create one ServiceAccount per workload and bind each one only the permissions that its workload needs.',
  rationale:
    'Workloads that share a ServiceAccount share its permissions and its identity, so each one holds what all of them need, and audit records cannot tell which one acted.',
  hipaa: WORKLOAD_IDENTITY_SECTIONS,
  limitations: [
    'Workloads that run as default are reported by no-default-service-account instead.',
    'Only workloads of the same run are compared.',
  ],
});

export const noTokenAutomountWithoutPermissions = rbacRule({
  id: 'no-token-automount-without-permissions',
  severity: 'warning',
  description: 'Pods mount no API token of a ServiceAccount that no binding grants anything.',
  remediation:
    'Set automountServiceAccountToken to false on the ServiceAccount, or in the pod spec when the ServiceAccount is not in the manifests.',
  rationale:
    'A mounted token is a credential that anyone who runs code in the pod can copy and use from elsewhere. When no binding grants the ServiceAccount anything, the pods have no use for it, and a binding added later for another purpose would reach them unnoticed.',
  hipaa: ACCESS_SECTIONS,
  equivalents: [
    { tool: 'kube-linter', id: 'automount-service-account-token' },
    { tool: 'polaris', id: 'automountServiceAccountToken' },
    { tool: 'kubescape', id: 'C-0034' },
    { tool: 'kubescape', id: 'C-0190' },
  ],
  fixable: 'fix',
  limitations: [
    'Only bindings in the manifests count. Unless `completeManifests` is true, the edit is offered as a suggestion, because bindings from another source may give the ServiceAccount permissions.',
    'Tokens used outside the Kubernetes API, such as for a Vault login, are not visible; suppress the finding with a reason for such pods.',
    'The token volume also holds the cluster CA certificate and the namespace file, which pods lose with the token.',
    'When the pod spec leaves the setting to a ServiceAccount of the manifests, the finding is on the ServiceAccount.',
  ],
  remedies: turnOffAutomount,
});

export const noUndefinedServiceAccount = rbacRule({
  id: 'no-undefined-service-account',
  severity: 'warning',
  description: 'Bindings and workloads name ServiceAccounts that the manifests define.',
  remediation: 'Add the ServiceAccount to the manifests or correct the name.',
  rationale:
    'The API server rejects pods that name a missing ServiceAccount, so the workload never starts. A binding that names a missing ServiceAccount grants its permissions to whoever later creates a ServiceAccount of that name.',
  hipaa: IDENTITY_SECTIONS,
  equivalents: [{ tool: 'kube-linter', id: 'non-existent-service-account' }],
  limitations: [
    'Runs only when `completeManifests` is true in the configuration, because otherwise the ServiceAccount may come from another source.',
    'The ServiceAccount default and every ServiceAccount of kube-system count as defined.',
  ],
});

/** Rules about the ServiceAccounts that workloads run as. */
export const WORKLOAD_RULES: readonly Rule[] = [
  noDefaultServiceAccount,
  noSharedServiceAccount,
  noTokenAutomountWithoutPermissions,
  noUndefinedServiceAccount,
];

/** Suggests running the workload as a ServiceAccount named after it, without an API token. */
function ownServiceAccount(object: K8sObject, _problem: unknown, context: RuleContext): Remedies {
  const name = stringField(metadataOf(object.value), 'name');
  if (name === undefined || name === 'default') return {};

  const namespace = object.namespace ?? context.settings.defaultNamespace;
  let edits: readonly FieldEdit[];
  try {
    edits = forWorkload(object.value, { namespace }).edits;
  } catch {
    // forWorkload rejects names and namespaces that are not valid object names; such a
    // workload is reported without a suggestion.
    return {};
  }

  const proposal = fieldEditsProposal(object, edits, `Set ${describeEdits(edits)}`);
  return proposal === undefined ? {} : { suggestions: [proposal] };
}

/** Sets automountServiceAccountToken to false where the finding is: ServiceAccount or pod spec. */
function turnOffAutomount(object: K8sObject, _problem: unknown, context: RuleContext): Remedies {
  const path: Path =
    object.kind === 'ServiceAccount'
      ? ['automountServiceAccountToken']
      : [...(object.podTemplate?.spec ?? []), 'automountServiceAccountToken'];
  const edits = setValueEdits(object.document, object.documentPath(path), false);
  if (edits === undefined) return {};

  const proposal: FixProposal = { description: 'Set automountServiceAccountToken to false', edits };
  return context.settings.completeManifests ? { fix: proposal } : { suggestions: [proposal] };
}

/** Describes edits as `serviceAccountName to 'web' and automountServiceAccountToken to false`. */
function describeEdits(edits: readonly FieldEdit[]): string {
  return joinWithAnd(
    edits.map(({ path, value }) => {
      const field = String(path[path.length - 1]);
      return `${field} to ${typeof value === 'string' ? `'${value}'` : String(value)}`;
    }),
  );
}
