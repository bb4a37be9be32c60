import {
  noAdmissionWebhookChanges,
  noCsrApproval,
  noEscalationVerbs,
  noGlobInResourceNames,
  noIneffectiveWildcard,
  noInlineRulesOnAggregatedRole,
  noNodeProxy,
  noPodAttach,
  noPodCreate,
  noPodExec,
  noPodPortForward,
  noSecretReadWithoutResourceNames,
  noServiceAccountTokenCreate,
  noWildcardApiGroups,
  noWildcardNonResourceUrls,
  noWildcardResources,
  noWildcardVerbs,
} from '../../src/rules/index.js';
import { testRule, yaml } from './rule-tester.js';

testRule(noWildcardVerbs, {
  valid: [
    {
      name: 'listed verbs',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: ops
          namespace: shop
        rules:
          - apiGroups: [apps]
            resources: [deployments]
            verbs: [get, list, watch]
      `,
    },
  ],
  invalid: [
    {
      name: 'verb * granted by a RoleBinding',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: ops
          namespace: shop
        rules:
          - apiGroups: [apps]
            resources: [deployments]
            verbs: ["*"] # everything
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: ops
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: ops
        subjects:
          - kind: Group
            name: ops
            apiGroup: rbac.authorization.k8s.io
      `,
      findings: [
        {
          message:
            "Verb '*' grants every verb, including delete and verbs added later, so list only the verbs the role needs. RoleBinding shop/ops grants this rule.",
          position: [9, 13, 9, 16], // "*"
        },
      ],
    },
    {
      name: 'verb * in a block list of an unbound ClusterRole',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: reader
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs:
              - get
              - "*"
      `,
      findings: [
        {
          message:
            "Verb '*' grants every verb, including delete and verbs added later, so list only the verbs the role needs.",
          position: [10, 9, 10, 12],
        },
      ],
    },
  ],
});

testRule(noWildcardResources, {
  valid: [
    {
      name: 'listed resources and subresources',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: viewer
        rules:
          - apiGroups: [""]
            resources: [configmaps, pods/log]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'resource * and */scale',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: viewer
        rules:
          - apiGroups: ["", apps]
            resources: ["*", "*/scale"]
            verbs: [get]
      `,
      findings: [
        {
          message:
            "Resource '*' grants every resource of the core group and API group 'apps', so list only the resources the role needs.",
          position: [7, 17, 7, 20],
        },
        {
          message:
            "Resource '*/scale' grants the 'scale' subresource of every resource of the core group and API group 'apps', so list only the resources the role needs.",
          position: [7, 22, 7, 31],
        },
      ],
    },
  ],
});

testRule(noWildcardApiGroups, {
  valid: [
    {
      name: 'named API group',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: deployer
        rules:
          - apiGroups: [apps]
            resources: [deployments]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'API group *',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: deployer
        rules:
          - apiGroups: ["*"]
            resources: [deployments]
            verbs: [get]
      `,
      findings: [
        {
          message:
            "API group '*' grants the listed resources in every API group, including ones installed later, so list only the API groups the role needs.",
          position: [6, 17, 6, 20],
        },
      ],
    },
  ],
});

testRule(noWildcardNonResourceUrls, {
  valid: [
    {
      name: 'listed paths and a narrow prefix',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: scraper
        rules:
          - nonResourceURLs: [/metrics, "/healthz/*"]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'non-resource URL /*',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: scraper
        rules:
          - nonResourceURLs: ["/*"]
            verbs: [get]
      `,
      findings: [
        {
          message:
            "Non-resource URL '/*' grants every path that is not a resource, such as /metrics and /debug, so list only the paths the role needs.",
          position: [6, 23, 6, 27],
        },
      ],
    },
  ],
});

testRule(noIneffectiveWildcard, {
  valid: [
    {
      name: 'subresource of every resource and URL prefix',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: status-reader
        rules:
          - apiGroups: [""]
            resources: ["*/status"]
            verbs: [get]
          - nonResourceURLs: ["/metrics/*"]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'pods/* and a * inside a URL',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: status-reader
        rules:
          - apiGroups: [""]
            resources: ["pods/*"]
            verbs: [get]
          - nonResourceURLs: ["/metrics*/x"]
            verbs: [get]
      `,
      findings: [
        {
          message:
            "Resource 'pods/*' matches only a resource literally named 'pods/*', so list each subresource, or write '*/<subresource>' for one subresource of every resource.",
          position: [7, 17, 7, 25],
        },
        {
          message:
            "Non-resource URL '/metrics*/x' has a '*' before its end, which the authorizer compares literally, so list the exact paths or end the prefix with '*'.",
          position: [9, 23, 9, 36],
        },
      ],
    },
  ],
});

testRule(noGlobInResourceNames, {
  valid: [
    {
      name: 'exact names and a Calico tier',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: config-reader
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            resourceNames: [app-config]
            verbs: [get]
          - apiGroups: [projectcalico.org]
            resources: [tier.networkpolicies]
            resourceNames: ["platform.*"]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'name pattern',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: config-reader
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            resourceNames: [app-config, "app-*"]
            verbs: [get]
      `,
      findings: [
        {
          message:
            "Resource name 'app-*' is compared literally, not as a pattern, so list the exact names.",
          position: [8, 33, 8, 40],
        },
      ],
    },
  ],
});

testRule(noEscalationVerbs, {
  valid: [
    {
      name: 'reading roles and users',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: auditor
        rules:
          - apiGroups: [rbac.authorization.k8s.io]
            resources: [roles, clusterroles]
            verbs: [get, list]
          - apiGroups: [""]
            resources: [users]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'bind, escalate and impersonate through *',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: rbac-manager
        rules:
          - apiGroups: [rbac.authorization.k8s.io]
            resources: [clusterroles]
            verbs: [bind, escalate]
          - apiGroups: [""]
            resources: [users, groups]
            verbs: ["*"]
      `,
      findings: [
        {
          message:
            "Verb 'bind' lets the subject gain permissions it does not hold, so remove it unless this subject administers RBAC.",
          position: [8, 13, 8, 17],
        },
        {
          message:
            "Verb 'escalate' lets the subject gain permissions it does not hold, so remove it unless this subject administers RBAC.",
          position: [8, 19, 8, 27],
        },
        {
          message:
            "Verb '*' includes 'impersonate', which lets the subject gain permissions it does not hold, so remove it unless this subject administers RBAC.",
          position: [11, 13, 11, 16],
        },
      ],
    },
  ],
});

testRule(noSecretReadWithoutResourceNames, {
  valid: [
    {
      name: 'named Secret',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: tls-reader
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [secrets]
            resourceNames: [tls-cert]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'every Secret through a ClusterRoleBinding',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: secret-reader
        rules:
          - apiGroups: [""]
            resources: [secrets]
            verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: secret-reader
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: secret-reader
        subjects:
          - kind: ServiceAccount
            name: app
            namespace: shop
      `,
      findings: [
        {
          message:
            "Resource 'secrets' with 'get' and 'list' lets the subject read every Secret in its scope, so list the Secrets it needs in resourceNames. ClusterRoleBinding secret-reader grants this rule.",
          position: [7, 17, 7, 24],
        },
      ],
    },
    {
      name: 'every Secret through two copies of a binding',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: secret-reader
        rules:
          - apiGroups: [""]
            resources: [secrets]
            verbs: [list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: secret-reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
        subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: secret-reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
        subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
      `,
      findings: [
        {
          message:
            "Resource 'secrets' with 'list' lets the subject read every Secret in its scope, so list the Secrets it needs in resourceNames. ClusterRoleBinding secret-reader grants this rule.",
          position: [7, 17, 7, 24],
        },
      ],
    },
    {
      name: 'every Secret through four RoleBindings',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: secret-reader
        rules:
          - apiGroups: [""]
            resources: [secrets]
            verbs: [watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: List
        items:
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: reader, namespace: a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
            subjects: [{kind: ServiceAccount, name: app, namespace: a}]
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: reader, namespace: b}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
            subjects: [{kind: ServiceAccount, name: app, namespace: b}]
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: reader, namespace: c}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
            subjects: [{kind: ServiceAccount, name: app, namespace: c}]
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: reader, namespace: d}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
            subjects: [{kind: ServiceAccount, name: app, namespace: d}]
      `,
      findings: [
        {
          message:
            "Resource 'secrets' with 'watch' lets the subject read every Secret in its scope, so list the Secrets it needs in resourceNames. RoleBinding a/reader, RoleBinding b/reader, RoleBinding c/reader and 1 more binding grant this rule.",
          position: [7, 17, 7, 24],
        },
      ],
    },
  ],
});

testRule(noPodExec, {
  valid: [
    {
      name: 'pod logs',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: debugger
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [pods, pods/log]
            verbs: [get, list]
      `,
    },
  ],
  invalid: [
    {
      name: 'pods/exec with get and create',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: debugger
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [pods, pods/exec]
            verbs: [get, create]
      `,
      findings: [
        {
          message:
            "Resource 'pods/exec' with 'get' and 'create' lets the subject run commands in every container in its scope, so remove it and grant exec only to people who debug this namespace.",
          position: [8, 23, 8, 32],
        },
      ],
    },
  ],
});

testRule(noPodAttach, {
  valid: [
    {
      name: 'pod logs',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: debugger
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [pods/log]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'pods/attach',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: debugger
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [pods/attach]
            verbs: [create]
      `,
      findings: [
        {
          message:
            "Resource 'pods/attach' with 'create' lets the subject attach to the processes of every container in its scope, so remove it and grant attach only to people who debug this namespace.",
          position: [8, 17, 8, 28],
        },
      ],
    },
  ],
});

testRule(noPodPortForward, {
  valid: [
    {
      name: 'services',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: debugger
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [services]
            verbs: [get, list]
      `,
    },
  ],
  invalid: [
    {
      name: 'pods/portforward',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: debugger
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [pods/portforward]
            verbs: [create]
      `,
      findings: [
        {
          message:
            "Resource 'pods/portforward' with 'create' lets the subject open connections to every pod in its scope, so remove it and reach pods through Services instead.",
          position: [8, 17, 8, 33],
        },
      ],
    },
  ],
});

testRule(noNodeProxy, {
  valid: [
    {
      name: 'node metrics and stats',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: metrics
        rules:
          - apiGroups: [""]
            resources: [nodes/metrics, nodes/stats]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'nodes/proxy with get',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: metrics
        rules:
          - apiGroups: [""]
            resources: [nodes/proxy]
            verbs: [get]
      `,
      findings: [
        {
          message:
            "Resource 'nodes/proxy' with 'get' lets the subject call the kubelet API of every node, which includes running commands in containers, so remove it and read node metrics through nodes/metrics or nodes/stats instead.",
          position: [7, 17, 7, 28],
        },
      ],
    },
  ],
});

testRule(noPodCreate, {
  valid: [
    {
      name: 'scaling Deployments',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: scaler
          namespace: shop
        rules:
          - apiGroups: [apps]
            resources: [deployments, deployments/scale]
            verbs: [get, update, patch]
      `,
    },
  ],
  invalid: [
    {
      name: 'create Deployments',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: deployer
          namespace: shop
        rules:
          - apiGroups: [apps]
            resources: [deployments]
            verbs: [create]
      `,
      findings: [
        {
          message:
            "Resource 'deployments' with 'create' lets the subject start pods that mount any Secret and run as any ServiceAccount of the namespace, so grant it only to deployment tools.",
          position: [8, 17, 8, 28],
        },
      ],
    },
  ],
});

testRule(noServiceAccountTokenCreate, {
  valid: [
    {
      name: 'reading ServiceAccounts',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: sa-reader
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [serviceaccounts]
            verbs: [get]
      `,
    },
  ],
  invalid: [
    {
      name: 'token requests for named ServiceAccounts',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: token-broker
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: [serviceaccounts/token]
            resourceNames: [web]
            verbs: [create]
      `,
      findings: [
        {
          message:
            "Resource 'serviceaccounts/token' with 'create' lets the subject issue tokens for the ServiceAccounts in its scope, so remove it unless this subject issues tokens by design.",
          position: [8, 17, 8, 38],
        },
      ],
    },
  ],
});

testRule(noAdmissionWebhookChanges, {
  valid: [
    {
      name: 'reading webhook configurations',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: webhook-viewer
        rules:
          - apiGroups: [admissionregistration.k8s.io]
            resources: [mutatingwebhookconfigurations, validatingwebhookconfigurations]
            verbs: [get, list, watch]
      `,
    },
  ],
  invalid: [
    {
      name: 'patching validating webhooks',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: ca-injector
        rules:
          - apiGroups: [admissionregistration.k8s.io]
            resources: [validatingwebhookconfigurations]
            verbs: [get, patch]
      `,
      findings: [
        {
          message:
            "Resource 'validatingwebhookconfigurations' with 'patch' lets the subject change which webhooks see and reject API requests, so keep only read verbs.",
          position: [7, 17, 7, 48],
        },
      ],
    },
  ],
});

testRule(noCsrApproval, {
  valid: [
    {
      name: 'creating signing requests',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: csr-creator
        rules:
          - apiGroups: [certificates.k8s.io]
            resources: [certificatesigningrequests]
            verbs: [create, get]
      `,
    },
  ],
  invalid: [
    {
      name: 'approve on a named signer and approval updates',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: approver
        rules:
          - apiGroups: [certificates.k8s.io]
            resources: [signers]
            resourceNames: [example.com/signer]
            verbs: [approve]
          - apiGroups: [certificates.k8s.io]
            resources: [certificatesigningrequests/approval]
            verbs: [update]
      `,
      findings: [
        {
          message:
            "Resource 'signers' with 'approve' lets the subject approve certificate signing requests for the signers it names, so remove it unless this subject is a certificate approver.",
          position: [7, 17, 7, 24],
        },
        {
          message:
            "Resource 'certificatesigningrequests/approval' with 'update' lets the subject approve certificate signing requests, so remove it unless this subject is a certificate approver.",
          position: [11, 17, 11, 52],
        },
      ],
    },
  ],
});

testRule(noInlineRulesOnAggregatedRole, {
  valid: [
    {
      name: 'aggregated role with empty rules',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: monitoring
        aggregationRule:
          clusterRoleSelectors:
            - matchLabels:
                example.com/aggregate-to-monitoring: "true"
        rules: []
      `,
    },
  ],
  invalid: [
    {
      name: 'aggregated role with inline rules',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: monitoring
        aggregationRule:
          clusterRoleSelectors:
            - matchLabels:
                example.com/aggregate-to-monitoring: "true"
        rules:
          - apiGroups: [""]
            resources: [secrets]
            verbs: [get]
      `,
      findings: [
        {
          message:
            "Rules of ClusterRole 'monitoring' are replaced by the aggregation controller because it has an aggregationRule, so move them to a ClusterRole that its selectors match.",
          position: [9, 1, 9, 6], // the "rules" key
        },
      ],
    },
  ],
});
