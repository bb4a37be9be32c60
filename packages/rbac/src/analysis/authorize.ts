import type { Path } from '@kubeharden/core';
import type { ObjectRef } from '../model/objects.js';
import { compareStrings } from '../model/objects.js';
import { builtInGroupOf } from '../model/resources.js';
import type { AccessRequest, ResourceRequest } from '../model/rules.js';
import { ruleAllows } from '../model/rules.js';
import type { Identity, Subject } from '../model/subjects.js';
import { bindingSubjectApplies, identityOf, subjectOfBindingSubject } from '../model/subjects.js';
import type { BindingEntry, RbacIndex, RuleEntry } from './rbac-index.js';
import { effectiveRulesOf } from './rbac-index.js';

/** One way a permission is granted: a binding, the role it references and one rule. */
export interface Grant {
  readonly binding: ObjectRef;
  /** Index in the binding's `subjects` of the entry that matches. */
  readonly subjectIndex: number;
  /** The role the binding references. */
  readonly role: ObjectRef;
  /** The role whose `rules` contain the rule: another ClusterRole when `role` is aggregated. */
  readonly ruleRole: ObjectRef;
  /** Path of the rule relative to `ruleRole`: `rules[2]`. */
  readonly rulePath: Path;
}

/** A binding that applies but whose rules are not, or only partly, known from the manifests. */
export interface UnresolvedBinding {
  readonly binding: ObjectRef;
  readonly roleRef: { readonly kind: string; readonly name: string } | undefined;
  readonly reason: string;
}

/**
 * `unknown` when no known rule allows the request but a binding that applies references a
 * role whose rules the manifests do not define.
 */
export type Decision = 'allowed' | 'denied' | 'unknown';

export interface AccessReview {
  readonly subject: Subject;
  readonly request: AccessRequest;
  readonly decision: Decision;
  /** Every rule that allows the request, although the authorizer stops at the first one. */
  readonly grants: readonly Grant[];
  readonly unresolved: readonly UnresolvedBinding[];
}

export interface WhoCanEntry {
  readonly subject: Subject;
  readonly grants: readonly Grant[];
}

export interface WhoCanResult {
  readonly request: AccessRequest;
  readonly subjects: readonly WhoCanEntry[];
  /** Bindings in scope whose rules are not known, so their subjects may be allowed as well. */
  readonly unresolved: readonly UnresolvedBinding[];
}

/** A binding that applies to an identity, with the rules it grants. */
export interface AppliedBinding {
  readonly binding: BindingEntry;
  readonly subjectIndex: number;
  readonly rules: readonly RuleEntry[];
  /** Present when the rules are missing or only partly known. */
  readonly unresolved: UnresolvedBinding | undefined;
}

/**
 * Set of bindings to visit. `cluster` means ClusterRoleBindings only, which are all that a
 * request without a namespace reaches. A namespace adds the RoleBindings of that namespace,
 * and `all` means every binding.
 */
export type BindingScope = { readonly namespace: string } | 'cluster' | 'all';

/** Lists the bindings that apply to an identity, in input order, as the authorizer visits them. */
export function applicableBindings(
  index: RbacIndex,
  identity: Identity,
  scope: BindingScope,
): AppliedBinding[] {
  const applied: AppliedBinding[] = [];
  for (const binding of bindingsInScope(index, scope)) {
    const bindingNamespace = binding.ref.kind === 'RoleBinding' ? binding.ref.namespace : undefined;
    const subject = binding.subjects.find((candidate) =>
      bindingSubjectApplies(identity, candidate, bindingNamespace),
    );
    if (subject === undefined) continue;

    const { rules, unresolved } = rulesOfBinding(index, binding);
    applied.push({ binding, subjectIndex: subject.index, rules, unresolved });
  }
  return applied;
}

/**
 * Decides whether `subject` may make a request, and lists every rule that allows it.
 * `resource` is `pods`, `pods/exec`, `deployments.apps`, `deployments.apps/scale`, or a path
 * such as `/healthz` for a non-resource request. A resource without a group is looked up among
 * the built-in resources and the CustomResourceDefinitions of the manifests, as kubectl does.
 * `namespace` is absent for cluster-scoped resources and requests across all namespaces.
 */
export function canI(
  index: RbacIndex,
  subject: Subject,
  verb: string,
  resource: string,
  namespace?: string,
  name?: string,
): AccessReview {
  const request = parseRequest(index, verb, resource, namespace, name);
  const grants: Grant[] = [];
  const unresolved: UnresolvedBinding[] = [];

  const applied = applicableBindings(index, identityOf(subject), scopeOfRequest(request));
  for (const { binding, subjectIndex, rules, unresolved: missing } of applied) {
    if (missing !== undefined) unresolved.push(missing);
    for (const rule of rules) {
      if (ruleAllows(rule.rule, request)) grants.push(grantOf(binding, subjectIndex, rule));
    }
  }

  let decision: Decision = 'denied';
  if (grants.length > 0) decision = 'allowed';
  else if (unresolved.length > 0) decision = 'unknown';
  return { subject, request, decision, grants, unresolved };
}

/** Lists the subjects of the bindings that allow a request, each with the rules that allow it. */
export function whoCan(
  index: RbacIndex,
  verb: string,
  resource: string,
  namespace?: string,
  name?: string,
): WhoCanResult {
  const request = parseRequest(index, verb, resource, namespace, name);
  const entries = new Map<string, { subject: Subject; grants: Grant[] }>();
  const unresolved: UnresolvedBinding[] = [];

  for (const binding of bindingsInScope(index, scopeOfRequest(request))) {
    const { rules, unresolved: missing } = rulesOfBinding(index, binding);
    if (missing !== undefined) unresolved.push(missing);
    const allowing = rules.filter((rule) => ruleAllows(rule.rule, request));
    if (allowing.length === 0) continue;

    const bindingNamespace = binding.ref.kind === 'RoleBinding' ? binding.ref.namespace : undefined;
    for (const bindingSubject of binding.subjects) {
      const subject = subjectOfBindingSubject(bindingSubject, bindingNamespace);
      if (subject === undefined) continue;

      const key = subjectSortKey(subject);
      const entry = entries.get(key) ?? { subject, grants: [] };
      entries.set(key, entry);
      for (const rule of allowing) entry.grants.push(grantOf(binding, bindingSubject.index, rule));
    }
  }

  const subjects = [...entries.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, entry]) => entry);
  return { request, subjects, unresolved };
}

/**
 * Builds the request the authorizer would see. A request for one Namespace object carries that
 * namespace, because the API server reads `/api/v1/namespaces/<name>` as a request in
 * namespace `<name>`. A RoleBinding there can therefore grant access to its own Namespace.
 */
export function parseRequest(
  index: RbacIndex,
  verb: string,
  resource: string,
  namespace?: string,
  name?: string,
): AccessRequest {
  if (verb === '') throw new Error('Missing verb: pass a verb such as get, list or create.');
  if (resource.startsWith('/')) return { type: 'non-resource', verb, path: resource };

  const slash = resource.indexOf('/');
  const resourceWithGroup = slash < 0 ? resource : resource.slice(0, slash);
  const subresource = slash < 0 ? undefined : resource.slice(slash + 1);
  const dot = resourceWithGroup.indexOf('.');
  const plural = dot < 0 ? resourceWithGroup : resourceWithGroup.slice(0, dot);
  const apiGroup = dot < 0 ? groupOfBareResource(index, plural) : resourceWithGroup.slice(dot + 1);
  if (plural === '' || subresource === '') {
    throw new Error(
      `Invalid resource '${resource}': write it as resource[.group][/subresource], for example pods/exec or deployments.apps.`,
    );
  }

  let requestNamespace = namespace;
  if (apiGroup === '' && plural === 'namespaces' && name !== undefined) requestNamespace = name;

  const request: ResourceRequest = {
    type: 'resource',
    verb,
    apiGroup,
    resource: plural,
    ...(subresource === undefined ? {} : { subresource }),
    ...(name === undefined ? {} : { name }),
    ...(requestNamespace === undefined ? {} : { namespace: requestNamespace }),
  };
  return request;
}

/** Returns the rules a binding grants, or why they are not known. */
export function rulesOfBinding(
  index: RbacIndex,
  binding: BindingEntry,
): { rules: readonly RuleEntry[]; unresolved: UnresolvedBinding | undefined } {
  const roleRef =
    binding.roleRef === undefined
      ? undefined
      : { kind: binding.roleRef.kind, name: binding.roleRef.name };
  if (binding.role === undefined) {
    const reason = binding.unresolvedReason ?? 'The referenced role is not defined.';
    return { rules: [], unresolved: { binding: binding.ref, roleRef, reason } };
  }

  const effective = effectiveRulesOf(index, binding.role);
  if (effective.complete) return { rules: effective.rules, unresolved: undefined };

  const reason = `Built-in ${binding.role.ref.kind} '${binding.role.ref.name}' has rules that the manifests do not show, so only the rules it aggregates from the manifests are known.`;
  return { rules: effective.rules, unresolved: { binding: binding.ref, roleRef, reason } };
}

export function grantOf(binding: BindingEntry, subjectIndex: number, rule: RuleEntry): Grant {
  return {
    binding: binding.ref,
    subjectIndex,
    role: binding.role?.ref ?? rule.role.ref,
    ruleRole: rule.role.ref,
    rulePath: rule.rulePath,
  };
}

function bindingsInScope(index: RbacIndex, scope: BindingScope): BindingEntry[] {
  return index.bindings.filter((binding) => {
    if (binding.ref.kind === 'ClusterRoleBinding' || scope === 'all') return true;
    if (scope === 'cluster') return false;
    return binding.ref.namespace === scope.namespace;
  });
}

function scopeOfRequest(request: AccessRequest): BindingScope {
  if (request.type === 'non-resource' || request.namespace === undefined) return 'cluster';
  return { namespace: request.namespace };
}

function groupOfBareResource(index: RbacIndex, resource: string): string {
  const builtIn = builtInGroupOf(resource);
  if (builtIn !== undefined) return builtIn;

  for (const key of index.customResourceScopes.keys()) {
    const slash = key.indexOf('/');
    if (key.slice(slash + 1) === resource) return key.slice(0, slash);
  }
  return '';
}

const SUBJECT_KIND_ORDER: Record<Subject['kind'], number> = {
  User: 0,
  Group: 1,
  ServiceAccount: 2,
};

function subjectSortKey(subject: Subject): string {
  const namespace = subject.kind === 'ServiceAccount' ? subject.namespace : '';
  return `${SUBJECT_KIND_ORDER[subject.kind]}/${namespace}/${subject.name}`;
}
