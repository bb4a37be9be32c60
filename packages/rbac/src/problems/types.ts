import type { Path } from '@kubeharden/core';
import type { KubeObject } from '../model/objects.js';

/**
 * Codes of the RBAC problems. They become rule ids, so they never change once released:
 * `no-` forbids something, `require-` mandates it.
 */
export const PROBLEM_CODES = [
  'no-wildcard-verbs',
  'no-wildcard-resources',
  'no-wildcard-api-groups',
  'no-wildcard-non-resource-urls',
  'no-ineffective-wildcard',
  'no-glob-in-resource-names',
  'no-escalation-verbs',
  'no-secret-read-without-resource-names',
  'no-pod-exec',
  'no-pod-attach',
  'no-pod-port-forward',
  'no-node-proxy',
  'no-pod-create',
  'no-service-account-token-create',
  'no-admission-webhook-changes',
  'no-csr-approval',
  'no-inline-rules-on-aggregated-role',
  'no-cluster-admin-binding',
  'no-binding-to-full-wildcard-role',
  'no-public-subjects',
  'require-service-account-subject-namespace',
  'no-cluster-role-binding-for-namespaced-resources',
  'no-cluster-role-for-namespaced-resources',
  'no-default-service-account',
  'no-shared-service-account',
  'no-token-automount-without-permissions',
  'no-undefined-role-ref',
  'no-undefined-service-account',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** A place in another object that explains a problem, such as a binding that grants a rule. */
export interface RelatedLocation {
  readonly object: KubeObject;
  readonly path: Path;
  readonly message: string;
}

/**
 * An RBAC problem. `object` is the top-level document object, the same value that was passed
 * to `buildIndex`. `path` leads from it to the key of a field that must not be set, to a bad
 * value, or to the nearest existing parent of a missing field.
 */
export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly object: KubeObject;
  readonly path: Path;
  readonly related?: readonly RelatedLocation[];
}

export interface DetectOptions {
  /**
   * Treat the manifests as the complete set of RBAC objects and ServiceAccounts, which
   * enables `no-undefined-role-ref` and `no-undefined-service-account`. Off by default.
   */
  readonly assumeComplete?: boolean;
}

/** One-sentence description of each problem, as a finding of its code states it. */
export const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemCode, string>> = {
  'no-wildcard-verbs': 'A rule lists the verb `*`, which grants every verb including future ones.',
  'no-wildcard-resources':
    'A rule lists the resource `*` or `*/<subresource>`, which grants every resource of its API groups.',
  'no-wildcard-api-groups': 'A rule lists the API group `*`, which grants every API group.',
  'no-wildcard-non-resource-urls':
    'A rule lists the non-resource URL `*` or `/*`, which grants every non-resource path.',
  'no-ineffective-wildcard':
    'A verb, API group, resource or non-resource URL contains `*` where the authorizer reads it literally.',
  'no-glob-in-resource-names':
    'A resource name contains `*` or `?`, which the authorizer compares literally.',
  'no-escalation-verbs':
    'A rule grants `bind` or `escalate` on roles, or `impersonate` on users, groups or ServiceAccounts.',
  'no-secret-read-without-resource-names':
    'A rule grants get, list or watch on every Secret because it sets no resourceNames.',
  'no-pod-exec': 'A rule grants `pods/exec`, which runs commands in containers.',
  'no-pod-attach': 'A rule grants `pods/attach`, which attaches to the processes of containers.',
  'no-pod-port-forward': 'A rule grants `pods/portforward`, which opens connections to pods.',
  'no-node-proxy': 'A rule grants `nodes/proxy`, which reaches the kubelet API of every node.',
  'no-pod-create':
    'A rule grants create on pods or on workloads that create pods, which can run as any ServiceAccount of the namespace.',
  'no-service-account-token-create':
    'A rule grants create on `serviceaccounts/token`, which issues tokens for ServiceAccounts.',
  'no-admission-webhook-changes':
    'A rule grants changes to mutating or validating webhook configurations.',
  'no-csr-approval':
    'A rule grants update on `certificatesigningrequests/approval` or approve on `signers`.',
  'no-inline-rules-on-aggregated-role':
    'An aggregated ClusterRole lists rules, which the aggregation controller replaces.',
  'no-cluster-admin-binding': 'A binding references the ClusterRole `cluster-admin`.',
  'no-binding-to-full-wildcard-role':
    'A binding references a role with a rule that grants every verb on every resource.',
  'no-public-subjects':
    'A binding names `system:anonymous`, `system:unauthenticated` or `system:authenticated`.',
  'require-service-account-subject-namespace':
    'A ServiceAccount subject of a binding has no namespace.',
  'no-cluster-role-binding-for-namespaced-resources':
    'A ClusterRoleBinding grants a ClusterRole that covers only namespaced resources in every namespace.',
  'no-cluster-role-for-namespaced-resources':
    'A ClusterRole covers only namespaced resources and is bound in one namespace only.',
  'no-default-service-account':
    'A workload runs as the ServiceAccount `default`, named or implied.',
  'no-shared-service-account': 'Several workloads run as the same ServiceAccount.',
  'no-token-automount-without-permissions':
    'A ServiceAccount token is mounted into pods although no binding grants it any permission.',
  'no-undefined-role-ref':
    'A binding references a Role or ClusterRole that the manifests do not define.',
  'no-undefined-service-account':
    'A binding or workload names a ServiceAccount that the manifests do not define.',
};
