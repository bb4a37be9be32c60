import type { K8sObject, ObjectIndex } from '@kubeharden/core';

import { groupOf, recordOf } from './values.js';

export const CERT_MANAGER_GROUP = 'cert-manager.io';

export function isCertificate(object: K8sObject): boolean {
  return object.kind === 'Certificate' && groupOf(object) === CERT_MANAGER_GROUP;
}

export function isIssuer(object: K8sObject): boolean {
  return (
    (object.kind === 'Issuer' || object.kind === 'ClusterIssuer') &&
    groupOf(object) === CERT_MANAGER_GROUP
  );
}

/** True when the manifests contain any cert-manager object, so cert-manager is in use. */
export function usesCertManager(index: ObjectIndex): boolean {
  return ['Certificate', 'Issuer', 'ClusterIssuer'].some((kind) =>
    index.ofKind(kind).some((object) => groupOf(object) === CERT_MANAGER_GROUP),
  );
}

/** True when a Certificate in `namespace` writes the Secret `secretName`. */
export function certificateProduces(
  index: ObjectIndex,
  namespace: string | undefined,
  secretName: string,
): boolean {
  return index
    .ofKind('Certificate')
    .some(
      (object) =>
        isCertificate(object) &&
        object.namespace === namespace &&
        object.get(['spec', 'secretName']) === secretName,
    );
}

/** True when a Certificate's issuerRef names the given Issuer or ClusterIssuer. */
export function referencesIssuer(certificate: K8sObject, issuer: K8sObject): boolean {
  const ref = recordOf(certificate.get(['spec', 'issuerRef']));
  const kind = ref.kind ?? 'Issuer';
  const group = ref.group ?? CERT_MANAGER_GROUP;
  if (ref.name !== issuer.name || kind !== issuer.kind || group !== CERT_MANAGER_GROUP)
    return false;
  return issuer.kind === 'ClusterIssuer' || certificate.namespace === issuer.namespace;
}
