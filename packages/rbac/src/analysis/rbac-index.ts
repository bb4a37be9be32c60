import { getAt, podTemplateLocation, type Path } from '@kubeharden/core';
import {
  BOOTSTRAP_LABELS,
  BUILT_IN_CLUSTER_ROLES,
  FULLY_KNOWN_BUILT_IN_ROLES,
} from '../model/builtins.js';
import type { Located, ObjectRef } from '../model/objects.js';
import {
  RBAC_GROUP,
  compareStrings,
  groupOfApiVersion,
  isRecord,
  labelsOf,
  locateItems,
  metadataOf,
  refKey,
  stringField,
} from '../model/objects.js';
import type { ResourceScope } from '../model/resources.js';
import { resourceKey } from '../model/resources.js';
import type { PolicyRule } from '../model/rules.js';
import { readPolicyRule } from '../model/rules.js';
import { matchesLabelSelector } from '../model/selectors.js';
import type { BindingSubject } from '../model/subjects.js';

export interface IndexOptions {
  /**
   * Namespace of namespaced objects that name none, as `kubectl apply` without `-n` would
   * place them. Defaults to `default`.
   */
  readonly defaultNamespace?: string;
}

/** A Role or ClusterRole, from the manifests or built into every cluster. */
export interface RoleEntry extends Located {
  readonly ref: ObjectRef & { readonly kind: 'Role' | 'ClusterRole' };
  /** False when a Role names no namespace and got the default one. */
  readonly namespaceExplicit: boolean;
  readonly labels: ReadonlyMap<string, string>;
  /** Rules as written. An aggregated ClusterRole's effective rules are in `RbacIndex.effectiveRules`. */
  readonly rules: readonly RuleEntry[];
  /** `aggregationRule.clusterRoleSelectors` of an aggregated ClusterRole, else `undefined`. */
  readonly aggregationSelectors: readonly unknown[] | undefined;
  readonly builtIn: boolean;
  /** False for a built-in role whose own rules are not modelled here. */
  readonly rulesKnown: boolean;
}

/** One entry of a role's `rules` list. */
export interface RuleEntry {
  readonly role: RoleEntry;
  readonly index: number;
  /** Path relative to the role: `rules[2]`. */
  readonly rulePath: Path;
  /** Path relative to the document object, which differs from `rulePath` inside a `List`. */
  readonly path: Path;
  readonly rule: PolicyRule;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The rules a role grants once ClusterRole aggregation has run. */
export interface EffectiveRules {
  readonly rules: readonly RuleEntry[];
  /** False when part of the rules come from built-in roles that are not modelled. */
  readonly complete: boolean;
}

export interface RoleRefValue {
  readonly kind: string;
  readonly name: string;
  /** Path of the `roleRef` mapping, relative to the document object. */
  readonly path: Path;
}

/** A RoleBinding or ClusterRoleBinding with its role reference resolved. */
export interface BindingEntry extends Located {
  readonly ref: ObjectRef & { readonly kind: 'RoleBinding' | 'ClusterRoleBinding' };
  /** False when a RoleBinding names no namespace and got the default one. */
  readonly namespaceExplicit: boolean;
  readonly roleRef: RoleRefValue | undefined;
  readonly subjects: readonly BindingSubject[];
  /** The referenced role, when the manifests or the built-in roles define it. */
  readonly role: RoleEntry | undefined;
  /** Why `role` is missing: a sentence for reports. */
  readonly unresolvedReason: string | undefined;
}

/** A boolean field and the path of its value, relative to the document object. */
export interface BooleanField {
  readonly value: boolean;
  readonly path: Path;
}

export interface ServiceAccountEntry extends Located {
  readonly ref: ObjectRef & { readonly namespace: string };
  readonly namespaceExplicit: boolean;
  readonly automountServiceAccountToken: BooleanField | undefined;
}

/** An object with a pod template, and the ServiceAccount its pods run as. */
export interface WorkloadEntry extends Located {
  readonly ref: ObjectRef & { readonly namespace: string };
  readonly namespaceExplicit: boolean;
  /** Path of the pod spec, relative to the document object. The spec may be absent. */
  readonly podSpecPath: Path;
  readonly podSpec: Readonly<Record<string, unknown>> | undefined;
  /** ServiceAccount the pods run as: the one named in the pod spec, or `default`. */
  readonly serviceAccountName: string;
  /** Path of the field that names the ServiceAccount, absent when the pod spec names none. */
  readonly serviceAccountNamePath: Path | undefined;
  readonly automountServiceAccountToken: BooleanField | undefined;
}

export interface RbacIndex {
  /** The documents the index was built from, in input order. */
  readonly documents: readonly unknown[];
  readonly defaultNamespace: string;
  /** Roles and ClusterRoles of the manifests, in input order. */
  readonly roles: readonly RoleEntry[];
  readonly bindings: readonly BindingEntry[];
  readonly serviceAccounts: readonly ServiceAccountEntry[];
  readonly workloads: readonly WorkloadEntry[];
  /** Scopes of custom resources from the CustomResourceDefinitions of the manifests. */
  readonly customResourceScopes: ReadonlyMap<string, ResourceScope>;
  /** Roles by `refKey`, including the built-in ClusterRoles the manifests do not redefine. */
  readonly rolesByKey: ReadonlyMap<string, RoleEntry>;
  readonly effectiveRules: ReadonlyMap<RoleEntry, EffectiveRules>;
}

export const DEFAULT_NAMESPACE = 'default';

const UNMODELLED_BUILT_IN_LABELS: ReadonlyMap<string, string> = new Map(
  Object.entries(BOOTSTRAP_LABELS),
);

/**
 * Builds the index of RBAC objects, ServiceAccounts, workloads and CustomResourceDefinitions
 * from parsed documents. Other objects and values that are not mappings are skipped. When
 * two objects have the same kind, namespace and name, the later one wins, as it would when
 * applied in order.
 */
export function buildIndex(documents: readonly unknown[], options: IndexOptions = {}): RbacIndex {
  const defaultNamespace = options.defaultNamespace ?? DEFAULT_NAMESPACE;
  const roles: RoleEntry[] = [];
  const bindingItems: Located[] = [];
  const serviceAccounts: ServiceAccountEntry[] = [];
  const workloads: WorkloadEntry[] = [];
  const customResourceScopes = new Map<string, ResourceScope>();

  for (const document of documents) {
    for (const located of locateItems(document)) {
      const group = groupOfApiVersion(located.item.apiVersion);
      const kind = located.item.kind;
      if (group === undefined || typeof kind !== 'string') continue;

      if (group === RBAC_GROUP && (kind === 'Role' || kind === 'ClusterRole')) {
        roles.push(readRole(located, kind, defaultNamespace, false));
      } else if (
        group === RBAC_GROUP &&
        (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')
      ) {
        bindingItems.push(located);
      } else if (group === '' && kind === 'ServiceAccount') {
        serviceAccounts.push(readServiceAccount(located, defaultNamespace));
      } else if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') {
        readCustomResourceScope(located.item, customResourceScopes);
      } else {
        const workload = readWorkload(located, kind, defaultNamespace);
        if (workload !== undefined) workloads.push(workload);
      }
    }
  }

  const rolesByKey = new Map<string, RoleEntry>();
  for (const builtIn of BUILT_IN_CLUSTER_ROLES) {
    const role = readRole({ object: builtIn, path: [], item: builtIn }, 'ClusterRole', '', true);
    rolesByKey.set(refKey(role.ref), role);
  }
  for (const role of roles) rolesByKey.set(refKey(role.ref), role);

  const effectiveRules = resolveAggregation([...rolesByKey.values()]);
  const bindings = bindingItems.map((located) =>
    readBinding(located, defaultNamespace, rolesByKey),
  );

  return {
    documents,
    defaultNamespace,
    roles,
    bindings,
    serviceAccounts,
    workloads,
    customResourceScopes,
    rolesByKey,
    effectiveRules,
  };
}

/** Returns the rules a role grants after aggregation. */
export function effectiveRulesOf(index: RbacIndex, role: RoleEntry): EffectiveRules {
  return index.effectiveRules.get(role) ?? { rules: role.rules, complete: role.rulesKnown };
}

export function findRole(
  index: RbacIndex,
  kind: 'Role' | 'ClusterRole',
  name: string,
  namespace?: string,
): RoleEntry | undefined {
  const ref: ObjectRef = kind === 'Role' ? { kind, name, namespace } : { kind, name };
  return index.rolesByKey.get(refKey(ref));
}

export function findServiceAccount(
  index: RbacIndex,
  namespace: string,
  name: string,
): ServiceAccountEntry | undefined {
  let found: ServiceAccountEntry | undefined;
  for (const entry of index.serviceAccounts) {
    if (entry.ref.namespace === namespace && entry.ref.name === name) found = entry;
  }
  return found;
}

function nameOf(item: unknown): string {
  return stringField(metadataOf(item), 'name') ?? '';
}

function namespaceOf(
  item: unknown,
  defaultNamespace: string,
): { namespace: string; explicit: boolean } {
  const namespace = stringField(metadataOf(item), 'namespace');
  return namespace === undefined
    ? { namespace: defaultNamespace, explicit: false }
    : { namespace, explicit: true };
}

function readRole(
  located: Located,
  kind: 'Role' | 'ClusterRole',
  defaultNamespace: string,
  builtIn: boolean,
): RoleEntry {
  const name = nameOf(located.item);
  const { namespace, explicit } = namespaceOf(located.item, defaultNamespace);
  const ref = kind === 'Role' ? { kind, name, namespace } : { kind, name };

  const aggregationRule = kind === 'ClusterRole' ? located.item.aggregationRule : undefined;
  let aggregationSelectors: unknown[] | undefined;
  if (isRecord(aggregationRule)) {
    const selectors = aggregationRule.clusterRoleSelectors;
    aggregationSelectors = Array.isArray(selectors) ? selectors : [];
  }

  const rules: RuleEntry[] = [];
  const role: RoleEntry = {
    ...located,
    ref,
    namespaceExplicit: kind === 'ClusterRole' || explicit,
    labels: labelsOf(located.item),
    rules,
    aggregationSelectors,
    builtIn,
    rulesKnown: !builtIn || FULLY_KNOWN_BUILT_IN_ROLES.has(name),
  };

  const rawRules = located.item.rules;
  if (Array.isArray(rawRules)) {
    rawRules.forEach((raw: unknown, index) => {
      if (!isRecord(raw)) return;
      rules.push({
        role,
        index,
        rulePath: ['rules', index],
        path: [...located.path, 'rules', index],
        rule: readPolicyRule(raw),
        raw,
      });
    });
  }
  return role;
}

function readBinding(
  located: Located,
  defaultNamespace: string,
  rolesByKey: ReadonlyMap<string, RoleEntry>,
): BindingEntry {
  const kind: BindingEntry['ref']['kind'] =
    located.item.kind === 'RoleBinding' ? 'RoleBinding' : 'ClusterRoleBinding';
  const name = nameOf(located.item);
  const { namespace, explicit } = namespaceOf(located.item, defaultNamespace);
  const ref: BindingEntry['ref'] =
    kind === 'RoleBinding' ? { kind, name, namespace } : { kind, name };

  const rawRoleRef = located.item.roleRef;
  const roleRef: RoleRefValue | undefined = isRecord(rawRoleRef)
    ? {
        kind: stringField(rawRoleRef, 'kind') ?? '',
        name: stringField(rawRoleRef, 'name') ?? '',
        path: [...located.path, 'roleRef'],
      }
    : undefined;

  const subjects: BindingSubject[] = [];
  const rawSubjects = located.item.subjects;
  if (Array.isArray(rawSubjects)) {
    rawSubjects.forEach((raw: unknown, index) => {
      if (!isRecord(raw)) return;
      const subjectNamespace = stringField(raw, 'namespace');
      subjects.push({
        kind: stringField(raw, 'kind') ?? '',
        name: stringField(raw, 'name') ?? '',
        ...(subjectNamespace === undefined ? {} : { namespace: subjectNamespace }),
        index,
        path: [...located.path, 'subjects', index],
      });
    });
  }

  const { role, reason } = resolveRoleRef(kind, namespace, roleRef, rolesByKey);
  return {
    ...located,
    ref,
    namespaceExplicit: kind === 'ClusterRoleBinding' || explicit,
    roleRef,
    subjects,
    role,
    unresolvedReason: reason,
  };
}

/**
 * Finds the role a binding references. A RoleBinding's `Role` is the Role of that name in the
 * binding's own namespace. A ClusterRoleBinding may reference only a ClusterRole.
 */
function resolveRoleRef(
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding',
  bindingNamespace: string,
  roleRef: RoleRefValue | undefined,
  rolesByKey: ReadonlyMap<string, RoleEntry>,
): { role: RoleEntry | undefined; reason: string | undefined } {
  if (roleRef === undefined || roleRef.name === '') {
    return { role: undefined, reason: 'The binding has no roleRef name.' };
  }

  let ref: ObjectRef;
  if (roleRef.kind === 'ClusterRole') {
    ref = { kind: 'ClusterRole', name: roleRef.name };
  } else if (roleRef.kind === 'Role' && bindingKind === 'RoleBinding') {
    ref = { kind: 'Role', name: roleRef.name, namespace: bindingNamespace };
  } else {
    return {
      role: undefined,
      reason: `A ${bindingKind} cannot reference kind '${roleRef.kind}'.`,
    };
  }

  const role = rolesByKey.get(refKey(ref));
  if (role !== undefined) return { role, reason: undefined };

  const where = ref.namespace === undefined ? '' : ` in namespace '${ref.namespace}'`;
  return {
    role: undefined,
    reason: `${ref.kind} '${ref.name}'${where} is not defined in the manifests.`,
  };
}

function readServiceAccount(located: Located, defaultNamespace: string): ServiceAccountEntry {
  const { namespace, explicit } = namespaceOf(located.item, defaultNamespace);
  const automount = located.item.automountServiceAccountToken;
  return {
    ...located,
    ref: { kind: 'ServiceAccount', name: nameOf(located.item), namespace },
    namespaceExplicit: explicit,
    automountServiceAccountToken:
      typeof automount === 'boolean'
        ? { value: automount, path: [...located.path, 'automountServiceAccountToken'] }
        : undefined,
  };
}

function readWorkload(
  located: Located,
  kind: string,
  defaultNamespace: string,
): WorkloadEntry | undefined {
  const apiVersion = located.item.apiVersion;
  if (typeof apiVersion !== 'string') return undefined;
  const location = podTemplateLocation(apiVersion, kind);
  if (location === undefined) return undefined;

  const { namespace, explicit } = namespaceOf(located.item, defaultNamespace);
  const podSpecPath = [...located.path, ...location.spec];
  const rawSpec = getAt(located.item, location.spec);
  const podSpec = isRecord(rawSpec) ? rawSpec : undefined;

  // The API server copies the deprecated `serviceAccount` into `serviceAccountName` when
  // only the former is set.
  let serviceAccountName = 'default';
  let serviceAccountNamePath: Path | undefined;
  for (const field of ['serviceAccountName', 'serviceAccount']) {
    const value = stringField(podSpec, field);
    if (value !== undefined) {
      serviceAccountName = value;
      serviceAccountNamePath = [...podSpecPath, field];
      break;
    }
  }

  const automount = podSpec?.automountServiceAccountToken;
  return {
    ...located,
    ref: { kind, name: nameOf(located.item), namespace },
    namespaceExplicit: explicit,
    podSpecPath,
    podSpec,
    serviceAccountName,
    serviceAccountNamePath,
    automountServiceAccountToken:
      typeof automount === 'boolean'
        ? { value: automount, path: [...podSpecPath, 'automountServiceAccountToken'] }
        : undefined,
  };
}

function readCustomResourceScope(
  item: Readonly<Record<string, unknown>>,
  scopes: Map<string, ResourceScope>,
): void {
  const spec = item.spec;
  if (!isRecord(spec)) return;
  const group = stringField(spec, 'group');
  const plural = stringField(spec.names, 'plural');
  const scope = spec.scope;
  if (group === undefined || plural === undefined) return;
  if (scope === 'Namespaced' || scope === 'Cluster') scopes.set(resourceKey(group, plural), scope);
}

/**
 * Computes the rules of every aggregated ClusterRole as the aggregation controller of
 * kube-controller-manager converges to: the union of the current rules of every other
 * ClusterRole that one of its selectors matches. Inline rules of an aggregated role are
 * replaced. Aggregated roles may select each other, so the union is repeated until nothing
 * changes. It starts from empty rules, which decides cycles.
 */
function resolveAggregation(roles: readonly RoleEntry[]): Map<RoleEntry, EffectiveRules> {
  const clusterRoles = roles
    .filter((role) => role.ref.kind === 'ClusterRole')
    .sort((a, b) => compareStrings(a.ref.name, b.ref.name));
  const effective = new Map<RoleEntry, EffectiveRules>();
  const aggregated: RoleEntry[] = [];
  for (const role of roles) {
    if (role.aggregationSelectors === undefined) {
      effective.set(role, { rules: role.rules, complete: role.rulesKnown });
    } else {
      effective.set(role, { rules: [], complete: role.rulesKnown });
      aggregated.push(role);
    }
  }

  // Each pass can only add rules, and a chain of aggregated roles needs one pass per link.
  for (let pass = 0; pass <= aggregated.length; pass++) {
    let changed = false;
    for (const role of aggregated) {
      const next = aggregate(role, clusterRoles, effective);
      const current = effective.get(role);
      if (current === undefined || !sameRules(current, next)) {
        effective.set(role, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return effective;
}

function aggregate(
  role: RoleEntry,
  clusterRoles: readonly RoleEntry[],
  effective: ReadonlyMap<RoleEntry, EffectiveRules>,
): EffectiveRules {
  // The controller drops a rule equal to one it already took from another role. Here both
  // are kept, so that a grant names every rule behind it. Decisions do not change.
  const rules: RuleEntry[] = [];
  const seen = new Set<RuleEntry>();
  let complete = role.rulesKnown;

  // NOTE: an invalid selector makes the controller fail and keep the old rules. Recent API
  // servers reject such a ClusterRole, so here the selector simply selects nothing.
  for (const selector of role.aggregationSelectors ?? []) {
    // A selector that matches the bootstrap label also takes the rules of built-in roles
    // that are not modelled here, such as the system: roles.
    if (matchesLabelSelector(selector, UNMODELLED_BUILT_IN_LABELS) === true) complete = false;

    for (const candidate of clusterRoles) {
      if (candidate.ref.name === role.ref.name) continue;
      if (matchesLabelSelector(selector, candidate.labels) !== true) continue;

      const contribution = effective.get(candidate);
      if (contribution === undefined) continue;
      complete &&= contribution.complete;
      for (const rule of contribution.rules) {
        if (!seen.has(rule)) {
          seen.add(rule);
          rules.push(rule);
        }
      }
    }
  }
  return { rules, complete };
}

function sameRules(a: EffectiveRules, b: EffectiveRules): boolean {
  if (a.complete !== b.complete || a.rules.length !== b.rules.length) return false;
  return a.rules.every((rule, index) => rule === b.rules[index]);
}
