import {
  defineRule,
  POD_BEARING_KINDS,
  removeFieldEdits,
  setValueEdits,
  type FixProposal,
  type K8sObject,
  type Path,
  type RuleContext,
} from '@kubeharden/core';

import { mergeInsertions } from '../model/edits.js';
import { isCnpgCluster, isObjectStore } from '../model/cnpg.js';
import { healthDataNamespaces } from '../model/scope.js';
import {
  AWS_CONFIG_KEYS,
  isVeleroKind,
  OBJECT_STORAGE_FIELDS,
  scheduleCovers,
  usesAwsPlugin,
  VELERO_GROUP,
} from '../model/velero.js';
import {
  booleanOption,
  compact,
  groupOf,
  recordOf,
  setField,
  show,
  stringListOption,
} from '../model/values.js';
import {
  BACKUP_ENCRYPTION,
  BACKUP_PLAN,
  BARMAN_PLUGIN,
  CLOUDNATIVE_PG,
  IN_TRANSIT,
  VELERO,
} from './sections.js';

const ENCRYPTION_KEYS = ['serverSideEncryption', 'kmsKeyId', 'customerKeyEncryptionFile'];
const SSE_ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

export const requireBackupStorageEncryption = defineRule({
  id: 'require-backup-storage-encryption',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Velero BackupStorageLocations of the AWS plugin ask S3 for server-side encryption with serverSideEncryption, kmsKeyId or customerKeyEncryptionFile.',
    remediation:
      'Set spec.config.kmsKeyId to a KMS key (which implies aws:kms), or spec.config.serverSideEncryption to AES256, or spec.config.customerKeyEncryptionFile for SSE-C.',
    rationale:
      'Velero backups hold every object of the backed-up namespaces, Secrets included, and often volume data. velero-plugin-for-aws sends encryption headers only for the keys under spec.config; keys anywhere else are ignored, and S3-compatible stores such as MinIO encrypt only when asked. Written against ' +
      VELERO +
      ', whose plugin documents serverSideEncryption, kmsKeyId and customerKeyEncryptionFile as BackupStorageLocation config keys.',
    hipaa: BACKUP_ENCRYPTION,
    fixable: 'suggestion',
    kinds: ['BackupStorageLocation'],
    limitations: [
      'Only locations served by velero-plugin-for-aws are checked; the Azure and Google Cloud plugins store data encrypted by the provider.',
      'Default bucket encryption set in S3 itself is not visible in the manifests.',
    ],
  },
  create(context) {
    return {
      object(location) {
        if (!isVeleroKind(location, 'BackupStorageLocation') || !usesAwsPlugin(location)) return;
        const config = recordOf(location.get(['spec', 'config']));
        const sse = config.serverSideEncryption;
        if (typeof sse === 'string' && sse !== '' && !SSE_ALGORITHMS.has(sse)) {
          context.report({
            object: location,
            path: ['spec', 'config', 'serverSideEncryption'],
            message: `BackupStorageLocation "${location.name ?? ''}" sets serverSideEncryption to ${show(sse)}, which S3 does not know; use AES256 or aws:kms.`,
          });
          return;
        }
        if (ENCRYPTION_KEYS.some((key) => typeof config[key] === 'string' && config[key] !== ''))
          return;

        const misplaced = ENCRYPTION_KEYS.filter(
          (key) => location.get(['spec', 'objectStorage', key]) !== undefined,
        );
        const note =
          misplaced.length > 0
            ? ` (spec.objectStorage.${misplaced[0]} is ignored there; it belongs under spec.config)`
            : '';
        context.report({
          object: location,
          path: ['spec', 'config', 'serverSideEncryption'],
          message: `BackupStorageLocation "${location.name ?? ''}" has no server-side encryption configured: spec.config sets none of serverSideEncryption, kmsKeyId or customerKeyEncryptionFile${note}; set kmsKeyId to a KMS key or serverSideEncryption to AES256.`,
          suggestions: compact([
            setField(
              location,
              ['spec', 'config', 'serverSideEncryption'],
              'AES256',
              'Set spec.config.serverSideEncryption to AES256',
            ),
          ]),
        });
      },
    };
  },
});

export const noInsecureBackupEndpoint = defineRule({
  id: 'no-insecure-backup-endpoint',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Backup stores of Velero and CloudNativePG are reached over HTTPS with certificate verification.',
    remediation:
      'Use an https:// URL for s3Url, publicUrl and endpointURL, remove insecureSkipTLSVerify, and give a private CA with spec.objectStorage.caCert (Velero) or endpointCA (CloudNativePG).',
    rationale:
      'Backups travel to the object store with every Secret and row they contain. Over http:// they cross the network in clear text, and with certificate verification off anyone in the path can pose as the store and collect them. Written against ' +
      VELERO +
      ', ' +
      CLOUDNATIVE_PG +
      ' and ' +
      BARMAN_PLUGIN +
      '.',
    hipaa: [...IN_TRANSIT, '164.308(a)(7)(ii)(A)'],
    fixable: 'suggestion',
    kinds: ['BackupStorageLocation', 'Cluster', 'ObjectStore'],
  },
  create(context) {
    return {
      object(object) {
        if (isVeleroKind(object, 'BackupStorageLocation')) {
          const subject = `BackupStorageLocation "${object.name ?? ''}"`;
          const config = recordOf(object.get(['spec', 'config']));
          for (const key of ['s3Url', 'publicUrl'])
            checkUrl(context, object, ['spec', 'config', key], config[key], subject);
          const skip = config.insecureSkipTLSVerify;
          if (skip === true || (typeof skip === 'string' && skip.toLowerCase() === 'true')) {
            const path = ['spec', 'config', 'insecureSkipTLSVerify'];
            const edits = removeFieldEdits(object.document, object.documentPath(path));
            context.report({
              object,
              path,
              target: 'key',
              message: `${subject} sets insecureSkipTLSVerify to ${show(skip)}, so the certificate of the backup store is not verified; remove it and trust a private CA with spec.objectStorage.caCert.`,
              ...(edits
                ? { suggestions: [{ description: 'Remove insecureSkipTLSVerify', edits }] }
                : {}),
            });
          }
        } else if (isCnpgCluster(object)) {
          const path = ['spec', 'backup', 'barmanObjectStore', 'endpointURL'];
          checkUrl(
            context,
            object,
            path,
            object.get(path),
            `CloudNativePG Cluster "${object.name ?? ''}"`,
          );
        } else if (isObjectStore(object)) {
          const path = ['spec', 'configuration', 'endpointURL'];
          checkUrl(context, object, path, object.get(path), `ObjectStore "${object.name ?? ''}"`);
        }
      },
    };
  },
});

function checkUrl(
  context: RuleContext,
  object: K8sObject,
  path: Path,
  value: unknown,
  subject: string,
): void {
  if (typeof value !== 'string' || !/^http:\/\//i.test(value)) return;
  const secure = value.replace(/^http:\/\//i, 'https://');
  // Rewrite only the scheme, so the quoting and the rest of the URL stay as written.
  const [start, end] = object.document.offsetsOf(object.documentPath(path), 'value');
  const scheme = object.document.file.text.slice(start, end).search(/http:\/\//i);
  const suggestion: FixProposal | undefined =
    scheme < 0
      ? setField(object, path, secure, `Use ${secure}`)
      : {
          description: `Use ${secure}`,
          edits: [
            { start: start + scheme, end: start + scheme + 'http://'.length, text: 'https://' },
          ],
        };
  context.report({
    object,
    path,
    message: `${subject} reaches its backup store at ${show(value)}, so backups travel unencrypted; use an https:// URL.`,
    ...(suggestion ? { suggestions: [suggestion] } : {}),
  });
}

export const noMisplacedBackupStorageConfig = defineRule({
  id: 'no-misplaced-backup-storage-config',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Settings of velero-plugin-for-aws are written under spec.config of a BackupStorageLocation, not under spec.objectStorage or spec.',
    remediation:
      'Move the setting, such as serverSideEncryption or kmsKeyId, to spec.config and quote its value.',
    rationale:
      'The spec.objectStorage field holds only bucket, prefix, caCert and caCertRef, and the plugin reads its settings only from spec.config. A setting written elsewhere is rejected by strict field validation or silently dropped, so encryption or TLS settings the author meant to apply never take effect. Written against the BackupStorageLocation CRD of ' +
      VELERO +
      '.',
    hipaa: BACKUP_ENCRYPTION,
    fixable: 'suggestion',
    kinds: ['BackupStorageLocation'],
    limitations: [
      'Only keys of velero-plugin-for-aws are recognised; other misplaced keys are left to schema validation.',
      'Moving a setting into spec.config changes what Velero does, so it is offered as a suggestion; when spec.config already holds the same value, removing the ignored copy is offered as a fix.',
    ],
  },
  create(context) {
    return {
      object(location) {
        if (!isVeleroKind(location, 'BackupStorageLocation') || !usesAwsPlugin(location)) return;
        for (const parent of [['spec', 'objectStorage'], ['spec']] as const) {
          for (const [key, value] of Object.entries(recordOf(location.get([...parent])))) {
            if (
              !AWS_CONFIG_KEYS.has(key) ||
              (parent.length === 2 && OBJECT_STORAGE_FIELDS.has(key))
            )
              continue;
            reportMisplaced(context, location, [...parent, key], key, value);
          }
        }
      },
    };
  },
});

function reportMisplaced(
  context: RuleContext,
  location: K8sObject,
  path: Path,
  key: string,
  value: unknown,
): void {
  const configPath = ['spec', 'config', key];
  const existing = location.get(configPath);
  const text = typeof value === 'string' ? value : String(value);
  const where = path.slice(0, -1).join('.');
  const removal = removeFieldEdits(location.document, location.documentPath(path));

  if (existing !== undefined && String(existing) === text) {
    context.report({
      object: location,
      path,
      target: 'key',
      message: `BackupStorageLocation "${location.name ?? ''}" repeats ${key} under ${where}, where velero-plugin-for-aws ignores it; remove this copy, spec.config already has it.`,
      ...(removal ? { fix: { description: `Remove ${where}.${key}`, edits: removal } } : {}),
    });
    return;
  }

  const move = moveProposal(location, path, configPath, text, existing === undefined);
  context.report({
    object: location,
    path,
    target: 'key',
    message:
      existing === undefined
        ? `BackupStorageLocation "${location.name ?? ''}" sets ${key} under ${where}, where velero-plugin-for-aws ignores it; move it to spec.config.`
        : `BackupStorageLocation "${location.name ?? ''}" sets ${key} under ${where}, where velero-plugin-for-aws ignores it, and spec.config.${key} has another value; keep one value under spec.config.`,
    ...(move ? { suggestions: [move] } : {}),
  });
}

/** Removes the misplaced field and, when spec.config lacks the key, adds it there as a string. */
function moveProposal(
  location: K8sObject,
  from: Path,
  to: Path,
  value: string,
  add: boolean,
): FixProposal | undefined {
  const removal = removeFieldEdits(location.document, location.documentPath(from));
  if (!removal) return undefined;
  if (!add) return { description: `Remove ${from.join('.')}`, edits: removal };
  const addition = setValueEdits(location.document, location.documentPath(to), value);
  const edits = addition ? mergeInsertions([...removal, ...addition]) : undefined;
  return edits ? { description: `Move ${from[from.length - 1]} to spec.config`, edits } : undefined;
}

export const requireBackupSchedule = defineRule({
  id: 'require-backup-schedule',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Every namespace that holds health data is backed up by a Velero Schedule that is not paused.',
    remediation:
      'Add a Velero Schedule whose spec.template.includedNamespaces lists the namespace (or is empty or "*") and whose excludedNamespaces does not, and keep spec.paused false.',
    rationale:
      'A HIPAA data backup plan needs retrievable exact copies of health data. Velero backs up only what a Backup or Schedule selects; a namespace left out of every Schedule is not backed up at all. Written against ' +
      VELERO +
      ', where an empty includedNamespaces means all namespaces and patterns with * are accepted.',
    hipaa: BACKUP_PLAN,
    kinds: [
      'Schedule',
      'BackupStorageLocation',
      'Namespace',
      'PersistentVolumeClaim',
      'Cluster',
      ...POD_BEARING_KINDS,
    ],
    limitations: [
      'Runs only when the manifests contain a Velero object, unless the requireVelero option is true, because another backup tool may be in use.',
      'Schedules limited by labelSelector count as covering the whole namespace.',
      'The namespaces kube-system, kube-public and kube-node-lease and those of BackupStorageLocations are left out; the excludedNamespaces option replaces the first three.',
    ],
  },
  create(context) {
    const requireVelero = booleanOption(context.options, 'requireVelero', false);
    const excluded = stringListOption(context.options, 'excludedNamespaces', SYSTEM_NAMESPACES);

    return {
      end() {
        const veleroObjects = context.objects.all.filter(
          (object) => groupOf(object) === VELERO_GROUP,
        );
        if (veleroObjects.length === 0 && !requireVelero) return;

        const locationNamespaces = context.objects
          .ofKind('BackupStorageLocation')
          .filter((object) => isVeleroKind(object, 'BackupStorageLocation'))
          .map((object) => object.namespace);
        const schedules = context.objects
          .ofKind('Schedule')
          .filter((object) => isVeleroKind(object, 'Schedule'));
        const dataObjects = context.objects.all.filter(
          (object) =>
            (object.kind === 'Namespace' && object.apiVersion === 'v1') ||
            object.podTemplate !== undefined ||
            (object.kind === 'PersistentVolumeClaim' && object.apiVersion === 'v1') ||
            isCnpgCluster(object),
        );

        for (const namespace of healthDataNamespaces(context, dataObjects)) {
          if (excluded.includes(namespace) || locationNamespaces.includes(namespace)) continue;
          if (schedules.some((schedule) => scheduleCovers(schedule, namespace))) continue;
          const anchor = anchorFor(context, dataObjects, namespace);
          if (!anchor) continue;
          context.report({
            object: anchor.object,
            path: anchor.path,
            message: `Namespace "${namespace}" holds health data but no Velero Schedule that is not paused includes it, so it is not backed up; add it to spec.template.includedNamespaces of a Schedule.`,
          });
        }
      },
    };
  },
});

/** Picks where to report a namespace: its Namespace object, else the namespace field of an object in it. */
function anchorFor(
  context: RuleContext,
  objects: readonly K8sObject[],
  namespace: string,
): { object: K8sObject; path: Path } | undefined {
  const namespaceObject = context.objects.namespace(namespace);
  if (namespaceObject) return { object: namespaceObject, path: ['metadata', 'name'] };
  const member = objects.find(
    (object) => object.namespace === namespace && object.kind !== 'Namespace',
  );
  if (!member) return undefined;
  return {
    object: member,
    path: member.declaredNamespace === undefined ? ['metadata', 'name'] : ['metadata', 'namespace'],
  };
}
