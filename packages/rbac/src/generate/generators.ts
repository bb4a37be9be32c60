import { defineGenerator, type Generator } from '@kubeharden/core';

import { serviceAccount } from './objects.js';

/**
 * The ServiceAccount that the `no-default-service-account` suggestion points a workload at. Its
 * token stays unmounted, which fits workloads that do not call the Kubernetes API.
 */
export const workloadServiceAccount: Generator = defineGenerator({
  name: 'workload-service-account',
  area: 'rbac',
  description:
    'A ServiceAccount for one workload, without permissions and with automountServiceAccountToken set to false.',
  options: [
    {
      name: 'name',
      type: 'string',
      required: true,
      description: "name of the ServiceAccount, usually the workload's name",
    },
    { name: 'namespace', type: 'string', required: true, description: 'namespace of the workload' },
  ],
  generate(options) {
    return [
      serviceAccount({ name: options.name as string, namespace: options.namespace as string }),
    ];
  },
});

/** Every generator of the RBAC area. */
export const RBAC_GENERATORS: readonly Generator[] = [workloadServiceAccount];
