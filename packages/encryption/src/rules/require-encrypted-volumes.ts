import {
  defineRule,
  POD_BEARING_KINDS,
  type K8sObject,
  type Path,
  type RuleContext,
} from '@kubeharden/core';

import { claimClassProblem } from '../model/claims.js';
import { isHealthData, podTemplateLabels } from '../model/scope.js';
import {
  classVerdict,
  LONGHORN_PROVISIONER,
  readAllowances,
  type EncryptionAllowances,
} from '../model/storage.js';
import { groupOf, isGoTrue, listOf, recordOf, stringOf } from '../model/values.js';
import { AT_REST, LONGHORN } from './sections.js';

const REMEDY =
  'use a StorageClass that encrypts volumes, such as Longhorn with parameters.encrypted: "true"';

export const requireEncryptedVolumes = defineRule({
  id: 'require-encrypted-volumes',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Volumes of workloads that hold health data come from StorageClasses that encrypt them, including the default class when a claim names none.',
    remediation:
      'Set storageClassName to an encrypted StorageClass, or mark an encrypted class as the default with the annotation storageclass.kubernetes.io/is-default-class: "true"; declare classes encrypted by means kubeharden cannot see in the encryptedStorageClasses or encryptedProvisioners option.',
    rationale:
      'A PersistentVolumeClaim gets its disk from its StorageClass, or from the default class when it names none; health data written to an unencrypted disk is readable from node disks, snapshots and backups. kubeharden reads Longhorn and AWS EBS classes by their encrypted parameter and treats Google and Azure disks as encrypted by the provider. Written against ' +
      LONGHORN +
      ' and the StorageClass API of Kubernetes 1.37.',
    hipaa: AT_REST,
    kinds: [
      'PersistentVolumeClaim',
      'PersistentVolume',
      'StorageClass',
      'Namespace',
      ...POD_BEARING_KINDS,
    ],
    limitations: [
      'A class that is not in the manifests is not judged, unless a claim relies on the default class and no default class is in the manifests.',
      'Claims with storageClassName: "" bind to pre-created PersistentVolumes, which are judged on their own when they are in the manifests.',
      'Classes of other provisioners count as unencrypted until listed in the encryptedStorageClasses or encryptedProvisioners option.',
    ],
  },
  create(context) {
    const allowances = readAllowances(context.options);

    return {
      object(object) {
        if (object.kind === 'PersistentVolumeClaim' && object.apiVersion === 'v1') {
          checkClaim(context, allowances, object);
        } else if (object.kind === 'PersistentVolume' && object.apiVersion === 'v1') {
          checkVolume(context, allowances, object);
        } else if (object.podTemplate) {
          checkWorkload(context, allowances, object);
        }
      },
    };
  },
});

function checkClaim(
  context: RuleContext,
  allowances: EncryptionAllowances,
  claim: K8sObject,
): void {
  if (!isHealthData(context, claim) && !mountedByHealthDataWorkload(context, claim)) return;
  const problem = claimClassProblem(
    context.objects,
    claim.get(['spec', 'storageClassName']),
    allowances,
  );
  if (!problem) return;
  report(
    context,
    claim,
    ['spec', 'storageClassName'],
    `PersistentVolumeClaim "${claim.name ?? ''}" ${problem}`,
  );
}

function checkWorkload(
  context: RuleContext,
  allowances: EncryptionAllowances,
  workload: K8sObject,
): void {
  if (!isHealthData(context, workload, podTemplateLabels(workload))) return;

  if (workload.kind === 'StatefulSet' && groupOf(workload) === 'apps') {
    listOf(workload.get(['spec', 'volumeClaimTemplates'])).forEach((template, index) => {
      const name =
        stringOf(recordOf(recordOf(template).metadata).name) ?? `volumeClaimTemplates[${index}]`;
      const path = ['spec', 'volumeClaimTemplates', index, 'spec', 'storageClassName'];
      const problem = claimClassProblem(context.objects, workload.get(path), allowances);
      if (problem)
        report(
          context,
          workload,
          path,
          `Volume claim template "${name}" of StatefulSet "${workload.name ?? ''}" ${problem}`,
        );
    });
  }

  const specPath = workload.podTemplate!.spec;
  listOf(workload.get([...specPath, 'volumes'])).forEach((volume, index) => {
    const ephemeral = recordOf(volume).ephemeral;
    if (ephemeral === undefined) return;
    const path = [
      ...specPath,
      'volumes',
      index,
      'ephemeral',
      'volumeClaimTemplate',
      'spec',
      'storageClassName',
    ];
    const problem = claimClassProblem(context.objects, workload.get(path), allowances);
    const name = stringOf(recordOf(volume).name) ?? `volumes[${index}]`;
    if (problem)
      report(
        context,
        workload,
        path,
        `Ephemeral volume "${name}" of ${workload.kind} "${workload.name ?? ''}" ${problem}`,
      );
  });
}

function checkVolume(
  context: RuleContext,
  allowances: EncryptionAllowances,
  volume: K8sObject,
): void {
  const claimNamespace = stringOf(volume.get(['spec', 'claimRef', 'namespace']));
  if (!isHealthData(context, volume, {}, claimNamespace)) return;

  const className = volume.get(['spec', 'storageClassName']);
  if (typeof className === 'string' && className !== '') {
    const verdict = classVerdict(context.objects, className, allowances);
    if (verdict.state !== 'unencrypted') return;
    report(
      context,
      volume,
      ['spec', 'storageClassName'],
      `PersistentVolume "${volume.name ?? ''}" uses StorageClass "${className}", which is not encrypted because ${verdict.reason}`,
    );
    return;
  }

  // A PersistentVolume of Longhorn carries the class parameters in its volume attributes.
  if (volume.get(['spec', 'csi', 'driver']) !== LONGHORN_PROVISIONER) return;
  const encrypted = volume.get(['spec', 'csi', 'volumeAttributes', 'encrypted']);
  if (isGoTrue(encrypted)) return;
  report(
    context,
    volume,
    ['spec', 'csi', 'volumeAttributes', 'encrypted'],
    `Longhorn PersistentVolume "${volume.name ?? ''}" does not set spec.csi.volumeAttributes.encrypted to "true", so its data is stored unencrypted`,
  );
}

function report(context: RuleContext, object: K8sObject, path: Path, sentence: string): void {
  context.report({ object, path, message: `${sentence}; ${REMEDY}.` });
}

/** True when a health-data workload in the claim's namespace mounts the claim. */
function mountedByHealthDataWorkload(context: RuleContext, claim: K8sObject): boolean {
  return context.objects.all.some((workload) => {
    const template = workload.podTemplate;
    if (!template || workload.namespace !== claim.namespace) return false;
    const mounts = listOf(workload.get([...template.spec, 'volumes'])).some(
      (volume) => recordOf(recordOf(volume).persistentVolumeClaim).claimName === claim.name,
    );
    return mounts && isHealthData(context, workload, podTemplateLabels(workload));
  });
}
