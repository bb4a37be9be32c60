import {
  noBindingToFullWildcardRole,
  noClusterAdminBinding,
  noClusterRoleBindingForNamespacedResources,
  noClusterRoleForNamespacedResources,
  noPublicSubjects,
  noUndefinedRoleRef,
  requireServiceAccountSubjectNamespace,
} from '../../src/rules/index.js';
import { testRule, yaml } from './rule-tester.js';

testRule(noClusterAdminBinding, {
  valid: [
    {
      name: 'binding to view',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: viewers
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - kind: Group
            name: shop-viewers
            apiGroup: rbac.authorization.k8s.io
      `,
    },
  ],
  invalid: [
    {
      name: 'ClusterRoleBinding and RoleBinding to cluster-admin',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: ci-admin
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
          - kind: ServiceAccount
            name: ci
            namespace: ci
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: shop-admin
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
          - kind: Group
            name: shop-admins
            apiGroup: rbac.authorization.k8s.io
      `,
      findings: [
        {
          message:
            "Role reference 'cluster-admin' allows every action in the cluster, so bind a role with only the permissions the subjects need.",
          position: [8, 9, 8, 22],
        },
        {
          message:
            "Role reference 'cluster-admin' allows every action in namespace 'shop', including changes to its RBAC, so bind a role with only the permissions the subjects need.",
          position: [22, 9, 22, 22],
        },
      ],
    },
  ],
});

testRule(noBindingToFullWildcardRole, {
  valid: [
    {
      name: 'binding to a narrow role',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: deployer
        rules:
          - apiGroups: [apps]
            resources: [deployments]
            verbs: [get, update]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: deployer
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: deployer
        subjects:
          - kind: ServiceAccount
            name: deployer
            namespace: shop
      `,
    },
  ],
  invalid: [
    {
      name: 'binding to a role with a full wildcard rule',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: superuser
        rules:
          - apiGroups: ["*"]
            resources: ["*"]
            verbs: ["*"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: superuser
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: superuser
        subjects:
          - kind: Group
            name: shop-admins
            apiGroup: rbac.authorization.k8s.io
      `,
      findings: [
        {
          message:
            "Role reference 'superuser' grants every verb on every resource through ClusterRole 'superuser' rules[0], so bind a role with only the permissions the subjects need.",
          position: [18, 9, 18, 18],
        },
      ],
    },
  ],
});

testRule(noPublicSubjects, {
  valid: [
    {
      name: 'ServiceAccounts of one namespace',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: readers
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - kind: Group
            name: system:serviceaccounts:shop
            apiGroup: rbac.authorization.k8s.io
      `,
    },
  ],
  invalid: [
    {
      name: 'all authenticated users and anonymous',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: public-view
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - kind: Group
            name: system:authenticated
            apiGroup: rbac.authorization.k8s.io
          - kind: User
            name: system:anonymous
            apiGroup: rbac.authorization.k8s.io
      `,
      findings: [
        {
          message:
            "Subject 'system:authenticated' is every authenticated user and ServiceAccount of the cluster, so bind named users, groups or ServiceAccounts instead.",
          position: [11, 11, 11, 31],
        },
        {
          message:
            "Subject 'system:anonymous' is every request without credentials, so bind named users, groups or ServiceAccounts instead.",
          position: [14, 11, 14, 27],
        },
      ],
    },
  ],
});

testRule(requireServiceAccountSubjectNamespace, {
  valid: [
    {
      name: 'RoleBinding that follows the applied namespace',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: app
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - kind: ServiceAccount
            name: app
      `,
    },
  ],
  invalid: [
    {
      name: 'subjects without namespace',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: app
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - kind: ServiceAccount
            name: app
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: app
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - kind: ServiceAccount
            name: app
      `,
      findings: [
        {
          message:
            "ServiceAccount subject 'app' has no namespace, which the API server rejects in a ClusterRoleBinding, so set its namespace.",
          position: [11, 11, 11, 14], // the subject's name
        },
        {
          message:
            "ServiceAccount subject 'app' has no namespace and therefore means the one in the binding's namespace 'shop', so set its namespace to make that explicit.",
          position: [24, 11, 24, 14],
        },
      ],
    },
  ],
});

testRule(noClusterRoleBindingForNamespacedResources, {
  valid: [
    {
      name: 'ClusterRole on nodes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: node-reader
        rules:
          - apiGroups: [""]
            resources: [nodes]
            verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: node-reader
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: node-reader
        subjects:
          - kind: ServiceAccount
            name: agent
            namespace: monitoring
      `,
    },
  ],
  invalid: [
    {
      name: 'ClusterRole on ConfigMaps bound cluster-wide',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: config-reader
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: config-reader
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: config-reader
        subjects:
          - kind: ServiceAccount
            name: app
            namespace: shop
      `,
      findings: [
        {
          message:
            "Kind 'ClusterRoleBinding' grants ClusterRole 'config-reader', which covers only namespaced resources, in every namespace, so use RoleBindings in the namespaces that need it.",
          position: [11, 7, 11, 25],
        },
      ],
    },
  ],
});

testRule(noClusterRoleForNamespacedResources, {
  valid: [
    {
      name: 'ClusterRole bound in two namespaces',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: config-reader
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: config-reader, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: config-reader}
        subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: config-reader, namespace: billing}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: config-reader}
        subjects: [{kind: ServiceAccount, name: app, namespace: billing}]
      `,
    },
  ],
  invalid: [
    {
      name: 'ClusterRole bound in one namespace',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: config-reader
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: config-reader, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: config-reader}
        subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
      `,
      findings: [
        {
          message:
            "Kind 'ClusterRole' covers only namespaced resources and is bound only in namespace 'shop', so make it a Role in that namespace.",
          position: [2, 7, 2, 18],
        },
      ],
    },
  ],
});

testRule(noUndefinedRoleRef, {
  valid: [
    {
      name: 'defined Role',
      complete: true,
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: app, namespace: shop}
        rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: app, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}
        subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
      `,
    },
    {
      name: 'missing Role without completeManifests',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: app, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: missing}
        subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
      `,
    },
  ],
  invalid: [
    {
      name: 'missing Role with completeManifests',
      complete: true,
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: app
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: missing
        subjects:
          - kind: ServiceAccount
            name: app
            namespace: shop
      `,
      findings: [
        {
          message:
            "Role 'missing' is not defined in namespace 'shop' in these manifests, so add it or correct roleRef.name.",
          position: [9, 9, 9, 16],
        },
      ],
    },
  ],
});
