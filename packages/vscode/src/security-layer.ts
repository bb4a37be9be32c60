import type { K8sObject } from '@kubeharden/core';
import { allowDnsEgress, defaultDenyAll } from '@kubeharden/netpol';
import { PSS_GENERATORS } from '@kubeharden/pss';

/** Generated security layer of a folder, with the namespaces it covers. */
export interface SecurityLayer {
  /** Namespaces that hold workloads, sorted. */
  readonly namespaces: readonly string[];
  readonly objects: readonly Record<string, unknown>[];
}

/**
 * Composes the security layer of a set of manifests from the area generators: for every namespace
 * with a workload, a Namespace labelled to enforce restricted Pod Security (only when the
 * manifests declare none, because a second declaration would replace the first one's labels),
 * a NetworkPolicy that denies all traffic, and one that allows DNS egress. Policies whose name
 * the namespace already uses are left out.
 */
// NOTE: no area package exports a generator for the whole layer yet, so it is composed here.
// Existing Namespaces get their labels from the "Enforce restricted Pod Security" command and the
// quick fixes, and ServiceAccounts from "Generate RBAC for workload", because both edit files.
export function securityLayer(objects: readonly K8sObject[], pssVersion: string): SecurityLayer {
  const namespaces = [
    ...new Set(
      objects
        .filter((object) => object.podTemplate !== undefined && object.namespace !== undefined)
        .map((object) => object.namespace!),
    ),
  ].sort();
  const declared = new Set(
    objects.filter((object) => object.kind === 'Namespace').map((object) => object.name),
  );
  const policyNames = new Set(
    objects
      .filter((object) => object.kind === 'NetworkPolicy')
      .map((object) => `${object.namespace}/${object.name}`),
  );
  const namespaceGenerator = PSS_GENERATORS.find(
    (generator) => generator.name === 'pod-security-namespace',
  );
  if (!namespaceGenerator) {
    throw new Error('Missing generator "pod-security-namespace" in @kubeharden/pss.');
  }

  const generated: Record<string, unknown>[] = [];
  for (const namespace of namespaces) {
    if (!declared.has(namespace)) {
      generated.push(
        ...(namespaceGenerator.generate({
          namespace,
          level: 'restricted',
          'pss-version': pssVersion,
        }) as Record<string, unknown>[]),
      );
    }
    const policies = [...defaultDenyAll(namespace), ...allowDnsEgress(namespace)];
    for (const policy of policies) {
      if (!policyNames.has(`${namespace}/${policy.metadata.name}`)) {
        generated.push(policy as unknown as Record<string, unknown>);
      }
    }
  }
  return { namespaces, objects: generated };
}
