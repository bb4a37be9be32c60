import { dirname, join } from 'node:path';

import {
  isPlainObject,
  type ControlArea,
  type K8sObject,
  type ObjectIndex,
  type Settings,
  type TextEdit,
} from '@kubeharden/core';

import {
  changeObject,
  indentStepOf,
  insertDocumentsAfter,
  newFileText,
  type FieldChange,
} from '../services/edits.js';
import type { Generators } from './generators.js';

/** A generated change to the manifests, offered as a code action on one object. */
export interface PolicyAction {
  readonly title: string;
  /** Findings of this area on the same object are the diagnostics the action resolves. */
  readonly area: ControlArea;
  /** Edits of the object's own file, as offsets into its text. */
  readonly edits: readonly TextEdit[];
  /** A file to create, when the action puts the generated objects in a file of their own. */
  readonly newFile?: { readonly path: string; readonly text: string };
}

export interface PolicyContext {
  readonly objects: ObjectIndex;
  /** Control areas of the findings about the object, for actions that only a finding calls for. */
  readonly findingAreas: ReadonlySet<ControlArea>;
  readonly settings: Settings;
  readonly generators: Generators;
  /** Whether the client can create files through a workspace edit. */
  readonly canCreateFiles: boolean;
  readonly fileExists: (path: string) => boolean;
}

const POD_SECURITY_MODES = ['enforce', 'audit', 'warn'] as const;

/** Builds the generated policies that apply to an object, in the order a user would pick them. */
export function policyActions(object: K8sObject, context: PolicyContext): PolicyAction[] {
  const actions: PolicyAction[] = [];
  if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
    actions.push(...defaultDenyActions(object, context), ...podSecurityActions(object, context));
  }
  if (object.podTemplate) actions.push(...serviceAccountActions(object, context));
  if (
    context.findingAreas.has('encryption') &&
    (isKind(object, 'PersistentVolumeClaim', '') ||
      isKind(object, 'StorageClass', 'storage.k8s.io'))
  ) {
    actions.push(...longhornActions(object, context));
  }
  return actions;
}

function isKind(object: K8sObject, kind: string, group: string): boolean {
  const slash = object.apiVersion.indexOf('/');
  return object.kind === kind && (slash < 0 ? '' : object.apiVersion.slice(0, slash)) === group;
}

/** Name of the StorageClass generated for a claim; a class of that name is reused when it exists. */
const ENCRYPTED_CLASS = 'longhorn-encrypted';

/**
 * For a claim: points it at an encrypted Longhorn StorageClass, generated after it (with the
 * template of its key Secret) unless the workspace has one of that name. For a StorageClass:
 * adds an encrypted Longhorn class beside it, for the claims to move to.
 */
function longhornActions(object: K8sObject, context: PolicyContext): PolicyAction[] {
  const generate = context.generators.longhornEncryptedStorageClass;
  if (!generate || object.name === undefined) return [];

  const file = object.document.file;
  const isClaim = object.kind === 'PersistentVolumeClaim';
  const name = isClaim ? ENCRYPTED_CLASS : `${object.name}-encrypted`;
  const exists = context.objects
    .ofKind('StorageClass')
    .some((storageClass) => storageClass.name === name);
  let generated;
  try {
    generated = exists ? undefined : generate({ name });
  } catch {
    // The generator rejects a name it cannot use; nothing is offered then.
    return [];
  }

  const edits: TextEdit[] = [];
  if (isClaim) {
    const change = changeObject(file, object.document.index, object.path, [
      { path: ['spec', 'storageClassName'], value: name },
    ]);
    if (!change) return [];
    edits.push(change);
  }
  if (generated) {
    const objects = [generated.storageClass, generated.keySecret].filter(
      (item) => item !== undefined,
    );
    const insertion = insertDocumentsAfter(file, object.document.index, objects);
    if (!insertion) return [];
    edits.push(insertion);
  }
  if (edits.length === 0) return [];
  const title = isClaim
    ? 'Use an encrypted Longhorn StorageClass'
    : `Add the encrypted Longhorn StorageClass "${name}"`;
  return [{ title, area: 'encryption', edits }];
}

/** True when a NetworkPolicy of the namespace selects every pod and lists both directions without rules. */
function hasDefaultDeny(namespace: string, objects: ObjectIndex): boolean {
  return objects.ofKind('NetworkPolicy').some((policy) => {
    if (policy.namespace !== namespace) return false;
    const spec = policy.get(['spec']);
    if (!isPlainObject(spec)) return false;
    const selector = spec.podSelector;
    const selectsAll =
      isPlainObject(selector) && Object.keys(selector).every((key) => isEmpty(selector[key]));
    const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
    return (
      selectsAll &&
      types.includes('Ingress') &&
      types.includes('Egress') &&
      isEmpty(spec.ingress) &&
      isEmpty(spec.egress)
    );
  });
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function defaultDenyActions(namespace: K8sObject, context: PolicyContext): PolicyAction[] {
  const generate = context.generators.defaultDenyAll;
  const name = namespace.name;
  if (!generate || name === undefined || hasDefaultDeny(name, context.objects)) return [];

  const policies = generate(name);
  const file = namespace.document.file;
  const actions: PolicyAction[] = [];
  const insertion = insertDocumentsAfter(file, namespace.document.index, policies);
  if (insertion) {
    actions.push({
      title: 'Insert default-deny NetworkPolicy',
      area: 'network',
      edits: [insertion],
    });
  }

  const relative = join('networkpolicies', `${name}-default-deny.yaml`);
  const target = join(dirname(file.path), relative);
  if (context.canCreateFiles && !context.fileExists(target)) {
    actions.push({
      title: `Create ${relative}`,
      area: 'network',
      edits: [],
      newFile: {
        path: target,
        text: newFileText(policies, indentStepOf(file, namespace.document.index)),
      },
    });
  }
  return actions;
}

function podSecurityActions(namespace: K8sObject, context: PolicyContext): PolicyAction[] {
  const level = 'restricted';
  const version = context.settings.pss.version;
  const changes: FieldChange[] = [];
  for (const mode of POD_SECURITY_MODES) {
    const label = `pod-security.kubernetes.io/${mode}`;
    if (namespace.labels[label] !== level) {
      changes.push({ path: ['metadata', 'labels', label], value: level });
    }
    if (namespace.labels[`${label}-version`] !== version) {
      changes.push({ path: ['metadata', 'labels', `${label}-version`], value: version });
    }
  }
  if (changes.length === 0) return [];

  const edit = changeObject(
    namespace.document.file,
    namespace.document.index,
    namespace.path,
    changes,
  );
  return edit
    ? [{ title: 'Enforce restricted Pod Security', area: 'pod-security', edits: [edit] }]
    : [];
}

/** True when the pods run as the namespace's default ServiceAccount. */
function usesDefaultServiceAccount(workload: K8sObject): boolean {
  const spec = workload.podTemplate ? workload.get(workload.podTemplate.spec) : undefined;
  if (!isPlainObject(spec)) return false;
  const name = spec.serviceAccountName ?? spec.serviceAccount;
  return name === undefined || name === null || name === '' || name === 'default';
}

function serviceAccountActions(workload: K8sObject, context: PolicyContext): PolicyAction[] {
  const generate = context.generators.forWorkload;
  if (!generate || !usesDefaultServiceAccount(workload) || workload.name === undefined) return [];

  let generated;
  try {
    generated = generate(workload.value, {
      namespace: workload.namespace ?? context.settings.defaultNamespace,
    });
  } catch {
    // The generator rejects names it cannot use (such as a generateName); nothing is offered then.
    return [];
  }

  const file = workload.document.file;
  const objects = [generated.serviceAccount, generated.role, generated.roleBinding].filter(
    (object) => object !== undefined,
  );
  const change = changeObject(file, workload.document.index, workload.path, generated.edits);
  const insertion = insertDocumentsAfter(file, workload.document.index, objects);
  if (!change || !insertion) return [];

  const kinds = objects.map((object) => String(object.kind));
  return [
    {
      title: `Generate ${joinWords(kinds)} and point ${workload.kind} "${workload.name}" at it`,
      area: 'rbac',
      edits: [change, insertion],
    },
  ];
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
