import { getAt, type Path } from '@kubeharden/core';
import { applicableBindings } from '../analysis/authorize.js';
import type {
  BindingEntry,
  RbacIndex,
  ServiceAccountEntry,
  WorkloadEntry,
} from '../analysis/rbac-index.js';
import { findServiceAccount } from '../analysis/rbac-index.js';
import { compareStrings, formatRef, joinWithAnd, refKey } from '../model/objects.js';
import {
  ALL_SERVICE_ACCOUNTS_GROUP,
  AUTHENTICATED_GROUP,
  identityOf,
  parseServiceAccountUsername,
} from '../model/subjects.js';
import type { Finding } from './binding-problems.js';
import { bindingGrantsSomething } from './binding-problems.js';

/** Namespaces whose ServiceAccounts the cluster creates itself, such as kube-proxy and coredns. */
const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system']);

/** How many other workloads a `no-shared-service-account` message names before it counts. */
const MAX_NAMED_WORKLOADS = 3;

export function findWorkloadProblems(
  index: RbacIndex,
  workload: WorkloadEntry,
  assumeComplete: boolean,
): Finding[] {
  const findings = [
    ...findDefaultServiceAccount(workload),
    ...findSharedServiceAccount(index, workload),
    ...findWorkloadTokenWithoutPermissions(index, workload),
  ];
  if (assumeComplete) findings.push(...findUndefinedWorkloadServiceAccount(index, workload));
  return findings;
}

export function findServiceAccountProblems(
  index: RbacIndex,
  serviceAccount: ServiceAccountEntry,
): Finding[] {
  const automount = serviceAccount.automountServiceAccountToken;
  if (automount?.value === false) return [];
  if (
    hasPermissions(
      index,
      serviceAccount.ref.namespace,
      serviceAccount.ref.name,
      serviceAccount.namespaceExplicit,
    )
  ) {
    return [];
  }
  return [
    {
      code: 'no-token-automount-without-permissions',
      message: `ServiceAccount '${serviceAccount.ref.name}' lets pods mount its API token although no binding grants it any permission, so set automountServiceAccountToken to false.`,
      path: automount?.path ?? serviceAccount.path,
    },
  ];
}

/** Reports ServiceAccount subjects of bindings that the manifests do not define. */
export function findUndefinedSubjectServiceAccounts(
  index: RbacIndex,
  binding: BindingEntry,
): Finding[] {
  const findings: Finding[] = [];
  for (const subject of binding.subjects) {
    if (subject.kind !== 'ServiceAccount' || subject.name === '') continue;
    const namespace = subject.namespace ?? binding.ref.namespace;
    if (namespace === undefined || isKnownServiceAccount(index, namespace, subject.name)) continue;
    findings.push({
      code: 'no-undefined-service-account',
      message: `ServiceAccount '${subject.name}' is not defined in namespace '${namespace}' in these manifests, so add it or correct the subject name.`,
      path: [...subject.path, 'name'],
    });
  }
  return findings;
}

function findUndefinedWorkloadServiceAccount(index: RbacIndex, workload: WorkloadEntry): Finding[] {
  const { namespace } = workload.ref;
  if (workload.serviceAccountNamePath === undefined) return [];
  if (isKnownServiceAccount(index, namespace, workload.serviceAccountName)) return [];
  return [
    {
      code: 'no-undefined-service-account',
      message: `ServiceAccount '${workload.serviceAccountName}' is not defined in namespace '${namespace}' in these manifests, and the API server rejects pods that name a missing ServiceAccount, so add it or correct the name.`,
      path: workload.serviceAccountNamePath,
    },
  ];
}

/**
 * True for a ServiceAccount the manifests define, `default`, and those of system namespaces.
 * One defined without a namespace counts for every namespace, because it lands wherever the
 * manifests are applied.
 */
function isKnownServiceAccount(index: RbacIndex, namespace: string, name: string): boolean {
  if (name === 'default' || SYSTEM_NAMESPACES.has(namespace)) return true;
  return index.serviceAccounts.some(
    (entry) =>
      entry.ref.name === name && (entry.ref.namespace === namespace || !entry.namespaceExplicit),
  );
}

function findDefaultServiceAccount(workload: WorkloadEntry): Finding[] {
  if (workload.serviceAccountName !== 'default') return [];

  if (workload.serviceAccountNamePath !== undefined) {
    return [
      {
        code: 'no-default-service-account',
        message: `ServiceAccount 'default' is shared by every workload of the namespace that names none, so create a ServiceAccount for this workload and name it here.`,
        path: workload.serviceAccountNamePath,
      },
    ];
  }
  return [
    {
      code: 'no-default-service-account',
      message: `The pods run as ServiceAccount 'default' because serviceAccountName is not set, so create a ServiceAccount for this workload and set serviceAccountName.`,
      path: nearestExisting(workload, workload.podSpecPath),
    },
  ];
}

function findSharedServiceAccount(index: RbacIndex, workload: WorkloadEntry): Finding[] {
  const path = workload.serviceAccountNamePath;
  if (workload.serviceAccountName === 'default' || path === undefined) return [];

  // Another copy of the same workload, such as one in a second overlay, shares nothing with it.
  const ownKey = refKey(workload.ref);
  const others = index.workloads.filter(
    (other) =>
      refKey(other.ref) !== ownKey &&
      other.ref.namespace === workload.ref.namespace &&
      other.serviceAccountName === workload.serviceAccountName,
  );
  if (others.length === 0) return [];

  // Sorted names keep the message the same whatever order the manifests come in.
  const names = [...new Set(others.map((other) => formatRef(other.ref)))].sort(compareStrings);
  const named = names.slice(0, MAX_NAMED_WORKLOADS);
  const more = names.length - named.length;
  const list = joinWithAnd(more > 0 ? [...named, `${more} more`] : named);
  return [
    {
      code: 'no-shared-service-account',
      message: `ServiceAccount '${workload.serviceAccountName}' is also used by ${list}, so give each workload its own ServiceAccount.`,
      path,
    },
  ];
}

/**
 * Reports pods that mount a token without permissions. When the pod spec leaves the setting
 * to a ServiceAccount of the manifests, the ServiceAccount carries the finding instead.
 */
function findWorkloadTokenWithoutPermissions(index: RbacIndex, workload: WorkloadEntry): Finding[] {
  const { namespace } = workload.ref;
  const podSetting = workload.automountServiceAccountToken;
  if (podSetting?.value === false) return [];

  const serviceAccount = findServiceAccount(index, namespace, workload.serviceAccountName);
  if (podSetting === undefined && serviceAccount !== undefined) return [];
  if (hasPermissions(index, namespace, workload.serviceAccountName, workload.namespaceExplicit)) {
    return [];
  }

  return [
    {
      code: 'no-token-automount-without-permissions',
      message: `Pods mount the API token of ServiceAccount '${workload.serviceAccountName}' although no binding grants it any permission, so set automountServiceAccountToken to false in the pod spec.`,
      path: podSetting?.path ?? nearestExisting(workload, workload.podSpecPath),
    },
  ];
}

/**
 * True when a binding of the manifests applies to the ServiceAccount and grants rules, or
 * rules that are not known. For a ServiceAccount without a namespace of its own, a binding
 * that names a ServiceAccount of the same name in any namespace counts, as does any binding
 * to a ServiceAccount group.
 */
function hasPermissions(
  index: RbacIndex,
  namespace: string,
  name: string,
  namespaceExplicit: boolean,
): boolean {
  const identity = identityOf({ kind: 'ServiceAccount', namespace, name });
  const applied = applicableBindings(index, identity, 'all');
  if (applied.some(({ rules, unresolved }) => rules.length > 0 || unresolved !== undefined)) {
    return true;
  }
  if (namespaceExplicit) return false;

  return index.bindings.some(
    (binding) =>
      bindingGrantsSomething(index, binding) &&
      binding.subjects.some((subject) => {
        if (subject.kind === 'ServiceAccount') return subject.name === name;
        if (subject.kind === 'User')
          return parseServiceAccountUsername(subject.name)?.name === name;
        return (
          subject.kind === 'Group' &&
          (subject.name === AUTHENTICATED_GROUP ||
            subject.name === ALL_SERVICE_ACCOUNTS_GROUP ||
            subject.name.startsWith(`${ALL_SERVICE_ACCOUNTS_GROUP}:`))
        );
      }),
  );
}

/** Returns the longest prefix of `path` that exists in the workload's document. */
function nearestExisting(workload: WorkloadEntry, path: Path): Path {
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    if (getAt(workload.object, prefix) !== undefined) return prefix;
  }
  return [];
}
