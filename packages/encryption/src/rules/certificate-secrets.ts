import { defineRule, type K8sObject, type Path } from '@kubeharden/core';

import { certificateProduces, isCertificate, usesCertManager } from '../model/cert-manager.js';
import { isCnpgCluster } from '../model/cnpg.js';
import { hostMatches, isIngress, tlsEntries, usesIngressShim } from '../model/ingress.js';
import { groupOf, listOf, recordOf, stringOf } from '../model/values.js';
import { CERT_MANAGER, CLOUDNATIVE_PG, IN_TRANSIT } from './sections.js';

const CNPG_CERTIFICATE_FIELDS = [
  'serverTLSSecret',
  'serverCASecret',
  'clientCASecret',
  'replicationTLSSecret',
];
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** A reference to a TLS Secret by an object, with where it is written. */
interface SecretReference {
  readonly object: K8sObject;
  readonly path: Path;
  readonly secretName: string;
  /** Role of the Secret for the object, for messages. */
  readonly role: string;
}

/** Secrets that Ingresses, CloudNativePG clusters and Gateways read their certificates from. */
function tlsSecretReferences(object: K8sObject): SecretReference[] {
  if (isIngress(object)) {
    if (usesIngressShim(object)) return [];
    return tlsEntries(object)
      .filter((entry) => entry.secretName !== undefined)
      .map((entry) => ({
        object,
        path: ['spec', 'tls', entry.index, 'secretName'],
        secretName: entry.secretName!,
        role: `the TLS Secret of Ingress "${object.name ?? ''}"`,
      }));
  }
  if (isCnpgCluster(object)) {
    const certificates = recordOf(object.get(['spec', 'certificates']));
    return CNPG_CERTIFICATE_FIELDS.flatMap((field) => {
      const secretName = stringOf(certificates[field]);
      return secretName
        ? [
            {
              object,
              path: ['spec', 'certificates', field],
              secretName,
              role: `${field} of CloudNativePG Cluster "${object.name ?? ''}"`,
            },
          ]
        : [];
    });
  }
  if (object.kind === 'Gateway' && groupOf(object) === GATEWAY_GROUP) {
    if (
      object.annotations['cert-manager.io/issuer'] ||
      object.annotations['cert-manager.io/cluster-issuer']
    )
      return [];
    return listOf(object.get(['spec', 'listeners'])).flatMap((listener, listenerIndex) =>
      listOf(recordOf(recordOf(listener).tls).certificateRefs).flatMap((entry, refIndex) => {
        const ref = recordOf(entry);
        const secretName = stringOf(ref.name);
        const isSecret = (ref.kind ?? 'Secret') === 'Secret' && (ref.group ?? '') === '';
        const sameNamespace = ref.namespace === undefined || ref.namespace === object.namespace;
        if (!secretName || !isSecret || !sameNamespace) return [];
        return [
          {
            object,
            path: ['spec', 'listeners', listenerIndex, 'tls', 'certificateRefs', refIndex, 'name'],
            secretName,
            role: `a certificate of Gateway "${object.name ?? ''}"`,
          },
        ];
      }),
    );
  }
  return [];
}

export const requireCertificateForTlsSecret = defineRule({
  id: 'require-certificate-for-tls-secret',
  meta: {
    area: 'encryption',
    severity: 'warning',
    description:
      'When cert-manager is in use, every TLS Secret that an Ingress, a Gateway or a CloudNativePG cluster reads is written by a Certificate.',
    remediation:
      'Add a cert-manager Certificate with spec.secretName set to the referenced Secret, or add the cert-manager.io/cluster-issuer annotation to the Ingress or Gateway so cert-manager creates it.',
    rationale:
      'A TLS Secret that no Certificate writes is created by hand: nobody renews it before it expires and its key is often kept in version control. When the rest of the cluster already relies on cert-manager, such a Secret is usually a typo in the name or a forgotten manual certificate. Written against ' +
      CERT_MANAGER +
      ' and ' +
      CLOUDNATIVE_PG +
      ', whose spec.certificates fields name Secrets in the cluster namespace.',
    hipaa: IN_TRANSIT,
    kinds: ['Ingress', 'Gateway', 'Cluster', 'Certificate', 'Issuer', 'ClusterIssuer'],
    limitations: [
      'Runs only when the manifests contain a cert-manager Certificate, Issuer or ClusterIssuer.',
      'Gateway certificate references to other namespaces are not followed.',
    ],
  },
  create(context) {
    return {
      object(object) {
        if (isCertificate(object)) return;
        const references = tlsSecretReferences(object);
        if (references.length === 0 || !usesCertManager(context.objects)) return;

        for (const reference of references) {
          if (certificateProduces(context.objects, object.namespace, reference.secretName))
            continue;
          context.report({
            object,
            path: reference.path,
            message: `Secret "${reference.secretName}", ${reference.role}, is written by no cert-manager Certificate, so nothing renews it; add a Certificate with secretName "${reference.secretName}".`,
          });
        }
      },
    };
  },
});

export const noMismatchedCertificateSecret = defineRule({
  id: 'no-mismatched-certificate-secret',
  meta: {
    area: 'encryption',
    severity: 'warning',
    description:
      'A Certificate issued for the host of an Ingress or the service of a CloudNativePG cluster writes the Secret that object reads.',
    remediation:
      'Make the Certificate spec.secretName and the Secret named by the Ingress spec.tls entry or the Cluster spec.certificates.serverTLSSecret the same.',
    rationale:
      'When a Certificate covers a host but writes a Secret other than the one the Ingress or database reads, the renewed certificate is never served: clients keep getting an old, default or self-signed certificate until it expires. Written against ' +
      CERT_MANAGER +
      ' and ' +
      CLOUDNATIVE_PG +
      ', whose services are named <cluster>-rw, <cluster>-ro and <cluster>-r.',
    hipaa: IN_TRANSIT,
    kinds: ['Certificate', 'Ingress', 'Cluster'],
    limitations: [
      'Ingresses that use cert-manager ingress-shim are skipped, because the shim writes the Secret they name.',
    ],
  },
  create(context) {
    return {
      object(certificate) {
        if (!isCertificate(certificate)) return;
        const secretName = stringOf(certificate.get(['spec', 'secretName']));
        const dnsNames = listOf(certificate.get(['spec', 'dnsNames'])).filter(
          (name): name is string => typeof name === 'string',
        );
        if (!secretName || dnsNames.length === 0) return;

        for (const ingress of context.objects.ofKind('Ingress')) {
          if (
            !isIngress(ingress) ||
            ingress.namespace !== certificate.namespace ||
            usesIngressShim(ingress)
          )
            continue;
          for (const entry of tlsEntries(ingress)) {
            if (!entry.secretName || entry.secretName === secretName) continue;
            const host = (entry.hosts ?? []).find((candidate) =>
              dnsNames.some((name) => hostMatches(name, candidate)),
            );
            if (!host) continue;
            // Another Certificate may write the Secret the Ingress reads; then this one is simply unused.
            if (
              writtenByOther(context.objects.ofKind('Certificate'), certificate, entry.secretName)
            )
              continue;
            context.report({
              object: certificate,
              path: ['spec', 'secretName'],
              message: `Certificate "${certificate.name ?? ''}" covers host "${host}" but writes Secret "${secretName}", while Ingress "${ingress.name ?? ''}" reads "${entry.secretName}"; use one Secret name in both.`,
            });
          }
        }

        for (const cluster of context.objects.ofKind('Cluster')) {
          if (!isCnpgCluster(cluster) || cluster.namespace !== certificate.namespace) continue;
          const serviceNames = cnpgServiceNames(cluster);
          const host = dnsNames.find((name) => serviceNames.includes(name));
          const serverSecret = stringOf(cluster.get(['spec', 'certificates', 'serverTLSSecret']));
          if (!host || serverSecret === secretName) continue;
          if (
            serverSecret &&
            writtenByOther(context.objects.ofKind('Certificate'), certificate, serverSecret)
          )
            continue;
          context.report({
            object: certificate,
            path: ['spec', 'secretName'],
            message: serverSecret
              ? `Certificate "${certificate.name ?? ''}" covers service "${host}" of CloudNativePG Cluster "${cluster.name ?? ''}" but writes Secret "${secretName}", while the cluster reads "${serverSecret}"; use one Secret name in both.`
              : `Certificate "${certificate.name ?? ''}" covers service "${host}" of CloudNativePG Cluster "${cluster.name ?? ''}", which sets no spec.certificates.serverTLSSecret and so serves its own certificate; set serverTLSSecret to "${secretName}".`,
          });
        }
      },
    };
  },
});

function writtenByOther(
  certificates: readonly K8sObject[],
  self: K8sObject,
  secretName: string,
): boolean {
  return certificates.some(
    (other) =>
      other !== self &&
      isCertificate(other) &&
      other.namespace === self.namespace &&
      other.get(['spec', 'secretName']) === secretName,
  );
}

/** Host names under which the services of a CloudNativePG cluster are reached. */
function cnpgServiceNames(cluster: K8sObject): string[] {
  const namespace = cluster.namespace ?? 'default';
  return ['rw', 'ro', 'r'].flatMap((suffix) => {
    const service = `${cluster.name ?? ''}-${suffix}`;
    return [
      service,
      `${service}.${namespace}`,
      `${service}.${namespace}.svc`,
      `${service}.${namespace}.svc.cluster.local`,
    ];
  });
}
