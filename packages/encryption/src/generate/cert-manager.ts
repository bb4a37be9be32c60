import {
  validateDuration,
  validateEmail,
  validateHostname,
  validateHttpsUrl,
  validateList,
  validateName,
  validateNamespace,
  validateOneOf,
} from './validate.js';

const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';

export interface AcmeClusterIssuerOptions {
  readonly type: 'acme';
  readonly name: string;
  /** Contact address the ACME server sends expiry notices to. */
  readonly email: string;
  /** ACME directory URL; defaults to Let's Encrypt production. */
  readonly server?: string;
  /** IngressClass whose controller serves the HTTP-01 challenges. */
  readonly ingressClassName: string;
}

export interface CaClusterIssuerOptions {
  readonly type: 'ca';
  readonly name: string;
  /** Secret in the cert-manager namespace with tls.crt and tls.key of the CA. */
  readonly caSecretName: string;
}

/** Builds a ClusterIssuer: ACME with an HTTP-01 solver, or a private CA. */
export function clusterIssuer(
  options: AcmeClusterIssuerOptions | CaClusterIssuerOptions,
): Record<string, unknown> {
  const type = validateOneOf('issuer type', options.type, ['acme', 'ca']);
  const name = validateName('ClusterIssuer name', options.name);
  const metadata = { name };

  if (type === 'ca') {
    const ca = options as CaClusterIssuerOptions;
    return {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata,
      spec: { ca: { secretName: validateName('caSecretName', ca.caSecretName) } },
    };
  }

  const acme = options as AcmeClusterIssuerOptions;
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata,
    spec: {
      acme: {
        email: validateEmail('email', acme.email),
        server: validateHttpsUrl('server', acme.server ?? LETS_ENCRYPT),
        privateKeySecretRef: { name: `${name}-account-key` },
        solvers: [
          {
            http01: {
              ingress: {
                ingressClassName: validateName('ingressClassName', acme.ingressClassName),
              },
            },
          },
        ],
      },
    },
  };
}

export interface CertificateOptions {
  readonly name: string;
  readonly namespace: string;
  /** Secret the certificate and key are written to; reference it from the Ingress or Cluster. */
  readonly secretName: string;
  readonly dnsNames: readonly string[];
  readonly issuer: { readonly name: string; readonly kind?: 'Issuer' | 'ClusterIssuer' };
  /** Requested lifetime; defaults to 2160h (90 days). */
  readonly duration?: string;
  /** Renewal before expiry; defaults to 720h (30 days). */
  readonly renewBefore?: string;
  /** ECDSA P-256 by default; RSA uses 3072 bits. */
  readonly algorithm?: 'ECDSA' | 'RSA' | 'Ed25519';
}

/**
 * Builds a Certificate with a strong key that is replaced at every renewal. `duration` and
 * `renewBefore` are checked against each other as cert-manager's webhook does.
 */
export function certificate(options: CertificateOptions): Record<string, unknown> {
  const duration = options.duration ?? '2160h';
  const renewBefore = options.renewBefore ?? '720h';
  const durationSeconds = validateDuration('duration', duration, 3600);
  const renewSeconds = validateDuration('renewBefore', renewBefore, 300);
  if (renewSeconds >= durationSeconds) {
    throw new Error(
      `Invalid renewBefore ${JSON.stringify(renewBefore)}: it must be shorter than duration ${JSON.stringify(duration)}.`,
    );
  }
  const algorithm = validateOneOf('algorithm', options.algorithm ?? 'ECDSA', [
    'ECDSA',
    'RSA',
    'Ed25519',
  ]);
  const privateKey: Record<string, unknown> = { algorithm, rotationPolicy: 'Always' };
  if (algorithm === 'ECDSA') privateKey.size = 256;
  if (algorithm === 'RSA') privateKey.size = 3072;
  const issuerKind = validateOneOf('issuer kind', options.issuer.kind ?? 'ClusterIssuer', [
    'Issuer',
    'ClusterIssuer',
  ]);

  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: {
      name: validateName('Certificate name', options.name),
      namespace: validateNamespace('namespace', options.namespace),
    },
    spec: {
      secretName: validateName('secretName', options.secretName),
      dnsNames: [
        ...validateList('dnsNames', options.dnsNames, (host) => validateHostname('DNS name', host)),
      ],
      duration,
      renewBefore,
      privateKey,
      // Key encipherment only means something for RSA key transport.
      usages:
        algorithm === 'RSA'
          ? ['server auth', 'digital signature', 'key encipherment']
          : ['server auth', 'digital signature'],
      issuerRef: {
        name: validateName('issuer name', options.issuer.name),
        kind: issuerKind,
        group: 'cert-manager.io',
      },
    },
  };
}
