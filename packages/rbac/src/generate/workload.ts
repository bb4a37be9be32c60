import { getAt, POD_BEARING_KINDS, podTemplateLocation, type Path } from '@kubeharden/core';
import { isRecord, metadataOf, stringField } from '../model/objects.js';
import type { PermissionSpec } from './objects.js';
import { role, roleBinding, serviceAccount } from './objects.js';
import { validateNamespace, validateObjectName } from './validate.js';

export interface WorkloadRbacOptions {
  /** API access the pods need. None by default, which also keeps the token unmounted. */
  readonly permissions?: readonly PermissionSpec[];
  /** Name of the ServiceAccount, Role and RoleBinding, by default the workload's name. */
  readonly name?: string;
  /** Namespace for a workload that names none. A workload's own namespace wins. */
  readonly namespace?: string;
}

/** Value to set at a path of the workload object. Missing parents become mappings. */
export interface FieldEdit {
  readonly path: Path;
  readonly value: unknown;
}

export interface WorkloadRbac {
  readonly serviceAccount: Record<string, unknown>;
  /** Absent when the workload needs no permissions. */
  readonly role?: Record<string, unknown>;
  readonly roleBinding?: Record<string, unknown>;
  /** Changes to the workload, with paths relative to the workload object passed in. */
  readonly edits: readonly FieldEdit[];
  /** One sentence describing the change, for a fix title. */
  readonly description: string;
}

/**
 * Generates a dedicated ServiceAccount for a workload and, when it needs API access, a Role
 * and a RoleBinding with exactly those permissions. The edits point the pod spec at the new
 * ServiceAccount and mount the token only when the Role gives it a use. The ServiceAccount
 * itself keeps automount off, so other pods that name it do not get the token by accident.
 */
export function forWorkload(workload: unknown, options: WorkloadRbacOptions = {}): WorkloadRbac {
  if (
    !isRecord(workload) ||
    typeof workload.apiVersion !== 'string' ||
    typeof workload.kind !== 'string'
  ) {
    throw new Error('Invalid workload: pass a parsed object with apiVersion, kind and metadata.');
  }
  const location = podTemplateLocation(workload.apiVersion, workload.kind);
  if (location === undefined) {
    throw new Error(
      `Invalid workload kind '${workload.kind}' of apiVersion '${workload.apiVersion}': use one of ${POD_BEARING_KINDS.join(', ')} of the built-in API groups.`,
    );
  }

  const metadata = metadataOf(workload);
  const workloadName = stringField(metadata, 'name');
  const name = validateObjectName('name', options.name ?? workloadName);
  const namespaceValue = stringField(metadata, 'namespace') ?? options.namespace;
  if (namespaceValue === undefined) {
    throw new Error(
      `Missing namespace: ${workload.kind} '${workloadName ?? ''}' sets no metadata.namespace, so pass options.namespace.`,
    );
  }
  const namespace = validateNamespace('namespace', namespaceValue);
  const permissions = options.permissions ?? [];

  const generatedServiceAccount = serviceAccount({ name, namespace, automountToken: false });
  const needsApi = permissions.length > 0;
  const generatedRole = needsApi ? role({ name, namespace, permissions }) : undefined;
  const generatedBinding = needsApi
    ? roleBinding({
        name,
        namespace,
        roleRef: { kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', namespace, name }],
      })
    : undefined;

  const edits: FieldEdit[] = [{ path: [...location.spec, 'serviceAccountName'], value: name }];
  // The deprecated field is only rewritten when present, so both fields agree.
  if (getAt(workload, [...location.spec, 'serviceAccount']) !== undefined) {
    edits.push({ path: [...location.spec, 'serviceAccount'], value: name });
  }
  edits.push({ path: [...location.spec, 'automountServiceAccountToken'], value: needsApi });

  const access = needsApi
    ? `Role '${name}' with ${permissions.length} permission${permissions.length === 1 ? '' : 's'} and the API token mounted`
    : 'no permissions and no API token';
  return {
    serviceAccount: generatedServiceAccount,
    ...(generatedRole === undefined ? {} : { role: generatedRole }),
    ...(generatedBinding === undefined ? {} : { roleBinding: generatedBinding }),
    edits,
    description: `Run ${workload.kind} '${workloadName ?? name}' as its own ServiceAccount '${name}' with ${access}.`,
  };
}
