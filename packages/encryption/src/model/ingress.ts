import type { K8sObject } from '@kubeharden/core';

import { groupOf, listOf, recordOf, stringOf } from './values.js';

/** Annotations with which cert-manager's ingress-shim creates a Certificate for an Ingress. */
export const CERT_MANAGER_INGRESS_ANNOTATIONS = [
  'cert-manager.io/issuer',
  'cert-manager.io/cluster-issuer',
  'kubernetes.io/tls-acme',
] as const;

export function isIngress(object: K8sObject): boolean {
  return object.kind === 'Ingress' && ['networking.k8s.io', 'extensions'].includes(groupOf(object));
}

/** True when cert-manager's ingress-shim issues certificates for this Ingress. */
export function usesIngressShim(ingress: K8sObject): boolean {
  return CERT_MANAGER_INGRESS_ANNOTATIONS.some((key) =>
    key === 'kubernetes.io/tls-acme'
      ? ingress.annotations[key] === 'true'
      : ingress.annotations[key] !== undefined,
  );
}

/** One `spec.tls` entry of an Ingress. */
export interface IngressTls {
  readonly index: number;
  /** `undefined` when the entry lists no hosts, which covers every host the controller serves. */
  readonly hosts?: readonly string[];
  readonly secretName?: string;
}

export function tlsEntries(ingress: K8sObject): IngressTls[] {
  return listOf(ingress.get(['spec', 'tls'])).map((entry, index) => {
    const record = recordOf(entry);
    const hosts = Array.isArray(record.hosts)
      ? record.hosts.filter((host): host is string => typeof host === 'string')
      : [];
    const secretName = stringOf(record.secretName);
    return {
      index,
      ...(hosts.length > 0 ? { hosts } : {}),
      ...(secretName ? { secretName } : {}),
    };
  });
}

/** True when `pattern` (a host or a `*.` wildcard of one label) matches `host`. */
export function hostMatches(pattern: string, host: string): boolean {
  const a = pattern.toLowerCase();
  const b = host.toLowerCase();
  if (a === b) return true;
  if (!a.startsWith('*.')) return false;
  const suffix = a.slice(1);
  return (
    b.endsWith(suffix) && !b.slice(0, -suffix.length).includes('.') && b.length > suffix.length
  );
}
