import type { ResourceType } from './resources.js';
import { VERSION } from '../version.js';

export const SCANNER_NAME = 'kubeharden-scanner';

// NOTE: no image is published yet; docs/integrations/cronjob.md shows how to build one, and
// --image points the CronJob at it.
export const DEFAULT_IMAGE = `ghcr.io/kubeharden/kubeharden:${VERSION}`;

// Weekly, early on Monday (UTC on most clusters), when few changes are rolled out.
export const DEFAULT_SCHEDULE = '17 3 * * 1';

// A user and group id that no base image assigns, as distroless images use for "nonroot".
const NONROOT_ID = 65532;

// Ports of the API server: 443 through the kubernetes Service, 6443 where the cluster exposes
// the server's own port to pods.
const API_SERVER_PORTS = [443, 6443];

const LABELS = { 'app.kubernetes.io/name': 'kubeharden', 'app.kubernetes.io/component': 'scanner' };

export interface ScannerCronJobOptions {
  readonly namespace: string;
  readonly schedule: string;
  readonly image: string;
  /** CIDR of the API server for the egress NetworkPolicy; default: any address on its ports. */
  readonly apiServerCidr?: string;
}

/** Builds the read-only ClusterRole that lets a scan get and list `types`. */
export function scannerRbacObjects(types: readonly ResourceType[]): Record<string, unknown>[] {
  return [clusterRole(types)];
}

/**
 * Builds the CronJob that runs `kubeharden scan` on a schedule, with its Namespace, ServiceAccount,
 * ClusterRole, ClusterRoleBinding and a NetworkPolicy, hardened so that kubeharden checks it clean.
 */
export function scannerCronJobObjects(types: readonly ResourceType[], options: ScannerCronJobOptions): Record<string, unknown>[] {
  validateName(options.namespace);
  validateSchedule(options.schedule);
  if (options.apiServerCidr !== undefined) validateCidr(options.apiServerCidr);
  const { namespace } = options;

  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          ...LABELS,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: SCANNER_NAME, namespace, labels: LABELS },
      // The pod mounts a short-lived projected token itself (below) instead.
      automountServiceAccountToken: false,
    },
    clusterRole(types),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: SCANNER_NAME, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: SCANNER_NAME },
      subjects: [{ kind: 'ServiceAccount', name: SCANNER_NAME, namespace }],
    },
    defaultDenyPolicy(namespace),
    networkPolicy(namespace, options.apiServerCidr),
    cronJob(options),
  ];
}

function clusterRole(types: readonly ResourceType[]): Record<string, unknown> {
  const byGroup = new Map<string, string[]>();
  for (const type of types) {
    const resources = byGroup.get(type.group);
    if (resources) {
      if (!resources.includes(type.resource)) resources.push(type.resource);
    } else {
      byGroup.set(type.group, [type.resource]);
    }
  }
  const secrets = types.some((type) => type.group === '' && type.resource === 'secrets');
  const description = secrets
    ? 'Read-only access for kubeharden scan. "list" on secrets also allows reading Secret values, although the scan requests metadata only.'
    : 'Read-only access for kubeharden scan, without secrets: the scan skips Secrets with a warning. Generate with --include-secrets to grant them.';
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: SCANNER_NAME, labels: LABELS, annotations: { 'kubernetes.io/description': description } },
    rules: [...byGroup].map(([group, resources]) => ({
      apiGroups: [group],
      resources: [...resources].sort(),
      verbs: ['get', 'list'],
    })),
  };
}

/** Denies all ingress and egress of every pod in the namespace that no other policy allows. */
function defaultDenyPolicy(namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny-all', namespace, labels: LABELS },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

/** Allows the scanner pods egress to the API server ports and nothing else. */
function networkPolicy(namespace: string, apiServerCidr: string | undefined): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: SCANNER_NAME, namespace, labels: LABELS },
    spec: {
      podSelector: { matchLabels: LABELS },
      policyTypes: ['Egress'],
      egress: [
        {
          ...(apiServerCidr ? { to: [{ ipBlock: { cidr: apiServerCidr } }] } : {}),
          ports: API_SERVER_PORTS.map((port) => ({ protocol: 'TCP', port })),
        },
      ],
    },
  };
}

function cronJob(options: ScannerCronJobOptions): Record<string, unknown> {
  const tokenPath = '/var/run/secrets/kubernetes.io/serviceaccount';
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: SCANNER_NAME,
      namespace: options.namespace,
      labels: LABELS,
      annotations: {
        'kubeharden.io/ignore': 'require-dns-egress',
        'kubeharden.io/ignore-reason':
          'The scan reaches the API server at the address in KUBERNETES_SERVICE_HOST and looks up no names.',
      },
    },
    spec: {
      schedule: options.schedule,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels: LABELS },
        spec: {
          // A failed run means findings or an unreachable API server; retrying changes neither.
          backoffLimit: 0,
          activeDeadlineSeconds: 1800,
          template: {
            metadata: { labels: LABELS },
            spec: {
              serviceAccountName: SCANNER_NAME,
              automountServiceAccountToken: false,
              restartPolicy: 'Never',
              securityContext: {
                runAsNonRoot: true,
                runAsUser: NONROOT_ID,
                runAsGroup: NONROOT_ID,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [
                {
                  name: 'scanner',
                  image: options.image,
                  imagePullPolicy: 'IfNotPresent',
                  args: ['scan', '--format', 'json'],
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                    capabilities: { drop: ['ALL'] },
                  },
                  resources: {
                    requests: { cpu: '100m', memory: '256Mi' },
                    limits: { cpu: '1', memory: '1Gi' },
                  },
                  volumeMounts: [
                    { name: 'api-token', mountPath: tokenPath, readOnly: true },
                    { name: 'tmp', mountPath: '/tmp' },
                  ],
                },
              ],
              volumes: [
                {
                  // The same files automounting would give, with a token that expires after an hour.
                  name: 'api-token',
                  projected: {
                    sources: [
                      { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
                      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
                      {
                        downwardAPI: {
                          items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
                        },
                      },
                    ],
                  },
                },
                { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
              ],
            },
          },
        },
      },
    },
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function validateName(namespace: string): void {
  if (!DNS_LABEL.test(namespace)) {
    throw new Error(
      `Invalid --namespace "${namespace}"; a namespace is a DNS label: lower-case letters, digits and "-", at most 63 characters.`,
    );
  }
}

function validateSchedule(schedule: string): void {
  const fields = schedule.trim().split(/\s+/);
  if (!schedule.trim().startsWith('@') && fields.length !== 5) {
    throw new Error(
      `Invalid --schedule "${schedule}"; give five cron fields (minute hour day-of-month month day-of-week), such as "${DEFAULT_SCHEDULE}".`,
    );
  }
}

function validateCidr(cidr: string): void {
  if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) {
    throw new Error(`Invalid --api-server-cidr "${cidr}"; give an address range such as 10.0.0.1/32.`);
  }
}
