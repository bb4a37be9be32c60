import { noUnknownFields } from '../../src/index.js';
import { yaml } from '../helpers.js';
import { testRule } from './tester.js';

// A small BackupStorageLocation CRD with the fields of Velero's object storage settings.
const VELERO_CRD = yaml`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata:
    name: backupstoragelocations.velero.io
  spec:
    group: velero.io
    names:
      kind: BackupStorageLocation
      plural: backupstoragelocations
    scope: Namespaced
    versions:
      - name: v1
        served: true
        storage: true
        schema:
          openAPIV3Schema:
            type: object
            properties:
              apiVersion:
                type: string
              kind:
                type: string
              metadata:
                type: object
              spec:
                type: object
                required: [objectStorage, provider]
                properties:
                  provider:
                    type: string
                  config:
                    type: object
                    additionalProperties:
                      type: string
                  objectStorage:
                    type: object
                    required: [bucket]
                    properties:
                      bucket:
                        type: string
                      prefix:
                        type: string
                      caCert:
                        type: string
                        format: byte
                  extra:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
`;

testRule(noUnknownFields, {
  valid: [
    {
      name: 'Deployment with known fields only',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            example.com/owner: team-a
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              securityContext:
                runAsNonRoot: true
              containers:
                - name: app
                  image: registry.example.com/app:1.0
                  securityContext:
                    allowPrivilegeEscalation: false
      `,
    },
    {
      name: 'kind outside the validated list',
      code: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        dataa:
          key: value
      `,
    },
    {
      name: 'strategic merge patch directive',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: loadgenerator
        $patch: delete
      `,
    },
    {
      name: 'CRD field that keeps unknown fields',
      code: `${VELERO_CRD}---\n${yaml`
        apiVersion: velero.io/v1
        kind: BackupStorageLocation
        metadata:
          name: default
        spec:
          provider: aws
          objectStorage:
            bucket: backups
          extra:
            anything: goes
      `}`,
    },
  ],
  invalid: [
    {
      name: 'misspelt annotations',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: app
          annotation:
            example.com/owner: team-a
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: app
      `,
      findings: [
        {
          message:
            'Unknown field metadata.annotation: ObjectMeta has no such field (did you mean "annotations"?).',
          position: [5, 3, 5, 13],
          fix: {
            description: 'Rename "annotation" to "annotations"',
            output: yaml`
              apiVersion: rbac.authorization.k8s.io/v1
              kind: RoleBinding
              metadata:
                name: app
                annotations:
                  example.com/owner: team-a
              roleRef:
                apiGroup: rbac.authorization.k8s.io
                kind: Role
                name: app
            `,
          },
        },
      ],
    },
    {
      name: 'container setting in the pod security context',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false # meant for the container
          containers:
            - name: app
              image: registry.example.com/app:1.0
            - name: sidecar
              image: registry.example.com/sidecar:1.0
              securityContext:
                allowPrivilegeEscalation: true
      `,
      findings: [
        {
          message:
            "Unknown field spec.securityContext.allowPrivilegeEscalation: PodSecurityContext has no such field; set it in each container's securityContext.",
          position: [8, 5, 8, 29],
          suggestions: [
            {
              description: 'Move allowPrivilegeEscalation to the securityContext of each container',
              output: yaml`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: app
                spec:
                  securityContext:
                    runAsNonRoot: true
                  containers:
                    - name: app
                      image: registry.example.com/app:1.0
                      securityContext:
                        allowPrivilegeEscalation: false
                    - name: sidecar
                      image: registry.example.com/sidecar:1.0
                      securityContext:
                        allowPrivilegeEscalation: true
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'pod setting in a container security context',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                fsGroup: 2000
          restartPolicy: Always
      `,
      findings: [
        {
          message:
            "Unknown field spec.containers[0].securityContext.fsGroup: SecurityContext has no such field; set it in the pod's securityContext, which applies to every container.",
          position: [10, 9, 10, 16],
          suggestions: [
            {
              description: 'Move fsGroup to the securityContext of the pod',
              output: yaml`
                apiVersion: v1
                kind: Pod
                metadata:
                  name: app
                spec:
                  containers:
                    - name: app
                      image: registry.example.com/app:1.0
                      securityContext:
                  restartPolicy: Always
                  securityContext:
                    fsGroup: 2000
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'pod setting on the last line of the pod spec',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              securityContext:
                runAsGroup: 3000
                fsGroup: 2000
      `,
      findings: [
        {
          message:
            "Unknown field spec.containers[0].securityContext.fsGroup: SecurityContext has no such field; set it in the pod's securityContext, which applies to every container.",
          position: [11, 9, 11, 16],
        },
      ],
    },
    {
      name: 'two names equally close',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          hostPIC: false
          containers:
            - name: app
              image: registry.example.com/app:1.0
      `,
      findings: [
        {
          message:
            'Unknown field spec.hostPIC: PodSpec has no such field (did you mean "hostIPC" or "hostPID"?).',
          position: [6, 3, 6, 10],
        },
      ],
    },
    {
      name: 'close name of another type',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0
              port: 8080
      `,
      findings: [
        {
          message:
            'Unknown field spec.containers[0].port: Container has no such field (did you mean "ports"?).',
          position: [9, 7, 9, 11],
        },
      ],
    },
    {
      name: 'close name already set',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: payments
          labels:
            team: payments
          label:
            pod-security.kubernetes.io/enforce: restricted
      `,
      findings: [
        {
          message:
            'Unknown field metadata.label: ObjectMeta has no such field (did you mean "labels"?).',
          position: [7, 3, 7, 8],
        },
      ],
    },
    {
      name: 'no close name',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: deny
        spec:
          podSelector: {}
          denyAll: true
      `,
      findings: [
        {
          message: 'Unknown field spec.denyAll: NetworkPolicySpec has no such field.',
          position: [7, 3, 7, 10],
        },
      ],
    },
    {
      name: 'Velero encryption under objectStorage',
      code: `${VELERO_CRD}---\n${yaml`
        apiVersion: velero.io/v1
        kind: BackupStorageLocation
        metadata:
          name: default
        spec:
          provider: aws
          objectStorage:
            bucket: backups
            serverSideEncryption: AES256
      `}`,
      findings: [
        {
          message:
            'Unknown field spec.objectStorage.serverSideEncryption: the BackupStorageLocation schema has no such field; set it under spec.config, the only place the object store plugin reads its settings from.',
          position: [58, 5, 58, 25],
        },
      ],
    },
    {
      name: 'StorageClass parameter at the top level',
      code: yaml`
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: encrypted
        provisioner: driver.longhorn.io
        encrypted: "true"
      `,
      findings: [
        {
          message:
            'Unknown field encrypted: StorageClass has no such field; set it under parameters, the map of settings the provisioner reads.',
          position: [6, 1, 6, 10],
        },
      ],
    },
    {
      name: 'item of a List',
      code: yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: app
            automountServiceAccountTokens: false
      `,
      findings: [
        {
          message:
            'Unknown field automountServiceAccountTokens: ServiceAccount has no such field (did you mean "automountServiceAccountToken"?).',
          position: [8, 5, 8, 34],
          fix: {
            description: 'Rename "automountServiceAccountTokens" to "automountServiceAccountToken"',
            output: yaml`
              apiVersion: v1
              kind: List
              items:
                - apiVersion: v1
                  kind: ServiceAccount
                  metadata:
                    name: app
                  automountServiceAccountToken: false
            `,
          },
        },
      ],
    },
  ],
});
