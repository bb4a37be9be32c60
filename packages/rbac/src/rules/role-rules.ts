import type { EquivalentCheck, Rule } from '@kubeharden/core';

import { ACCESS_SECTIONS, IDENTITY_SECTIONS, rbacRule } from './rbac-rule.js';

const WILDCARD_EQUIVALENTS: readonly EquivalentCheck[] = [
  { tool: 'kube-linter', id: 'wildcard-in-rules' },
  { tool: 'kubescape', id: 'C-0187' },
];

const EXEC_ATTACH_EQUIVALENTS: readonly EquivalentCheck[] = [
  { tool: 'polaris', id: 'clusterrolePodExecAttach' },
  { tool: 'polaris', id: 'rolePodExecAttach' },
];

const UNBOUND_ROLES =
  'Roles that no binding of the manifests grants are reported too, because a binding elsewhere may grant them; the message names the bindings when the manifests contain some.';

export const noWildcardVerbs = rbacRule({
  id: 'no-wildcard-verbs',
  severity: 'error',
  description: 'Role rules list each verb instead of `*`.',
  remediation:
    'Replace `*` in verbs with the verbs the subjects use, such as get, list and watch for read access.',
  rationale:
    'The verb `*` grants every verb, including delete, escalate, bind and impersonate, and verbs that later Kubernetes versions add. A subject that needed to read a resource can then delete it or grant itself more.',
  hipaa: [...ACCESS_SECTIONS, '164.312(c)(1)'],
  equivalents: WILDCARD_EQUIVALENTS,
  limitations: [UNBOUND_ROLES],
});

export const noWildcardResources = rbacRule({
  id: 'no-wildcard-resources',
  severity: 'error',
  description: 'Role rules list each resource instead of `*` or `*/<subresource>`.',
  remediation:
    'Replace `*` in resources with the resources the subjects use, and list subresources such as pods/log one by one.',
  rationale:
    "The resource `*` covers every resource of the rule's API groups: Secrets when the core group is listed, and the custom resources that operators install later. The subjects gain access to data nobody reviewed them for.",
  hipaa: ACCESS_SECTIONS,
  equivalents: WILDCARD_EQUIVALENTS,
  limitations: [UNBOUND_ROLES],
});

export const noWildcardApiGroups = rbacRule({
  id: 'no-wildcard-api-groups',
  severity: 'error',
  description: 'Role rules list each API group instead of `*`.',
  remediation:
    'Replace `*` in apiGroups with the groups of the listed resources, such as "" for the core group or apps.',
  rationale:
    'The API group `*` applies the listed resources to every API group, so a rule written for one group also matches a resource of the same name in any group that is installed later.',
  hipaa: ACCESS_SECTIONS,
  equivalents: WILDCARD_EQUIVALENTS,
  limitations: [UNBOUND_ROLES],
});

export const noWildcardNonResourceUrls = rbacRule({
  id: 'no-wildcard-non-resource-urls',
  severity: 'error',
  description: 'ClusterRole rules list each non-resource URL instead of `*` or `/*`.',
  remediation:
    'List the paths the subjects request, such as /healthz or /metrics, or end a narrower prefix with `*`.',
  rationale:
    "Non-resource URLs are the API server paths outside the resource API, such as /metrics and /debug/pprof. `*` grants all of them, including profiling and debugging endpoints that reveal the server's internals.",
  hipaa: ACCESS_SECTIONS,
  limitations: [UNBOUND_ROLES],
});

export const noIneffectiveWildcard = rbacRule({
  id: 'no-ineffective-wildcard',
  severity: 'warning',
  description: 'Role rules use `*` only where the authorizer expands it.',
  remediation:
    'Write the exact verbs, API groups and resources, use `*/<subresource>` for one subresource of every resource, and put `*` only at the end of a non-resource URL.',
  rationale:
    'The authorizer expands `*` only as a whole entry, as `*/<subresource>` in resources and at the end of a non-resource URL. Anywhere else it compares the text literally, so an entry such as `pods/*` grants nothing, and the role does not grant what reviewers read in it.',
  hipaa: ACCESS_SECTIONS,
  limitations: [UNBOUND_ROLES],
});

export const noGlobInResourceNames = rbacRule({
  id: 'no-glob-in-resource-names',
  severity: 'warning',
  description: 'Role rules list exact object names in resourceNames.',
  remediation:
    'List the exact names of the objects; RBAC has no name patterns, so give objects with varying names a Role of their own namespace instead.',
  rationale:
    'The authorizer compares resourceNames literally, so `app-*` matches only an object named `app-*`. The rule grants nothing, and a reader who takes the entry for a pattern misjudges what the role allows.',
  hipaa: ACCESS_SECTIONS,
  limitations: [
    'Rules on the `tier.*` resources of the Calico API group projectcalico.org are skipped, because the Calico API server sends names ending in `.*` to the authorizer on purpose.',
    UNBOUND_ROLES,
  ],
});

export const noEscalationVerbs = rbacRule({
  id: 'no-escalation-verbs',
  severity: 'error',
  description:
    'Roles grant no bind or escalate on roles and no impersonate on users, groups or ServiceAccounts.',
  remediation:
    'Remove bind, escalate and impersonate, or the `*` verb that includes them, unless the subject administers RBAC.',
  rationale:
    "The API server stops a subject from granting permissions it does not hold, and these verbs lift that check: escalate edits roles beyond the holder's own permissions, bind creates bindings to any role such as cluster-admin, and impersonate acts as another user, group or ServiceAccount. Each one leads to full control of the cluster.",
  hipaa: ACCESS_SECTIONS,
  equivalents: [
    { tool: 'kube-linter', id: 'bind-verb-in-role' },
    { tool: 'kube-linter', id: 'escalate-verb-in-role' },
    { tool: 'kube-linter', id: 'impersonate-without-resource-names' },
    { tool: 'kubescape', id: 'C-0065' },
    { tool: 'kubescape', id: 'C-0191' },
  ],
  limitations: [
    'Rules that limit the verbs with resourceNames are reported too, because a single named role or identity can hold more than the subject.',
    UNBOUND_ROLES,
  ],
});

export const noSecretReadWithoutResourceNames = rbacRule({
  id: 'no-secret-read-without-resource-names',
  severity: 'error',
  description: 'Roles grant get, list or watch on Secrets only for Secrets named in resourceNames.',
  remediation:
    'List the Secrets the subject reads in resourceNames, or remove get, list and watch on secrets from the rule.',
  rationale:
    'Secrets hold database passwords, TLS keys and API tokens. Read access to every Secret in a namespace gives the subject the credentials of every workload there, including those that reach health data.',
  hipaa: ACCESS_SECTIONS,
  equivalents: [
    { tool: 'kube-linter', id: 'access-to-secrets' },
    { tool: 'kubescape', id: 'C-0015' },
    { tool: 'kubescape', id: 'C-0186' },
  ],
  limitations: [
    'Other verbs on Secrets, such as create or delete, are not reported by this rule.',
    UNBOUND_ROLES,
  ],
});

export const noPodExec = rbacRule({
  id: 'no-pod-exec',
  severity: 'error',
  description: 'Roles grant no exec into pods.',
  remediation:
    'Remove pods/exec from the rule, and grant it in a separate role that only people who debug the namespace hold.',
  rationale:
    'The pods/exec subresource runs commands in a running container with its identity, volumes and network access, so the subject reads whatever the container reads, health data and Secrets included. Both create and get count, because API servers that authorize WebSocket upgrades as get let get alone open a session.',
  hipaa: ACCESS_SECTIONS,
  equivalents: [{ tool: 'kubescape', id: 'C-0002' }, ...EXEC_ATTACH_EQUIVALENTS],
  limitations: [UNBOUND_ROLES],
});

export const noPodAttach = rbacRule({
  id: 'no-pod-attach',
  severity: 'error',
  description: 'Roles grant no attach to pods.',
  remediation:
    'Remove pods/attach from the rule, and grant it in a separate role that only people who debug the namespace hold.',
  rationale:
    "The pods/attach subresource connects to the standard input and output of a container's main process, so the subject sees the data the process prints and can type into an interactive shell.",
  hipaa: ACCESS_SECTIONS,
  equivalents: EXEC_ATTACH_EQUIVALENTS,
  limitations: [UNBOUND_ROLES],
});

export const noPodPortForward = rbacRule({
  id: 'no-pod-port-forward',
  severity: 'warning',
  description: 'Roles grant no port-forward to pods.',
  remediation:
    'Remove pods/portforward and reach the pods through Services that NetworkPolicies cover.',
  rationale:
    'The pods/portforward subresource tunnels connections from the client to a pod port through the API server, past every NetworkPolicy, so a database that accepts only its application pods becomes reachable from a workstation. Operators sometimes need it, so it is a warning.',
  hipaa: ACCESS_SECTIONS,
  equivalents: [{ tool: 'kubescape', id: 'C-0063' }],
  limitations: [UNBOUND_ROLES],
});

export const noNodeProxy = rbacRule({
  id: 'no-node-proxy',
  severity: 'error',
  description: 'Roles grant no access to nodes/proxy.',
  remediation:
    'Remove nodes/proxy; read node metrics through nodes/metrics or nodes/stats instead.',
  rationale:
    'The nodes/proxy subresource forwards requests to the kubelet API of every node, which lists pods, reads container logs and runs commands in any container of the node. The kubelet maps its own requests to verbs, so every verb counts: get alone reaches command execution over WebSockets.',
  hipaa: ACCESS_SECTIONS,
  limitations: [UNBOUND_ROLES],
});

export const noPodCreate = rbacRule({
  id: 'no-pod-create',
  severity: 'warning',
  description: 'Roles grant no create on pods or on the workloads that create pods.',
  remediation:
    'Grant create on pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs and CronJobs only to deployment tools and operators, and enforce Pod Security restricted where they create pods.',
  rationale:
    'A subject that creates pods chooses their ServiceAccount and volumes, so it gains the permissions of every ServiceAccount and the content of every Secret of the namespace. Deployment tools and operators need this by design, so a finding asks for review and is a warning.',
  hipaa: ACCESS_SECTIONS,
  equivalents: [
    { tool: 'kube-linter', id: 'access-to-create-pods' },
    { tool: 'kubescape', id: 'C-0188' },
  ],
  limitations: [UNBOUND_ROLES],
});

export const noServiceAccountTokenCreate = rbacRule({
  id: 'no-service-account-token-create',
  severity: 'error',
  description: 'Roles grant no create on serviceaccounts/token.',
  remediation:
    'Remove create on serviceaccounts/token unless the subject issues tokens by design, and suppress the finding for that role with a reason.',
  rationale:
    "A subject that creates a token for a ServiceAccount acts with all of that ServiceAccount's permissions for the lifetime of the token, and its requests then carry the ServiceAccount's identity instead of its own.",
  hipaa: IDENTITY_SECTIONS,
  limitations: [
    'Rules that name ServiceAccounts in resourceNames are reported too, because a token for one ServiceAccount carries all of its permissions.',
    UNBOUND_ROLES,
  ],
});

export const noAdmissionWebhookChanges = rbacRule({
  id: 'no-admission-webhook-changes',
  severity: 'error',
  description: 'Roles grant no changes to admission webhook configurations.',
  remediation:
    'Keep only get, list and watch on mutatingwebhookconfigurations and validatingwebhookconfigurations, and leave changes to cluster administrators.',
  rationale:
    'An admission webhook receives every object sent to the API server for the resources it matches, Secrets included, and a mutating webhook can change them, for example by adding a container to every pod. Whoever changes these configurations controls what runs in the cluster.',
  hipaa: [...ACCESS_SECTIONS, '164.312(c)(1)'],
  limitations: [
    'Controllers that keep the CA bundle of webhooks current, such as the cert-manager CA injector, need update on these configurations and are reported; suppress those findings with a reason.',
    UNBOUND_ROLES,
  ],
});

export const noCsrApproval = rbacRule({
  id: 'no-csr-approval',
  severity: 'error',
  description: 'Roles grant no approval of certificate signing requests.',
  remediation:
    'Remove update and patch on certificatesigningrequests/approval and approve on signers unless the subject approves certificates by design.',
  rationale:
    'Approving a CertificateSigningRequest for the kubernetes.io/kube-apiserver-client signer issues a client certificate for any user name and group, including system:masters, whose requests no RBAC rule can restrict.',
  hipaa: IDENTITY_SECTIONS,
  equivalents: [{ tool: 'kube-linter', id: 'approve-signers-without-resource-names' }],
  limitations: [
    'Approve on signers is reported even when resourceNames names the signers, because one signer such as kubernetes.io/kube-apiserver-client is enough to issue administrator certificates.',
    UNBOUND_ROLES,
  ],
});

export const noInlineRulesOnAggregatedRole = rbacRule({
  id: 'no-inline-rules-on-aggregated-role',
  severity: 'warning',
  description: 'Aggregated ClusterRoles list no rules of their own.',
  remediation:
    'Move the rules to a ClusterRole whose labels the aggregationRule selects, and leave the rules of the aggregated role empty.',
  rationale:
    'The controller manager replaces the rules of a ClusterRole that has an aggregationRule with the rules of the ClusterRoles it selects. Rules written inline disappear at the next reconciliation, so the manifests show permissions that the cluster does not grant, and reviewers judge the wrong rules.',
  hipaa: ACCESS_SECTIONS,
});

/** Rules about the rules of Roles and ClusterRoles. */
export const ROLE_RULES: readonly Rule[] = [
  noWildcardVerbs,
  noWildcardResources,
  noWildcardApiGroups,
  noWildcardNonResourceUrls,
  noIneffectiveWildcard,
  noGlobInResourceNames,
  noEscalationVerbs,
  noSecretReadWithoutResourceNames,
  noPodExec,
  noPodAttach,
  noPodPortForward,
  noNodeProxy,
  noPodCreate,
  noServiceAccountTokenCreate,
  noAdmissionWebhookChanges,
  noCsrApproval,
  noInlineRulesOnAggregatedRole,
];
