import { defineRule } from '@kubeharden/core';

import { describeClasses, keySecretUses } from '../model/longhorn.js';
import { secretEntry } from '../model/secrets.js';
import { weakSecretReason } from '../model/weak-secrets.js';
import { numberOption } from '../model/values.js';
import { AT_REST, LONGHORN } from './sections.js';

const KEY = 'CRYPTO_KEY_VALUE';

// A LUKS passphrase goes through a key derivation function, so length matters more than alphabet;
// 20 characters of random base64 carry about 120 bits.
const DEFAULT_MINIMUM_LENGTH = 20;

export const noWeakLonghornEncryptionKey = defineRule({
  id: 'no-weak-longhorn-encryption-key',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'The key Secret of an encrypted Longhorn StorageClass has a CRYPTO_KEY_VALUE that is set and not a placeholder.',
    remediation:
      'Generate a random passphrase (for example `openssl rand -base64 32`), store it as CRYPTO_KEY_VALUE in the key Secret, and keep the Secret out of version control.',
    rationale:
      'Longhorn derives the dm-crypt key of every volume of the class from CRYPTO_KEY_VALUE. An empty value leaves volumes unusable, and a passphrase copied from an example or left as a template placeholder is public, so the encryption protects nothing. Written against ' +
      LONGHORN +
      ', whose examples ship a sample passphrase that must be replaced.',
    hipaa: AT_REST,
    kinds: ['StorageClass', 'Secret'],
    limitations: [
      'Only Secrets in the manifests that a class names with a fixed name and namespace are checked.',
      'Weakness is judged by heuristics (length, repeated characters, example words); a long but guessable passphrase passes.',
    ],
  },
  create(context) {
    const minimumLength = numberOption(context.options, 'minimumLength', DEFAULT_MINIMUM_LENGTH);

    return {
      end() {
        for (const { secret, storageClasses } of keySecretUses(context.objects)) {
          const subject = `Secret "${secret.namespace ?? ''}/${secret.name ?? ''}", the encryption key of ${describeClasses(storageClasses)},`;
          const entry = secretEntry(secret, KEY);
          if (!entry) {
            const parent =
              secret.get(['data']) !== undefined && secret.get(['stringData']) === undefined
                ? 'data'
                : 'stringData';
            context.report({
              object: secret,
              path: [parent, KEY],
              message: `${subject} has no ${KEY}, so Longhorn cannot open its volumes; add a random passphrase under ${KEY}.`,
            });
            continue;
          }

          const reason =
            entry.value === undefined
              ? 'is not valid base64'
              : weakSecretReason(entry.value, minimumLength);
          if (!reason) continue;
          context.report({
            object: secret,
            path: entry.path,
            message: `${subject} has a ${KEY} that ${reason}; replace it with a random passphrase of at least ${minimumLength} characters.`,
          });
        }
      },
    };
  },
});
