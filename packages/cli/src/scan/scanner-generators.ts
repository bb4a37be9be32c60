import { DEFAULT_SETTINGS, defineGenerator, severityOf, type Generator } from '@kubeharden/core';

import { createRegistry } from '../registry.js';
import { RESOURCE_TYPES, resourceTypesFor, type ResourceType } from './resources.js';
import { DEFAULT_IMAGE, DEFAULT_SCHEDULE, scannerCronJobObjects, scannerRbacObjects } from './scanner-manifests.js';

const ALL_RESOURCES_OPTION = {
  name: 'all-resources',
  type: 'boolean',
  description: 'grant get and list on every resource type the scan knows, not only on those the rules read',
  default: 'false',
} as const;

const INCLUDE_SECRETS_OPTION = {
  name: 'include-secrets',
  type: 'boolean',
  description:
    'also grant get and list on secrets, so that the rules about Longhorn key Secrets see them; RBAC cannot grant Secret metadata without Secret values',
  default: 'false',
} as const;

/**
 * Selects the resource types a scan with the default settings reads, or every type in the table.
 * Secrets are left out unless `includeSecrets` is true, because "list" on secrets also allows
 * reading their values.
 */
function scannedTypes(allResources: unknown, includeSecrets: unknown): ResourceType[] {
  const rules = createRegistry()
    .list()
    .filter((rule) => severityOf(rule, DEFAULT_SETTINGS) !== 'off');
  const types = allResources === true ? [...RESOURCE_TYPES] : resourceTypesFor(rules);
  return includeSecrets === true ? types : types.filter((type) => !isSecrets(type));
}

const isSecrets = (type: ResourceType): boolean => type.group === '' && type.resource === 'secrets';

const scannerRbac = defineGenerator({
  name: 'scanner-rbac',
  area: 'rbac',
  description:
    'The read-only ClusterRole (get and list only) that "kubeharden scan" needs. It grants secrets only with --include-secrets, because "list" on secrets also allows reading their values although the scan asks for metadata only.',
  options: [ALL_RESOURCES_OPTION, INCLUDE_SECRETS_OPTION],
  generate: (options) => scannerRbacObjects(scannedTypes(options['all-resources'], options['include-secrets'])),
});

const scannerCronJob = defineGenerator({
  name: 'scanner-cronjob',
  area: 'audit',
  description:
    'A CronJob that runs "kubeharden scan" periodically and prints a JSON report to its log, with its Namespace, ServiceAccount, read-only ClusterRole and binding, and a NetworkPolicy.',
  options: [
    { name: 'namespace', type: 'string', description: 'namespace to create for the scanner', default: 'kubeharden' },
    { name: 'schedule', type: 'string', description: 'cron schedule of the scans', default: DEFAULT_SCHEDULE },
    { name: 'image', type: 'string', description: 'container image with kubeharden as its entry point', default: DEFAULT_IMAGE },
    {
      name: 'api-server-cidr',
      type: 'string',
      description: 'address range of the API server, to narrow the egress NetworkPolicy (default: any address on ports 443 and 6443)',
    },
    ALL_RESOURCES_OPTION,
    INCLUDE_SECRETS_OPTION,
  ],
  generate: (options) =>
    scannerCronJobObjects(scannedTypes(options['all-resources'], options['include-secrets']), {
      namespace: typeof options.namespace === 'string' ? options.namespace : 'kubeharden',
      schedule: typeof options.schedule === 'string' ? options.schedule : DEFAULT_SCHEDULE,
      image: typeof options.image === 'string' ? options.image : DEFAULT_IMAGE,
      ...(typeof options['api-server-cidr'] === 'string' ? { apiServerCidr: options['api-server-cidr'] } : {}),
    }),
});

/** Generators for running kubeharden inside the cluster it checks. */
export const SCANNER_GENERATORS: readonly Generator[] = [scannerRbac, scannerCronJob];
