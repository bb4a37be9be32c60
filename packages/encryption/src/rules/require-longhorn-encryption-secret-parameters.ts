import { defineRule, type K8sObject, type RuleContext } from '@kubeharden/core';

import { setFields } from '../model/edits.js';
import {
  CSI_SECRET_OPERATIONS,
  isEncryptedLonghornClass,
  keySecretReferences,
  secretParameterNames,
  type CsiSecretOperation,
} from '../model/longhorn.js';
import { findSecret } from '../model/secrets.js';
import { booleanOption, recordOf, show } from '../model/values.js';
import { AT_REST, LONGHORN } from './sections.js';

// The kubelet passes the node-stage Secret when it opens the encrypted device and the node-publish
// Secret when it mounts it. Without them Longhorn cannot unlock the volume.
const REQUIRED_OPERATIONS: readonly CsiSecretOperation[] = ['node-stage', 'node-publish'];

interface SecretReference {
  readonly operation: CsiSecretOperation;
  readonly name: unknown;
  readonly namespace: unknown;
}

export const requireLonghornEncryptionSecretParameters = defineRule({
  id: 'require-longhorn-encryption-secret-parameters',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Every encrypted Longhorn StorageClass names its key Secret for node stage and node publish, with the same name and namespace in every CSI secret parameter.',
    remediation:
      'Set csi.storage.k8s.io/node-stage-secret-name and -namespace and csi.storage.k8s.io/node-publish-secret-name and -namespace to the key Secret, and make every other CSI secret parameter name the same Secret.',
    rationale:
      'The kubelet fetches the Secret named by the node-stage and node-publish parameters and hands its key to Longhorn, which opens the dm-crypt device with it. A missing parameter leaves encrypted volumes unusable, and parameters that name different Secrets open a volume with a key other than the one it was formatted with. Written against ' +
      LONGHORN +
      ', whose documentation lists the provisioner parameters as optional and historical, the node-stage and node-publish parameters as required and the node-expand parameters as required for online expansion.',
    hipaa: AT_REST,
    fixable: 'suggestion',
    kinds: ['StorageClass', 'Secret'],
    limitations: [
      'Secret names built from templates such as ${pvc.name} are checked for presence only, because they resolve per volume.',
      'The referenced Secret is required to be in the manifests only when completeManifests is set.',
    ],
  },
  create(context) {
    const requireProvisioner = booleanOption(context.options, 'requireProvisionerSecret', false);
    const required = requireProvisioner
      ? [...REQUIRED_OPERATIONS, 'provisioner' as const]
      : REQUIRED_OPERATIONS;

    return {
      object(storageClass) {
        if (!isEncryptedLonghornClass(storageClass)) return;
        const references = readReferences(storageClass);
        reportMissing(context, storageClass, references, required);
        reportInconsistent(context, storageClass, references);
        if (context.settings.completeManifests) reportUndefinedSecrets(context, storageClass);
      },
    };
  },
});

function readReferences(storageClass: K8sObject): SecretReference[] {
  const parameters = recordOf(storageClass.get(['parameters']));
  return CSI_SECRET_OPERATIONS.map((operation) => {
    const names = secretParameterNames(operation);
    return { operation, name: parameters[names.name], namespace: parameters[names.namespace] };
  });
}

function isSet(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/** Picks the reference other parameters are compared with: node-stage, else the first complete one. */
function baselineOf(references: readonly SecretReference[]): SecretReference | undefined {
  const complete = references.filter(
    (reference) => isSet(reference.name) && isSet(reference.namespace),
  );
  return complete.find((reference) => reference.operation === 'node-stage') ?? complete[0];
}

function reportMissing(
  context: RuleContext,
  storageClass: K8sObject,
  references: readonly SecretReference[],
  required: readonly CsiSecretOperation[],
): void {
  const baseline = baselineOf(references);
  for (const reference of references) {
    const names = secretParameterNames(reference.operation);
    const hasName = isSet(reference.name);
    const hasNamespace = isSet(reference.namespace);
    const mandatory = required.includes(reference.operation);
    if (hasName === hasNamespace && (hasName || !mandatory)) continue;

    const missing = [
      ...(hasName ? [] : [{ key: names.name, value: baseline?.name }]),
      ...(hasNamespace ? [] : [{ key: names.namespace, value: baseline?.namespace }]),
    ];
    const missingKeys = missing.map((entry) => `"${entry.key}"`).join(' and ');
    const reason = mandatory
      ? `the kubelet needs it to hand the key to Longhorn for ${reference.operation.replace('-', ' ')}`
      : 'a Secret reference needs both name and namespace';
    const suggestion = baseline
      ? setFields(
          storageClass,
          missing.map((entry) => ({ path: ['parameters', entry.key], value: entry.value })),
          `Name Secret "${String(baseline.namespace)}/${String(baseline.name)}" for ${reference.operation}`,
        )
      : undefined;
    context.report({
      object: storageClass,
      path: ['parameters', missing[0]!.key],
      message: `Encrypted Longhorn StorageClass "${storageClass.name ?? ''}" does not set ${missingKeys}, and ${reason}; set ${missing.length === 1 ? 'it' : 'them'} to the key Secret.`,
      ...(suggestion ? { suggestions: [suggestion] } : {}),
    });
  }
}

function reportInconsistent(
  context: RuleContext,
  storageClass: K8sObject,
  references: readonly SecretReference[],
): void {
  const baseline = baselineOf(references);
  if (!baseline) return;
  const baselineNames = secretParameterNames(baseline.operation);

  for (const reference of references) {
    if (reference === baseline) continue;
    const names = secretParameterNames(reference.operation);
    const fields = [
      {
        key: names.name,
        value: reference.name,
        expected: baseline.name,
        baselineKey: baselineNames.name,
      },
      {
        key: names.namespace,
        value: reference.namespace,
        expected: baseline.namespace,
        baselineKey: baselineNames.namespace,
      },
    ];
    for (const field of fields) {
      if (!isSet(field.value) || field.value === field.expected) continue;
      const suggestion = setFields(
        storageClass,
        [{ path: ['parameters', field.key], value: field.expected }],
        `Set ${field.key} to ${show(field.expected)}`,
      );
      context.report({
        object: storageClass,
        path: ['parameters', field.key],
        message: `Parameter "${field.key}" is ${show(field.value)} but "${field.baselineKey}" is ${show(field.expected)}, so Longhorn would get different keys for one volume; name the same Secret in every CSI secret parameter.`,
        ...(suggestion ? { suggestions: [suggestion] } : {}),
      });
    }
  }
}

function reportUndefinedSecrets(context: RuleContext, storageClass: K8sObject): void {
  for (const reference of keySecretReferences(storageClass)) {
    if (findSecret(context.objects, reference.namespace, reference.name)) continue;
    context.report({
      object: storageClass,
      path: ['parameters', reference.parameter],
      message: `Key Secret "${reference.namespace}/${reference.name}" of StorageClass "${storageClass.name ?? ''}" is not in the manifests, so volumes of this class cannot be opened; add the Secret with CRYPTO_KEY_VALUE.`,
    });
  }
}
