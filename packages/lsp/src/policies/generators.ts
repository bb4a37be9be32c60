import type { Path } from '@kubeharden/core';
import { longhornEncryptedStorageClass } from '@kubeharden/encryption';
import { defaultDenyAll } from '@kubeharden/netpol';
import { forWorkload } from '@kubeharden/rbac';

/**
 * Policy generators of the area packages, as far as the code actions read their results. The
 * narrow shapes let tests pass stand-ins; `GENERATORS` checks that the real ones fit.
 */
export interface Generators {
  /** NetworkPolicies that deny all ingress and egress of a namespace. */
  readonly defaultDenyAll?: (namespace: string) => readonly object[];
  /** A ServiceAccount (and a Role and RoleBinding for given permissions) for one workload. */
  readonly forWorkload?: (
    workload: unknown,
    options?: { readonly namespace?: string },
  ) => {
    readonly serviceAccount: Record<string, unknown>;
    readonly role?: Record<string, unknown>;
    readonly roleBinding?: Record<string, unknown>;
    /** Values to set on the workload, at paths relative to the object. */
    readonly edits: readonly { readonly path: Path; readonly value: unknown }[];
  };
  /** A Longhorn StorageClass that encrypts its volumes, with the template of its key Secret. */
  readonly longhornEncryptedStorageClass?: (options: { readonly name: string }) => {
    readonly storageClass: Record<string, unknown>;
    readonly keySecret?: Record<string, unknown>;
  };
}

/** The generators of netpol, rbac and encryption. */
export const GENERATORS: Generators = {
  defaultDenyAll,
  forWorkload,
  longhornEncryptedStorageClass,
};
