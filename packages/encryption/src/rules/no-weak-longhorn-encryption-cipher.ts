import { defineRule, type K8sObject, type RuleContext } from '@kubeharden/core';

import { describeClasses, keySecretUses } from '../model/longhorn.js';
import { secretEntry } from '../model/secrets.js';
import { numberOption } from '../model/values.js';
import { AT_REST, LONGHORN } from './sections.js';

// Longhorn passes these to cryptsetup; absent keys take cryptsetup's LUKS2 defaults as Longhorn
// documents them: aes-xts-plain64, sha256, 256-bit key, argon2i.
const MINIMUM_KEY_BITS = 128;
const MINIMUM_PBKDF2_ITERATIONS = 100_000;
const WEAK_HASHES = new Set(['md5', 'sha1', 'ripemd160']);
const KNOWN_PBKDFS = new Set(['argon2i', 'argon2id', 'pbkdf2']);

/** One problem with an encryption setting; the message never repeats the Secret's value. */
interface SettingProblem {
  readonly key: string;
  readonly problem: string;
}

export const noWeakLonghornEncryptionCipher = defineRule({
  id: 'no-weak-longhorn-encryption-cipher',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'The key Secret of an encrypted Longhorn StorageClass selects a sound cipher, hash, key size and key derivation function.',
    remediation:
      'Remove CRYPTO_KEY_CIPHER, CRYPTO_KEY_HASH, CRYPTO_KEY_SIZE and CRYPTO_PBKDF from the key Secret to use the defaults (aes-xts-plain64, sha256, 256, argon2i), or set them to values of the same strength.',
    rationale:
      'Longhorn hands these settings to cryptsetup when it formats a volume. A null or ECB cipher, CBC without ESSIV, a key below 128 effective bits, MD5 or SHA-1 as passphrase hash, or a PBKDF2 iteration count far below current guidance weakens encryption of every volume of the class, and the setting cannot be changed without reformatting. Written against ' +
      LONGHORN +
      ', which documents CRYPTO_KEY_CIPHER, CRYPTO_KEY_HASH, CRYPTO_KEY_SIZE, CRYPTO_PBKDF, CRYPTO_PBKDF_FORCE_ITERATIONS and CRYPTO_KEY_PROVIDER.',
    hipaa: AT_REST,
    kinds: ['StorageClass', 'Secret'],
    limitations: [
      'Only Secrets in the manifests that a class names with a fixed name and namespace are checked.',
      'Messages name the Secret key but not its value, because Secret values are never printed.',
    ],
  },
  create(context) {
    const minimumIterations = numberOption(
      context.options,
      'minimumPbkdf2Iterations',
      MINIMUM_PBKDF2_ITERATIONS,
    );

    return {
      end() {
        for (const { secret, storageClasses } of keySecretUses(context.objects)) {
          for (const problem of settingProblems(secret, minimumIterations)) {
            reportProblem(context, secret, storageClasses, problem);
          }
        }
      },
    };
  },
});

function reportProblem(
  context: RuleContext,
  secret: K8sObject,
  storageClasses: readonly K8sObject[],
  problem: SettingProblem,
): void {
  const entry = secretEntry(secret, problem.key);
  if (!entry) return;
  context.report({
    object: secret,
    path: entry.path,
    message: `Secret "${secret.namespace ?? ''}/${secret.name ?? ''}", the encryption key of ${describeClasses(storageClasses)}, sets ${problem.key} to a value that ${problem.problem}.`,
  });
}

function settingProblems(secret: K8sObject, minimumIterations: number): SettingProblem[] {
  const read = (key: string): string | undefined => {
    const entry = secretEntry(secret, key);
    return entry ? (entry.value ?? '').trim() : undefined;
  };
  const problems: SettingProblem[] = [];

  const provider = read('CRYPTO_KEY_PROVIDER');
  if (provider !== undefined && provider !== 'secret') {
    problems.push({
      key: 'CRYPTO_KEY_PROVIDER',
      problem: 'Longhorn does not support; remove it or set it to "secret"',
    });
  }

  const cipher = read('CRYPTO_KEY_CIPHER')?.toLowerCase();
  const cipherProblem = cipher === undefined ? undefined : weakCipher(cipher);
  if (cipherProblem) problems.push({ key: 'CRYPTO_KEY_CIPHER', problem: cipherProblem });

  const size = read('CRYPTO_KEY_SIZE');
  if (size !== undefined) {
    const bits = /^\d+$/.test(size) ? Number(size) : Number.NaN;
    // XTS splits the key in two halves, so a 256-bit XTS key is AES-128.
    const effective = (cipher ?? 'aes-xts-plain64').includes('xts') ? bits / 2 : bits;
    if (Number.isNaN(bits) || bits % 8 !== 0) {
      problems.push({
        key: 'CRYPTO_KEY_SIZE',
        problem: 'is not a whole number of bits divisible by 8; use 256 or 512',
      });
    } else if (effective < MINIMUM_KEY_BITS) {
      problems.push({
        key: 'CRYPTO_KEY_SIZE',
        problem: `gives less than ${MINIMUM_KEY_BITS} effective key bits; use 256, or 512 with an XTS cipher for AES-256`,
      });
    }
  }

  const hash = read('CRYPTO_KEY_HASH')?.toLowerCase();
  if (hash !== undefined && WEAK_HASHES.has(hash)) {
    problems.push({
      key: 'CRYPTO_KEY_HASH',
      problem: 'is a broken hash function; use sha256 or sha512',
    });
  }

  const pbkdf = read('CRYPTO_PBKDF')?.toLowerCase();
  if (pbkdf !== undefined && !KNOWN_PBKDFS.has(pbkdf)) {
    problems.push({
      key: 'CRYPTO_PBKDF',
      problem:
        'is not argon2i, argon2id or pbkdf2; use argon2id, or pbkdf2 where FIPS mode requires it',
    });
  }

  const iterations = read('CRYPTO_PBKDF_FORCE_ITERATIONS');
  if (iterations !== undefined && pbkdf === 'pbkdf2') {
    const count = /^\d+$/.test(iterations) ? Number(iterations) : Number.NaN;
    if (Number.isNaN(count) || count < minimumIterations) {
      problems.push({
        key: 'CRYPTO_PBKDF_FORCE_ITERATIONS',
        problem: `forces fewer than ${minimumIterations} PBKDF2 iterations; raise it or remove it so cryptsetup benchmarks the count`,
      });
    }
  }
  return problems;
}

/** Explains why a cryptsetup cipher specification is weak, or returns `undefined` when it is acceptable. */
function weakCipher(cipher: string): string | undefined {
  if (cipher === '' || cipher.includes('null')) return 'turns encryption off; use aes-xts-plain64';
  if (/(^|[-:])(des|3des|rc4|blowfish|cast5)/.test(cipher))
    return 'names an obsolete block cipher; use aes-xts-plain64';
  if (cipher.includes('ecb'))
    return 'uses ECB mode, which reveals patterns in the data; use aes-xts-plain64';
  if (cipher.includes('cbc') && !cipher.includes('essiv')) {
    return 'uses CBC with a predictable IV, which allows watermarking attacks; use aes-xts-plain64 or aes-cbc-essiv:sha256';
  }
  return undefined;
}
