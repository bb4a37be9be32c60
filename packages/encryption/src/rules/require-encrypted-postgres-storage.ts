import { defineRule, formatPath, type Path } from '@kubeharden/core';

import { claimClassProblem } from '../model/claims.js';
import { isCnpgCluster } from '../model/cnpg.js';
import { isHealthData } from '../model/scope.js';
import { readAllowances } from '../model/storage.js';
import { listOf, recordOf, stringOf } from '../model/values.js';
import { AT_REST, CLOUDNATIVE_PG } from './sections.js';

export const requireEncryptedPostgresStorage = defineRule({
  id: 'require-encrypted-postgres-storage',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'CloudNativePG clusters that hold health data keep data, WAL and tablespaces on StorageClasses that encrypt them.',
    remediation:
      'Set spec.storage.storageClass, spec.walStorage.storageClass and spec.tablespaces[].storage.storageClass to an encrypted StorageClass, or make an encrypted class the default.',
    rationale:
      'CloudNativePG creates one PersistentVolumeClaim per instance for the data directory, one for WAL when walStorage is set and one per tablespace, from storage.storageClass or else storage.pvcTemplate.storageClassName or else the default class. Every one of them holds table data, so each must be encrypted. Written against ' +
      CLOUDNATIVE_PG +
      ', where storageClass takes precedence over the PVC template.',
    hipaa: AT_REST,
    kinds: ['Cluster', 'StorageClass', 'Namespace'],
    limitations: [
      'A class that is not in the manifests is not judged, unless the cluster relies on the default class and no default class is in the manifests.',
    ],
  },
  create(context) {
    const allowances = readAllowances(context.options);

    return {
      object(cluster) {
        if (!isCnpgCluster(cluster) || !isHealthData(context, cluster)) return;

        const stores: { readonly label: string; readonly path: Path }[] = [
          { label: 'data storage', path: ['spec', 'storage'] },
          { label: 'WAL storage', path: ['spec', 'walStorage'] },
          ...listOf(cluster.get(['spec', 'tablespaces'])).map((tablespace, index) => ({
            label: `tablespace "${stringOf(recordOf(tablespace).name) ?? index}"`,
            path: ['spec', 'tablespaces', index, 'storage'] as Path,
          })),
        ];
        for (const store of stores) {
          const storage = cluster.get(store.path);
          if (storage === undefined || storage === null) continue;
          const direct = recordOf(storage).storageClass;
          const fromTemplate = recordOf(recordOf(storage).pvcTemplate).storageClassName;
          const className = direct ?? fromTemplate;
          const path: Path =
            direct === undefined && fromTemplate !== undefined
              ? [...store.path, 'pvcTemplate', 'storageClassName']
              : [...store.path, 'storageClass'];

          const problem = claimClassProblem(context.objects, className, allowances);
          if (!problem) continue;
          context.report({
            object: cluster,
            path,
            message: `The ${store.label} of CloudNativePG Cluster "${cluster.name ?? ''}" ${problem}; set ${formatPath(path)} to an encrypted StorageClass.`,
          });
        }
      },
    };
  },
});
