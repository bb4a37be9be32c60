import type { RangeTarget, SourceDocument, SourceRange } from '../source/file.js';
import { getAt, type Path } from './path.js';
import { podTemplateLocation, type PodTemplateLocation } from './workloads.js';

/** Identifies an object the way `kubectl get` output does. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

type PlainObject = Record<string, unknown>;

/** A Kubernetes object read from a document, with its place in the source. */
export class K8sObject {
  readonly document: SourceDocument;
  /** Path of the object inside its document: `[]`, or `['items', 3]` inside a List. */
  readonly path: Path;
  readonly value: PlainObject;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  /** The namespace written in the object; `undefined` when the object names none. */
  readonly declaredNamespace: string | undefined;
  /** The namespace the object lives in: declared, or the run's default for namespaced kinds. */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly podTemplate: PodTemplateLocation | undefined;

  constructor(document: SourceDocument, path: Path, value: PlainObject, defaultNamespace: string) {
    this.document = document;
    this.path = path;
    this.value = value;
    this.apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
    this.kind = typeof value.kind === 'string' ? value.kind : '';
    const metadata = isPlainObject(value.metadata) ? value.metadata : {};
    this.name = stringOrUndefined(metadata.name) ?? stringOrUndefined(metadata.generateName);
    this.declaredNamespace = stringOrUndefined(metadata.namespace);
    this.namespace = isClusterScoped(this.apiVersion, this.kind)
      ? undefined
      : (this.declaredNamespace ?? defaultNamespace);
    this.labels = stringMap(metadata.labels);
    this.annotations = stringMap(metadata.annotations);
    this.podTemplate = podTemplateLocation(this.apiVersion, this.kind);
  }

  get file(): string {
    return this.document.file.path;
  }

  get ref(): ObjectRef {
    return {
      apiVersion: this.apiVersion,
      kind: this.kind,
      ...(this.namespace === undefined ? {} : { namespace: this.namespace }),
      ...(this.name === undefined ? {} : { name: this.name }),
    };
  }

  /** `Kind/namespace/name` or `Kind/name`, for messages. */
  get displayName(): string {
    const name = this.name ?? '<unnamed>';
    return this.namespace === undefined ? `${this.kind}/${name}` : `${this.kind}/${this.namespace}/${name}`;
  }

  /** Reads a value at a path relative to the object. */
  get(path: Path): unknown {
    return getAt(this.value, path);
  }

  /** Path from the document root for a path relative to the object. */
  documentPath(path: Path): Path {
    return this.path.length === 0 ? path : [...this.path, ...path];
  }

  /** Source range for a path relative to the object (see `SourceDocument.rangeOf`). */
  rangeOf(path: Path, target: RangeTarget = 'value'): SourceRange {
    return this.document.rangeOf(this.documentPath(path), target);
  }
}

/**
 * Kinds of the built-in API that have no namespace. Custom resources are treated as
 * namespaced unless their group says otherwise, because their scope lives in their CRD.
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'apiregistration.k8s.io/APIService',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'certificates.k8s.io/CertificateSigningRequest',
  'policy/PodSecurityPolicy',
  'cert-manager.io/ClusterIssuer',
  'gateway.networking.k8s.io/GatewayClass',
  'apiserver.config.k8s.io/EncryptionConfiguration',
  'audit.k8s.io/Policy',
]);

/** True for kinds that live outside any namespace. */
export function isClusterScoped(apiVersion: string, kind: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}

export function isPlainObject(value: unknown): value is PlainObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') result[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') result[key] = String(entry);
  }
  return result;
}
