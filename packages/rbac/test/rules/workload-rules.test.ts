import {
  noDefaultServiceAccount,
  noSharedServiceAccount,
  noTokenAutomountWithoutPermissions,
  noUndefinedServiceAccount,
} from '../../src/rules/index.js';
import { testRule, yaml } from './rule-tester.js';

testRule(noDefaultServiceAccount, {
  valid: [
    {
      name: 'own ServiceAccount',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              serviceAccountName: web
              automountServiceAccountToken: false
              containers:
                - name: web
                  image: registry.example.com/web:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'serviceAccountName not set',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: registry.example.com/web:1.0 # pinned
      `,
      findings: [
        {
          message:
            "The pods run as ServiceAccount 'default' because serviceAccountName is not set, so create a ServiceAccount for this workload and set serviceAccountName.",
          position: [12, 5, 12, 9], // the pod spec's "spec" key
          suggestions: [
            {
              description:
                "Set serviceAccountName to 'web' and automountServiceAccountToken to false",
              output: yaml`
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: shop
                spec:
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: web
                          image: registry.example.com/web:1.0 # pinned
                      serviceAccountName: web
                      automountServiceAccountToken: false
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'deprecated serviceAccount set to default',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
          namespace: shop
        spec:
          serviceAccount: default # deprecated field
          containers:
            - name: debug
              image: busybox:1.36
      `,
      findings: [
        {
          message:
            "ServiceAccount 'default' is shared by every workload of the namespace that names none, so create a ServiceAccount for this workload and name it here.",
          position: [7, 19, 7, 26],
          suggestions: [
            {
              description:
                "Set serviceAccountName to 'debug', serviceAccount to 'debug' and automountServiceAccountToken to false",
              output: yaml`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: debug
                  namespace: shop
                spec:
                  serviceAccount: debug # deprecated field
                  containers:
                    - name: debug
                      image: busybox:1.36
                  serviceAccountName: debug
                  automountServiceAccountToken: false
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'default named in a flow pod spec',
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
          namespace: shop
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            spec:
              template:
                spec: {serviceAccountName: default, restartPolicy: Never, containers: [{name: job, image: job:1}]}
      `,
      findings: [
        {
          message:
            "ServiceAccount 'default' is shared by every workload of the namespace that names none, so create a ServiceAccount for this workload and name it here.",
          position: [11, 36, 11, 43],
          suggestions: [
            {
              description:
                "Set serviceAccountName to 'nightly' and automountServiceAccountToken to false",
              output: yaml`
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: nightly
                  namespace: shop
                spec:
                  schedule: "0 2 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec: {serviceAccountName: nightly, restartPolicy: Never, containers: [{name: job, image: job:1}], automountServiceAccountToken: false}
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'generated name without suggestion',
      code: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          generateName: migrate-
          namespace: shop
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: registry.example.com/migrate:1.0
      `,
      findings: [
        {
          message:
            "The pods run as ServiceAccount 'default' because serviceAccountName is not set, so create a ServiceAccount for this workload and set serviceAccountName.",
          position: [8, 5, 8, 9],
        },
      ],
    },
  ],
});

testRule(noSharedServiceAccount, {
  valid: [
    {
      name: 'one ServiceAccount per workload',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {serviceAccountName: web, containers: [{name: web, image: web:1}]}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: worker, namespace: shop}
        spec: {template: {spec: {serviceAccountName: worker, containers: [{name: worker, image: worker:1}]}}}
      `,
    },
    {
      name: 'two copies of one Deployment',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {serviceAccountName: web, containers: [{name: web, image: web:1}]}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {serviceAccountName: web, containers: [{name: web, image: web:2}]}}}
      `,
    },
  ],
  invalid: [
    {
      name: 'two Deployments on one ServiceAccount',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              serviceAccountName: shop
              containers: [{name: web, image: web:1}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: worker, namespace: shop}
        spec:
          template:
            spec:
              serviceAccountName: shop
              containers: [{name: worker, image: worker:1}]
      `,
      findings: [
        {
          message:
            "ServiceAccount 'shop' is also used by Deployment shop/worker, so give each workload its own ServiceAccount.",
          position: [7, 27, 7, 31],
        },
        {
          message:
            "ServiceAccount 'shop' is also used by Deployment shop/web, so give each workload its own ServiceAccount.",
          position: [16, 27, 16, 31],
        },
      ],
    },
  ],
});

testRule(noTokenAutomountWithoutPermissions, {
  valid: [
    {
      name: 'token off on the ServiceAccount',
      code: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: shop}
        automountServiceAccountToken: false
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {serviceAccountName: web, containers: [{name: web, image: web:1}]}}}
      `,
    },
    {
      name: 'ServiceAccount with a binding',
      code: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: operator, namespace: shop}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: operator, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: ServiceAccount, name: operator, namespace: shop}]
      `,
    },
  ],
  invalid: [
    {
      name: 'unbound ServiceAccount in complete manifests',
      complete: true,
      code: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: shop
      `,
      findings: [
        {
          message:
            "ServiceAccount 'web' lets pods mount its API token although no binding grants it any permission, so set automountServiceAccountToken to false.",
          position: [2, 7, 2, 21],
          fix: {
            description: 'Set automountServiceAccountToken to false',
            output: yaml`
              apiVersion: v1
              kind: ServiceAccount
              metadata:
                name: web
                namespace: shop
              automountServiceAccountToken: false
            `,
          },
        },
      ],
    },
    {
      name: 'token turned on explicitly',
      code: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: shop
        automountServiceAccountToken: true # mounted for the sidecar
      `,
      findings: [
        {
          message:
            "ServiceAccount 'web' lets pods mount its API token although no binding grants it any permission, so set automountServiceAccountToken to false.",
          position: [6, 31, 6, 35],
          suggestions: [
            {
              description: 'Set automountServiceAccountToken to false',
              output: yaml`
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: web
                  namespace: shop
                automountServiceAccountToken: false # mounted for the sidecar
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'pod spec of a ServiceAccount outside the manifests',
      code: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
          namespace: shop
        spec:
          template:
            spec:
              serviceAccountName: db
              containers:
                - name: db
                  image: registry.example.com/db:1.0
      `,
      findings: [
        {
          message:
            "Pods mount the API token of ServiceAccount 'db' although no binding grants it any permission, so set automountServiceAccountToken to false in the pod spec.",
          position: [8, 5, 8, 9],
          suggestions: [
            {
              description: 'Set automountServiceAccountToken to false',
              output: yaml`
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db
                  namespace: shop
                spec:
                  template:
                    spec:
                      serviceAccountName: db
                      containers:
                        - name: db
                          image: registry.example.com/db:1.0
                      automountServiceAccountToken: false
              `,
            },
          ],
        },
      ],
    },
  ],
});

testRule(noUndefinedServiceAccount, {
  valid: [
    {
      name: 'defined ServiceAccount',
      complete: true,
      code: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: shop}
        automountServiceAccountToken: false
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {serviceAccountName: web, containers: [{name: web, image: web:1}]}}}
      `,
    },
    {
      name: 'missing ServiceAccount without completeManifests',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {serviceAccountName: web, containers: [{name: web, image: web:1}]}}}
      `,
    },
  ],
  invalid: [
    {
      name: 'missing ServiceAccounts of a workload and a binding',
      complete: true,
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              serviceAccountName: web-sa
              containers: [{name: web, image: web:1}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: reader
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - kind: ServiceAccount
            name: ghost
            namespace: shop
      `,
      findings: [
        {
          message:
            "ServiceAccount 'web-sa' is not defined in namespace 'shop' in these manifests, and the API server rejects pods that name a missing ServiceAccount, so add it or correct the name.",
          position: [9, 27, 9, 33],
        },
        {
          message:
            "ServiceAccount 'ghost' is not defined in namespace 'shop' in these manifests, so add it or correct the subject name.",
          position: [23, 11, 23, 16],
        },
      ],
    },
  ],
});
