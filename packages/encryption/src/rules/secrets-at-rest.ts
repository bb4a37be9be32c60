import { defineRule, type K8sObject, type Path } from '@kubeharden/core';

import { groupOf, listOf, recordOf, show } from '../model/values.js';
import { AT_REST, KUBERNETES } from './sections.js';

const CONFIG_GROUP = 'apiserver.config.k8s.io';
const LOCAL_KEY_PROVIDERS = new Set(['aescbc', 'aesgcm', 'secretbox']);

/** The resource list entry that decides how Secrets are stored, and its first provider. */
interface SecretsProvider {
  readonly entryIndex: number;
  /** Name of the first provider (`identity`, `kms`, ...), or `undefined` when the list is empty. */
  readonly provider?: string;
  readonly providerPath: Path;
}

function isEncryptionConfiguration(object: K8sObject): boolean {
  return object.kind === 'EncryptionConfiguration' && groupOf(object) === CONFIG_GROUP;
}

/**
 * Finds the first resources entry that covers Secrets, as the API server processes entries in
 * order: `secrets` by name, `*.` for the core group or `*.*` for everything.
 */
function secretsProvider(config: K8sObject): SecretsProvider | undefined {
  const entries = listOf(config.get(['resources']));
  for (const [entryIndex, entry] of entries.entries()) {
    const names = listOf(recordOf(entry).resources);
    if (!names.some((name) => name === 'secrets' || name === '*.' || name === '*.*')) continue;
    const first = recordOf(listOf(recordOf(entry).providers)[0]);
    const provider = Object.keys(first)[0];
    return {
      entryIndex,
      providerPath: ['resources', entryIndex, 'providers', 0, provider ?? ''],
      ...(provider ? { provider } : {}),
    };
  }
  return undefined;
}

export const requireSecretsEncryptionAtRest = defineRule({
  id: 'require-secrets-encryption-at-rest',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'An EncryptionConfiguration covers Secrets and its first provider for them encrypts.',
    remediation:
      'Add an entry for secrets whose first provider is kms (apiVersion v2) or a local key provider, and keep identity only after it so existing plain-text Secrets stay readable until they are rewritten.',
    rationale:
      'The API server encrypts a resource with the first provider of the first resources entry that names it, and reads with every provider in the list. With identity first, or with no entry for secrets, Secrets are written to etcd in plain text, so anyone with a copy of etcd or its backups reads every credential of the cluster. Written against the EncryptionConfiguration API of ' +
      KUBERNETES +
      ', where "*." covers the core group and "*.*" every resource.',
    hipaa: AT_REST,
    kinds: ['EncryptionConfiguration'],
    limitations: [
      'Whether kube-apiserver loads this file is checked by require-encryption-provider-config-flag.',
    ],
  },
  create(context) {
    return {
      object(config) {
        if (!isEncryptionConfiguration(config)) return;
        const found = secretsProvider(config);
        if (!found) {
          context.report({
            object: config,
            path: ['resources'],
            target: 'key',
            message:
              'EncryptionConfiguration has no resources entry for secrets, "*." or "*.*", so Secrets are stored in etcd unencrypted; add an entry for secrets with an encrypting provider first.',
          });
          return;
        }
        if (found.provider === undefined) {
          context.report({
            object: config,
            path: ['resources', found.entryIndex, 'providers'],
            target: 'key',
            message:
              'The EncryptionConfiguration entry for Secrets lists no provider; add kms (apiVersion v2) as the first provider.',
          });
          return;
        }
        if (found.provider !== 'identity') return;
        context.report({
          object: config,
          path: found.providerPath,
          target: 'key',
          message:
            'The first provider for Secrets is identity, so new and updated Secrets are written to etcd unencrypted; put kms (apiVersion v2) or a local key provider before identity.',
        });
      },
    };
  },
});

export const requireKmsV2EncryptionProvider = defineRule({
  id: 'require-kms-v2-encryption-provider',
  meta: {
    area: 'encryption',
    severity: 'info',
    description:
      'Secrets are encrypted at rest with the KMS v2 provider instead of a key stored on the control plane.',
    remediation:
      'Make kms with apiVersion: v2 the first provider for secrets, backed by a key management service, and keep the local key provider after it until every Secret has been rewritten.',
    rationale:
      'The aescbc, aesgcm and secretbox providers keep their key in the EncryptionConfiguration file on every control plane node, so whoever reads the node disk or its backups can decrypt etcd. KMS v2 keeps the key encryption key in an external service with its own access control and audit log. KMS v1 is deprecated since Kubernetes 1.28 and off by default since 1.29. Written against ' +
      KUBERNETES +
      '.',
    hipaa: AT_REST,
    kinds: ['EncryptionConfiguration'],
  },
  create(context) {
    return {
      object(config) {
        if (!isEncryptionConfiguration(config)) return;
        const found = secretsProvider(config);
        if (!found?.provider) return;

        if (LOCAL_KEY_PROVIDERS.has(found.provider)) {
          context.report({
            object: config,
            path: found.providerPath,
            target: 'key',
            message: `Secrets are encrypted with the ${found.provider} provider, whose key is stored in this file on the control plane nodes; use kms with apiVersion v2 as the first provider.`,
          });
          return;
        }
        if (found.provider !== 'kms') return;
        const apiVersionPath = [...found.providerPath, 'apiVersion'];
        const apiVersion = config.get(apiVersionPath);
        if (apiVersion === 'v2') return;
        context.report({
          object: config,
          path: apiVersionPath,
          message:
            apiVersion === undefined
              ? 'The kms provider for Secrets sets no apiVersion, which means the deprecated KMS v1; set apiVersion to v2.'
              : `The kms provider for Secrets uses apiVersion ${show(apiVersion)}; set it to v2, because KMS v1 is deprecated.`,
        });
      },
    };
  },
});
