import { defineRule, type K8sObject } from '@kubeharden/core';

import { isLonghornClass, secretParameterNames } from '../model/longhorn.js';
import { compact, isGoTrue, recordOf, setField, show, stringListOption } from '../model/values.js';
import { AT_REST, LONGHORN } from './sections.js';

const ENCRYPTED_PATH = ['parameters', 'encrypted'];

export const requireLonghornVolumeEncryption = defineRule({
  id: 'require-longhorn-volume-encryption',
  meta: {
    area: 'encryption',
    severity: 'error',
    description: 'Every Longhorn StorageClass sets parameters.encrypted to the string "true".',
    remediation:
      'Set parameters.encrypted to "true" (quoted) and name the key Secret in the node-stage and node-publish secret parameters; list classes meant for data without protection needs in the allowUnencrypted option.',
    rationale:
      'Longhorn encrypts a volume with dm-crypt only when its StorageClass sets parameters.encrypted to "true"; otherwise replicas, snapshots and backups hold health data in clear text on node disks and in the backup store. StorageClass parameters are strings, so an unquoted YAML true is rejected by the API server and the class is never created. Written against ' +
      LONGHORN +
      ', whose documentation describes the parameter and its key Secret.',
    hipaa: AT_REST,
    fixable: 'fix',
    kinds: ['StorageClass'],
    limitations: [
      'Other strings that Go strconv.ParseBool reads as true, such as "True" or "1", are accepted, because Longhorn parses the parameter with it.',
      'Encryption configured outside the StorageClass, such as LUKS on the node disks, is not visible; list such classes in the allowUnencrypted option.',
    ],
  },
  create(context) {
    const allowed = stringListOption(context.options, 'allowUnencrypted', []);

    return {
      object(storageClass) {
        if (!isLonghornClass(storageClass) || allowed.includes(storageClass.name ?? '')) return;
        const encrypted = recordOf(storageClass.get(['parameters'])).encrypted;
        if (isGoTrue(encrypted)) return;

        const name = storageClass.name ?? '';
        if (encrypted === true) {
          const fix = setField(storageClass, ENCRYPTED_PATH, 'true', 'Quote "true"');
          context.report({
            object: storageClass,
            path: ENCRYPTED_PATH,
            message: `StorageClass "${name}" sets parameters.encrypted to the YAML boolean true, but StorageClass parameters are strings and the API server rejects the class; quote it as "true".`,
            ...(fix ? { fix } : {}),
          });
          return;
        }

        const problem =
          encrypted === undefined
            ? 'does not set parameters.encrypted'
            : `sets parameters.encrypted to ${show(encrypted)}`;
        const suggestions = hasNodeSecrets(storageClass)
          ? compact([
              setField(storageClass, ENCRYPTED_PATH, 'true', 'Set parameters.encrypted to "true"'),
            ])
          : [];
        context.report({
          object: storageClass,
          path: ENCRYPTED_PATH,
          message: `Longhorn StorageClass "${name}" ${problem}, so its volumes are stored unencrypted; set it to "true" and name the key Secret in the node-stage and node-publish secret parameters.`,
          ...(suggestions.length > 0 ? { suggestions } : {}),
        });
      },
    };
  },
});

/** True when the class already names node Secrets, so turning encryption on is one edit. */
function hasNodeSecrets(storageClass: K8sObject): boolean {
  const parameters = recordOf(storageClass.get(['parameters']));
  return (['node-stage', 'node-publish'] as const).every((operation) => {
    const names = secretParameterNames(operation);
    return (
      typeof parameters[names.name] === 'string' && typeof parameters[names.namespace] === 'string'
    );
  });
}
