import { defineRule, type K8sObject, type Path, type RuleContext } from '@kubeharden/core';

import { isCertificate, isIssuer, referencesIssuer } from '../model/cert-manager.js';
import { describeSeconds, parseGoDuration } from '../model/durations.js';
import { isIngress, usesIngressShim } from '../model/ingress.js';
import {
  booleanOption,
  numberOption,
  recordOf,
  setField,
  show,
  stringListOption,
  stringOption,
} from '../model/values.js';
import { CERT_MANAGER, IN_TRANSIT } from './sections.js';

// cert-manager's default key sizes, which this rule treats as the floor.
const MINIMUM_RSA_BITS = 2048;
const MINIMUM_ECDSA_BITS = 256;
const DEVELOPMENT_NAMESPACES = ['dev', 'development', 'test', 'testing', 'sandbox'];
// Certificates last 90 days unless spec.duration sets another value, and cert-manager rejects less than one hour.
const DEFAULT_MAXIMUM_DURATION = '2160h';
const DEFAULT_MAXIMUM_CA_DURATION = '43800h';
const DEFAULT_MINIMUM_DURATION = '1h';
const DEFAULT_MINIMUM_RENEW_BEFORE = '24h';

/** A private key request, from a Certificate's spec or from ingress-shim annotations. */
interface KeyRequest {
  readonly algorithm: unknown;
  readonly size: unknown;
  readonly algorithmPath: Path;
  readonly sizePath: Path;
}

function keyRequest(object: K8sObject): KeyRequest | undefined {
  if (isCertificate(object)) {
    const key = recordOf(object.get(['spec', 'privateKey']));
    return {
      algorithm: key.algorithm,
      size: key.size,
      algorithmPath: ['spec', 'privateKey', 'algorithm'],
      sizePath: ['spec', 'privateKey', 'size'],
    };
  }
  if (isIngress(object) && usesIngressShim(object)) {
    const size = object.annotations['cert-manager.io/private-key-size'];
    return {
      algorithm: object.annotations['cert-manager.io/private-key-algorithm'],
      size: size === undefined ? undefined : Number(size),
      algorithmPath: ['metadata', 'annotations', 'cert-manager.io/private-key-algorithm'],
      sizePath: ['metadata', 'annotations', 'cert-manager.io/private-key-size'],
    };
  }
  return undefined;
}

function describeObject(object: K8sObject): string {
  return `${object.kind} "${object.name ?? ''}"`;
}

export const noWeakCertificateKey = defineRule({
  id: 'no-weak-certificate-key',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Certificates of cert-manager request RSA keys of at least 2048 bits or ECDSA keys of at least 256 bits.',
    remediation:
      'Remove spec.privateKey.size to get the defaults (RSA 2048, ECDSA 256), or set it to 3072 or 4096 for RSA and 384 for ECDSA; use the same values in the cert-manager.io/private-key-size annotation of an Ingress.',
    rationale:
      'A TLS key shorter than 2048 bits for RSA or 256 bits for ECDSA can be factored or broken with resources that are within reach today, which exposes every session protected by the certificate. Written against ' +
      CERT_MANAGER +
      ', which defaults to RSA 2048 and accepts Ed25519, whose size field is ignored.',
    hipaa: IN_TRANSIT,
    fixable: 'suggestion',
    kinds: ['Certificate', 'Ingress'],
    limitations: ['Keys of certificates issued outside cert-manager are not visible.'],
  },
  create(context) {
    const minimumRsa = numberOption(context.options, 'minimumRsaBits', MINIMUM_RSA_BITS);
    const minimumEcdsa = numberOption(context.options, 'minimumEcdsaBits', MINIMUM_ECDSA_BITS);

    return {
      object(object) {
        const request = keyRequest(object);
        if (!request) return;
        const algorithm = String(request.algorithm ?? 'RSA').toUpperCase();
        if (algorithm === 'ED25519') return;
        const minimum = algorithm === 'ECDSA' ? minimumEcdsa : minimumRsa;
        if (
          request.size === undefined ||
          (typeof request.size === 'number' && request.size >= minimum)
        )
          return;

        const suggestion = isCertificate(object)
          ? setField(object, request.sizePath, minimum, `Set the key size to ${minimum}`)
          : setField(object, request.sizePath, String(minimum), `Set the key size to ${minimum}`);
        context.report({
          object,
          path: request.sizePath,
          message: `${describeObject(object)} requests an ${algorithm} key of ${show(request.size)} bits, below the minimum of ${minimum}; request at least ${minimum} bits.`,
          ...(suggestion ? { suggestions: [suggestion] } : {}),
        });
      },
    };
  },
});

export const requirePrivateKeyRotation = defineRule({
  id: 'require-private-key-rotation',
  meta: {
    area: 'encryption',
    severity: 'warning',
    description:
      'Every cert-manager Certificate gets a new private key at each renewal (rotationPolicy Always).',
    remediation:
      'Set spec.privateKey.rotationPolicy to Always, or remove rotationPolicy on cert-manager 1.18 and later; on an Ingress, remove the cert-manager.io/private-key-rotation-policy annotation or set it to Always.',
    rationale:
      'With rotationPolicy Never, a renewed certificate keeps the old private key, so a key that leaked once stays valid for every later certificate and renewal does not limit the damage. cert-manager changed the default from Never to Always in version 1.18; set the requireExplicit option when clusters still run an older version. Written against ' +
      CERT_MANAGER +
      '.',
    hipaa: IN_TRANSIT,
    fixable: 'suggestion',
    kinds: ['Certificate', 'Ingress'],
  },
  create(context) {
    const requireExplicit = booleanOption(context.options, 'requireExplicit', false);

    return {
      object(object) {
        let path: Path;
        let policy: unknown;
        if (isCertificate(object)) {
          path = ['spec', 'privateKey', 'rotationPolicy'];
          policy = object.get(path);
        } else if (isIngress(object) && usesIngressShim(object)) {
          path = ['metadata', 'annotations', 'cert-manager.io/private-key-rotation-policy'];
          policy = object.annotations['cert-manager.io/private-key-rotation-policy'];
        } else {
          return;
        }
        if (
          policy === 'Always' ||
          (policy === undefined && (!requireExplicit || !isCertificate(object)))
        )
          return;

        const suggestion = setField(object, path, 'Always', 'Set the rotation policy to Always');
        context.report({
          object,
          path,
          message:
            policy === undefined
              ? `${describeObject(object)} does not set privateKey.rotationPolicy, which means Never before cert-manager 1.18; set it to Always.`
              : `${describeObject(object)} sets the private key rotation policy to ${show(policy)}, so renewals keep the same key; set it to Always.`,
          ...(suggestion ? { suggestions: [suggestion] } : {}),
        });
      },
    };
  },
});

export const requireCertificateLifetimeBounds = defineRule({
  id: 'require-certificate-lifetime-bounds',
  meta: {
    area: 'encryption',
    severity: 'warning',
    description:
      'Certificates of cert-manager request a duration within the configured bounds and renew early enough before expiry.',
    remediation:
      'Set spec.duration at or below the maximum (90 days by default, 5 years for CA certificates) and spec.renewBefore at or above the minimum (24 hours by default) and below the duration; the options maximumDuration, maximumCaDuration, minimumDuration and minimumRenewBefore change the bounds.',
    rationale:
      'Long-lived certificates keep a stolen key useful for longer and are rotated so rarely that renewal breaks unnoticed; a renewBefore window shorter than a day leaves no time to fix a failed renewal before clients see an expired certificate; a renewBefore at or above the duration makes cert-manager renew continuously. Written against ' +
      CERT_MANAGER +
      ', whose defaults are a 90-day duration and renewal at two thirds of the lifetime.',
    hipaa: IN_TRANSIT,
    kinds: ['Certificate', 'Ingress'],
    limitations: [
      'The issuer may shorten the lifetime it grants; only the requested values are checked.',
    ],
  },
  create(context) {
    const bound = (key: string, fallback: string): number => {
      const text = stringOption(context.options, key, fallback);
      const seconds = parseGoDuration(text);
      if (seconds === undefined)
        throw new Error(
          `Option "${key}" must be a Go duration such as "2160h", got ${show(text)}.`,
        );
      return seconds;
    };
    const maximumDuration = bound('maximumDuration', DEFAULT_MAXIMUM_DURATION);
    const maximumCaDuration = bound('maximumCaDuration', DEFAULT_MAXIMUM_CA_DURATION);
    const minimumDuration = bound('minimumDuration', DEFAULT_MINIMUM_DURATION);
    const minimumRenewBefore = bound('minimumRenewBefore', DEFAULT_MINIMUM_RENEW_BEFORE);

    return {
      object(object) {
        const fields = lifetimeFields(object);
        if (!fields) return;
        const subject = describeObject(object);
        const isCa = object.get(['spec', 'isCA']) === true;

        let duration = 90 * 86_400;
        if (fields.duration !== undefined) {
          const seconds =
            typeof fields.duration === 'string' ? parseGoDuration(fields.duration) : undefined;
          const maximum = isCa ? maximumCaDuration : maximumDuration;
          if (seconds === undefined) {
            report(
              context,
              object,
              fields.durationPath,
              `${subject} requests duration ${show(fields.duration)}, which is not a Go duration; write it like "2160h".`,
            );
            return;
          }
          duration = seconds;
          if (seconds > maximum) {
            report(
              context,
              object,
              fields.durationPath,
              `${subject} requests a lifetime of ${describeSeconds(seconds)}, above the maximum of ${describeSeconds(maximum)}; shorten spec.duration.`,
            );
          } else if (seconds < minimumDuration) {
            report(
              context,
              object,
              fields.durationPath,
              `${subject} requests a lifetime of ${describeSeconds(seconds)}, below the minimum of ${describeSeconds(minimumDuration)}; lengthen spec.duration.`,
            );
          }
        }

        let renewBefore: number | undefined;
        if (fields.renewBefore !== undefined) {
          renewBefore =
            typeof fields.renewBefore === 'string'
              ? parseGoDuration(fields.renewBefore)
              : undefined;
          if (renewBefore === undefined) {
            report(
              context,
              object,
              fields.renewBeforePath,
              `${subject} sets renewBefore to ${show(fields.renewBefore)}, which is not a Go duration; write it like "720h".`,
            );
            return;
          }
        } else if (typeof fields.renewBeforePercentage === 'number') {
          renewBefore = (duration * fields.renewBeforePercentage) / 100;
        }
        if (renewBefore === undefined) return;
        const where =
          fields.renewBefore !== undefined ? fields.renewBeforePath : fields.percentagePath;
        if (renewBefore >= duration) {
          report(
            context,
            object,
            where,
            `${subject} renews ${describeSeconds(renewBefore)} before expiry, which is not shorter than its lifetime of ${describeSeconds(duration)}, so it renews continuously; renew well before expiry but within the lifetime.`,
          );
        } else if (renewBefore < minimumRenewBefore) {
          report(
            context,
            object,
            where,
            `${subject} renews only ${describeSeconds(renewBefore)} before expiry, below the minimum of ${describeSeconds(minimumRenewBefore)}, leaving little time to fix a failed renewal; renew earlier.`,
          );
        }
      },
    };
  },
});

interface LifetimeFields {
  readonly duration: unknown;
  readonly renewBefore: unknown;
  readonly renewBeforePercentage: unknown;
  readonly durationPath: Path;
  readonly renewBeforePath: Path;
  readonly percentagePath: Path;
}

function lifetimeFields(object: K8sObject): LifetimeFields | undefined {
  if (isCertificate(object)) {
    return {
      duration: object.get(['spec', 'duration']),
      renewBefore: object.get(['spec', 'renewBefore']),
      renewBeforePercentage: object.get(['spec', 'renewBeforePercentage']),
      durationPath: ['spec', 'duration'],
      renewBeforePath: ['spec', 'renewBefore'],
      percentagePath: ['spec', 'renewBeforePercentage'],
    };
  }
  if (isIngress(object) && usesIngressShim(object)) {
    const percentage = object.annotations['cert-manager.io/renew-before-percentage'];
    return {
      duration: object.annotations['cert-manager.io/duration'],
      renewBefore: object.annotations['cert-manager.io/renew-before'],
      renewBeforePercentage: percentage === undefined ? undefined : Number(percentage),
      durationPath: ['metadata', 'annotations', 'cert-manager.io/duration'],
      renewBeforePath: ['metadata', 'annotations', 'cert-manager.io/renew-before'],
      percentagePath: ['metadata', 'annotations', 'cert-manager.io/renew-before-percentage'],
    };
  }
  return undefined;
}

function report(context: RuleContext, object: K8sObject, path: Path, message: string): void {
  context.report({ object, path, message });
}

export const noSelfSignedIssuer = defineRule({
  id: 'no-self-signed-issuer',
  meta: {
    area: 'encryption',
    severity: 'warning',
    description:
      'Self-signed cert-manager issuers exist only in development namespaces or only to bootstrap a CA certificate.',
    remediation:
      'Issue server certificates from an ACME or CA issuer; keep a selfSigned issuer only to sign the CA certificate (isCA: true) of a CA issuer, or in a namespace listed in the developmentNamespaces option.',
    rationale:
      'A self-signed certificate proves nothing about the server, so clients must either skip verification or trust each certificate by hand, and both open the door to interception. cert-manager documents the selfSigned issuer for bootstrapping a private CA, which this rule accepts. Written against ' +
      CERT_MANAGER +
      '.',
    hipaa: ['164.312(e)(1)', '164.312(d)'],
    kinds: ['Issuer', 'ClusterIssuer', 'Certificate', 'Ingress'],
    limitations: [
      'Certificates and Ingresses outside the manifests that use the issuer are not seen.',
    ],
  },
  create(context) {
    const developmentNamespaces = stringListOption(
      context.options,
      'developmentNamespaces',
      DEVELOPMENT_NAMESPACES,
    );

    return {
      object(issuer) {
        if (!isIssuer(issuer) || issuer.get(['spec', 'selfSigned']) === undefined) return;
        if (issuer.kind === 'Issuer' && developmentNamespaces.includes(issuer.namespace ?? ''))
          return;

        const certificates = context.objects
          .ofKind('Certificate')
          .filter((object) => isCertificate(object) && referencesIssuer(object, issuer));
        const leafCertificates = certificates.filter(
          (certificate) => certificate.get(['spec', 'isCA']) !== true,
        );
        const ingresses = context.objects
          .ofKind('Ingress')
          .filter((ingress) => isIngress(ingress) && ingressUses(ingress, issuer));
        if (certificates.length > 0 && leafCertificates.length === 0 && ingresses.length === 0)
          return;

        const users = [...leafCertificates, ...ingresses].map(describeObject);
        const use =
          users.length > 0
            ? `signs ${users.slice(0, 3).join(', ')}${users.length > 3 ? ' and others' : ''}`
            : 'can sign server certificates';
        context.report({
          object: issuer,
          path: ['spec', 'selfSigned'],
          target: 'key',
          message: `${describeObject(issuer)} is self-signed and ${use}, which clients cannot verify; issue them from an ACME or CA issuer and keep the self-signed issuer for the CA certificate only.`,
          data: { issuerKind: issuer.kind },
        });
      },
    };
  },
});

function ingressUses(ingress: K8sObject, issuer: K8sObject): boolean {
  if (issuer.kind === 'ClusterIssuer')
    return ingress.annotations['cert-manager.io/cluster-issuer'] === issuer.name;
  return (
    ingress.namespace === issuer.namespace &&
    ingress.annotations['cert-manager.io/issuer'] === issuer.name
  );
}
