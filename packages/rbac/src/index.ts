export type { KubeObject, ObjectRef } from './model/objects.js';
export { formatRef } from './model/objects.js';
export type {
  AccessRequest,
  NonResourceRequest,
  PolicyRule,
  ResourceRequest,
} from './model/rules.js';
export { readPolicyRule, ruleAllows } from './model/rules.js';
export type { Identity, Subject } from './model/subjects.js';
export { formatSubject, identityOf, serviceAccountGroups } from './model/subjects.js';
export type { ResourceScope } from './model/resources.js';
export { resourceScope } from './model/resources.js';
export { matchesLabelSelector } from './model/selectors.js';

export type {
  BindingEntry,
  EffectiveRules,
  IndexOptions,
  RbacIndex,
  RoleEntry,
  RuleEntry,
  ServiceAccountEntry,
  WorkloadEntry,
} from './analysis/rbac-index.js';
export {
  buildIndex,
  effectiveRulesOf,
  findRole,
  findServiceAccount,
} from './analysis/rbac-index.js';
export type {
  AccessReview,
  Decision,
  Grant,
  UnresolvedBinding,
  WhoCanEntry,
  WhoCanResult,
} from './analysis/authorize.js';
export { canI, parseRequest, whoCan } from './analysis/authorize.js';
export type {
  NonResourcePermission,
  Permission,
  PermissionScope,
  ResourcePermission,
  SubjectPermissions,
  WorkloadPermissions,
} from './analysis/permissions.js';
export { permissionsOf, permissionsOfWorkload } from './analysis/permissions.js';
export {
  formatAccessReviewJson,
  formatAccessReviewText,
  formatGrant,
  formatPermissionsJson,
  formatPermissionsText,
  formatResource,
  formatWhoCanJson,
  formatWhoCanText,
} from './analysis/format.js';
export type { PermissionsTarget, WorkloadRef } from './analysis/arguments.js';
export { parsePermissionsTarget, parseSubject, parseWorkloadRef } from './analysis/arguments.js';

export type { DetectOptions, Problem, ProblemCode, RelatedLocation } from './problems/types.js';
export { PROBLEM_CODES, PROBLEM_DESCRIPTIONS } from './problems/types.js';
export { detectProblems, detectProblemsInDocuments } from './problems/detect.js';

export type {
  PermissionSpec,
  RoleBindingSpec,
  RoleSpec,
  ServiceAccountSpec,
} from './generate/objects.js';
export { readNamed, role, roleBinding, serviceAccount } from './generate/objects.js';
export type { FieldEdit, WorkloadRbac, WorkloadRbacOptions } from './generate/workload.js';
export { forWorkload } from './generate/workload.js';

export {
  RBAC_INDEX_KINDS,
  RBAC_KINDS,
  RBAC_RULES,
  noAdmissionWebhookChanges,
  noBindingToFullWildcardRole,
  noClusterAdminBinding,
  noClusterRoleBindingForNamespacedResources,
  noClusterRoleForNamespacedResources,
  noCsrApproval,
  noDefaultServiceAccount,
  noEscalationVerbs,
  noGlobInResourceNames,
  noIneffectiveWildcard,
  noInlineRulesOnAggregatedRole,
  noNodeProxy,
  noPodAttach,
  noPodCreate,
  noPodExec,
  noPodPortForward,
  noPublicSubjects,
  noSecretReadWithoutResourceNames,
  noServiceAccountTokenCreate,
  noSharedServiceAccount,
  noTokenAutomountWithoutPermissions,
  noUndefinedRoleRef,
  noUndefinedServiceAccount,
  noWildcardApiGroups,
  noWildcardNonResourceUrls,
  noWildcardResources,
  noWildcardVerbs,
  requireServiceAccountSubjectNamespace,
} from './rules/index.js';
export { RBAC_GENERATORS, workloadServiceAccount } from './generate/generators.js';
