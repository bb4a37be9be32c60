import type { K8sObject, ObjectIndex, Path } from '@kubeharden/core';
import { auditPolicy } from '@kubeharden/audit';
import { podSecurityExemptions, podSecurityLabels } from '@kubeharden/pss';
import { forWorkload } from '@kubeharden/rbac';

import { encryptionFiles } from './layer-encryption.js';
import { networkPolicyFiles } from './layer-network.js';
import {
  compareText,
  recordOf,
  type InitOptions,
  type Inference,
  type WorkloadInfo,
} from './model.js';
import { namespaceValue, type LayerValues } from './values.js';

/** One file of the layer, with its path below the output folder. */
export interface LayerFile {
  readonly path: string;
  readonly objects: readonly object[];
  /** Comment lines written below the header. */
  readonly comment: readonly string[];
  /** True for cluster objects listed in kustomization.yaml; false for API server configuration. */
  readonly resource: boolean;
  /** Use of a file outside the kustomization resources, for the comment there. */
  readonly usage?: string;
  /** True when the file contains a placeholder secret, so it is only ever written as a template. */
  readonly templateOnly?: boolean;
}

/** A value to set in an application object, which `--fix` edits in and `--patches` patches. */
export interface ObjectEdit {
  readonly object: K8sObject;
  /** Path relative to the object. */
  readonly path: Path;
  readonly value: unknown;
  readonly reason: string;
}

/** The files of the layer, with the edits and printed notes that come with them. */
export interface Layer {
  readonly files: readonly LayerFile[];
  readonly edits: readonly ObjectEdit[];
  /** Lines for the printed inference about choices the layer made. */
  readonly notes: readonly string[];
}

/** Builds every file of the layer and the edits the application needs to match it. */
export function buildLayer(
  objects: ObjectIndex,
  inference: Inference,
  options: InitOptions,
  values: LayerValues,
): Layer {
  const notes: string[] = [];
  const edits: ObjectEdit[] = [];
  const files: LayerFile[] = [
    ...networkPolicyFiles(inference, options, values, notes),
    ...podSecurityFiles(objects, inference, options, values, edits, notes),
    ...rbacFiles(inference, options, values, edits, notes),
    ...encryptionFiles(objects, inference, options, values, edits, notes),
    auditFile(),
  ];
  return { files: files.sort((a, b) => compareText(a.path, b.path)), edits, notes };
}

function podSecurityFiles(
  objects: ObjectIndex,
  inference: Inference,
  options: InitOptions,
  values: LayerValues,
  edits: ObjectEdit[],
  notes: string[],
): LayerFile[] {
  const labels = podSecurityLabels('restricted', options.pssVersion);
  const namespaces: object[] = [];

  for (const namespace of inference.coveredNamespaces) {
    const defined = objects.namespace(namespace);
    // Labels of the application's own definition come first, so the layer never drops one.
    const own = Object.fromEntries(
      Object.entries(defined?.labels ?? {}).filter(
        ([key]) => key !== 'kubernetes.io/metadata.name' && !(key in labels),
      ),
    );
    for (const [key, value] of Object.entries(labels)) {
      if (defined !== undefined && defined.labels[key] !== value) {
        edits.push({
          object: defined,
          path: ['metadata', 'labels', key],
          value,
          reason: 'Pod Security labels',
        });
      }
    }
    // With --patches the kustomization builds the application too, where a second Namespace
    // object of the same name is an error, so the labels reach it as a patch instead.
    if (defined !== undefined && options.patches) continue;
    if (
      defined !== undefined &&
      !options.fix &&
      !options.patches &&
      edits.some((edit) => edit.object === defined)
    ) {
      notes.push(
        `note: Namespace ${namespace} is also defined in ${defined.file} without these labels; run with --fix so both definitions agree, because applying that file again with kubectl apply removes the labels.`,
      );
    }
    namespaces.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespaceValue(namespace, inference, values),
        labels: { ...sortedRecord(own), ...labels },
      },
    });
  }

  const files: LayerFile[] = [];
  if (namespaces.length > 0) {
    files.push({
      path: 'pod-security/namespaces.yaml',
      objects: namespaces,
      comment: [
        `Makes Pod Security Admission enforce, audit and warn at the restricted level (version ${options.pssVersion}).`,
      ],
      resource: true,
    });
  }

  const exemptions =
    options.exemptNamespaces.length +
    options.exemptUsers.length +
    options.exemptRuntimeClasses.length;
  if (exemptions > 0) {
    files.push({
      path: 'pod-security/admission-configuration.yaml',
      objects: podSecurityExemptions.generate({
        level: 'restricted',
        'pss-version': options.pssVersion,
        'exempt-namespaces': [...options.exemptNamespaces],
        'exempt-users': [...options.exemptUsers],
        'exempt-runtime-classes': [...options.exemptRuntimeClasses],
      }),
      comment: [
        'The exemptions asked for with --exempt-namespaces, --exempt-users and --exempt-runtime-classes.',
        'It also makes restricted the default of every namespace without labels.',
      ],
      resource: false,
      usage: 'pass it to kube-apiserver with --admission-control-config-file',
    });
  }
  return files;
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

/** Names of the ServiceAccounts: the workload's name, or name-kind where two kinds share a name. */
function serviceAccountNames(workloads: readonly WorkloadInfo[]): Map<WorkloadInfo, string> {
  const names = new Map<WorkloadInfo, string>();
  const usedNames = new Set<string>();
  for (const workload of workloads) {
    const plain = `${workload.namespace}/${workload.name}`;
    const name =
      workload.serviceAccount ??
      (usedNames.has(plain) ? `${workload.name}-${workload.kind.toLowerCase()}` : workload.name);
    usedNames.add(plain);
    names.set(workload, name);
  }
  return names;
}

function rbacFiles(
  inference: Inference,
  options: InitOptions,
  values: LayerValues,
  edits: ObjectEdit[],
  notes: string[],
): LayerFile[] {
  // A workload whose ServiceAccount the manifests define or bind keeps it, with what it is granted.
  const own = inference.workloads.filter(
    (workload) => workload.hasPodTemplate && workload.keepsServiceAccount,
  );
  for (const workload of own) {
    notes.push(
      `rbac: ${workload.kind} ${workload.namespace}/${workload.name} keeps its ServiceAccount ${workload.serviceAccount ?? ''}`,
    );
  }
  const workloads = inference.workloads.filter(
    (workload) => workload.hasPodTemplate && !workload.keepsServiceAccount,
  );
  const names = serviceAccountNames(workloads);
  const files = new Map<string, LayerFile>();
  for (const workload of workloads) {
    const name = names.get(workload) ?? workload.name;
    const permissions = options.permissions.get(workload.name) ?? [];
    const value = workload.object.value;
    const metadata = recordOf(value.metadata);
    const copy = {
      ...value,
      metadata: { ...metadata, namespace: namespaceValue(workload.namespace, inference, values) },
    };
    const generated = forWorkload(copy, { name, permissions });
    for (const edit of generated.edits) {
      edits.push({
        object: workload.object,
        path: edit.path,
        value: edit.value,
        reason: 'ServiceAccount',
      });
    }
    const objects = [generated.serviceAccount, generated.role, generated.roleBinding].filter(
      (object) => object !== undefined,
    );
    const access =
      permissions.length === 0
        ? 'It needs no Kubernetes API access, so it gets no Role and no mounted token.'
        : 'The Role grants the permissions given with --permission.';
    const path = `rbac/${workload.namespace}-${name}.yaml`;
    // Workloads that name the same ServiceAccount share its file.
    if (files.has(path)) continue;
    files.set(path, {
      path,
      objects,
      comment: [`Identity of ${workload.kind} ${workload.namespace}/${workload.name}. ${access}`],
      resource: true,
    });
  }
  return [...files.values()];
}

function auditFile(): LayerFile {
  return {
    path: 'audit/audit-policy.yaml',
    objects: [auditPolicy()],
    comment: [
      'Records who read or changed what, without copying Secret and ConfigMap payloads into the log.',
    ],
    resource: false,
    usage:
      'pass it to kube-apiserver with --audit-policy-file and --audit-log-path (or --audit-webhook-config-file)',
  };
}
