import { defineRule, removeFieldEdits, type FixProposal, type K8sObject } from '@kubeharden/core';

import { hostMatches, isIngress, tlsEntries, usesIngressShim } from '../model/ingress.js';
import { isHealthData } from '../model/scope.js';
import { findSecret } from '../model/secrets.js';
import {
  compact,
  listOf,
  recordOf,
  setField,
  stringListOption,
  stringOf,
} from '../model/values.js';
import { CERT_MANAGER, IN_TRANSIT } from './sections.js';

// Annotations whose value "false" turns the HTTP to HTTPS redirect off, per controller:
// ingress-nginx, F5 NGINX Ingress Controller, HAProxy Technologies, and HAProxy Ingress
// (which, like several others, also reads the unprefixed ingress.kubernetes.io form).
const REDIRECT_ANNOTATIONS = [
  'nginx.ingress.kubernetes.io/ssl-redirect',
  'nginx.org/ssl-redirect',
  'ingress.kubernetes.io/ssl-redirect',
  'haproxy.org/ssl-redirect',
  'haproxy.com/ssl-redirect',
  'haproxy-ingress.github.io/ssl-redirect',
];
const TRAEFIK_ENTRYPOINTS = 'traefik.ingress.kubernetes.io/router.entrypoints';
// The Traefik Helm chart names its plain-HTTP entry point "web" and its TLS entry point "websecure".
const DEFAULT_PLAIN_ENTRYPOINTS = ['web'];

export const requireIngressTls = defineRule({
  id: 'require-ingress-tls',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Ingresses that route to health-data workloads have spec.tls entries covering every host of every rule.',
    remediation:
      'Add a spec.tls entry whose hosts list every rules[].host (a *. wildcard covers one label) and whose secretName holds the certificate, or let cert-manager create it with the cert-manager.io/cluster-issuer annotation.',
    rationale:
      'Ingress controllers terminate TLS only for hosts listed in spec.tls; every other host is served over plain HTTP, so credentials and health data cross the network readable by anyone on the path. Written against the networking.k8s.io/v1 Ingress API and ' +
      CERT_MANAGER +
      ', whose ingress-shim issues certificates for the hosts of spec.tls.',
    hipaa: IN_TRANSIT,
    kinds: ['Ingress', 'Namespace'],
    limitations: [
      'An Ingress with only a defaultBackend and no rules is not checked, because the controller default certificate and redirect settings, which the manifests do not show, decide how it is served.',
      'Rules without a host are covered only by a spec.tls entry without hosts.',
    ],
  },
  create(context) {
    return {
      object(ingress) {
        if (!isIngress(ingress) || !isHealthData(context, ingress)) return;
        const rules = listOf(ingress.get(['spec', 'rules']));
        if (rules.length === 0) return;

        const entries = tlsEntries(ingress);
        if (entries.length === 0) {
          const hosts = rules
            .map((rule) => stringOf(recordOf(rule).host))
            .filter((host) => host !== undefined);
          context.report({
            object: ingress,
            path: ['spec', 'tls'],
            message: `Ingress "${ingress.name ?? ''}" has no spec.tls, so it serves ${hosts.length > 0 ? hosts.map((host) => `"${host}"`).join(', ') : 'its rules'} over plain HTTP; add a spec.tls entry with the hosts and a secretName.`,
          });
          return;
        }
        if (entries.some((entry) => entry.hosts === undefined)) return;

        const covered = entries.flatMap((entry) => entry.hosts ?? []);
        rules.forEach((rule, index) => {
          const host = stringOf(recordOf(rule).host);
          if (host === undefined || covered.some((pattern) => hostMatches(pattern, host))) return;
          context.report({
            object: ingress,
            path: ['spec', 'rules', index, 'host'],
            message: `Host "${host}" of Ingress "${ingress.name ?? ''}" is in no spec.tls entry, so it is served over plain HTTP; add it to the hosts of a spec.tls entry.`,
          });
        });
      },
    };
  },
});

export const noIngressHttpsRedirectDisabled = defineRule({
  id: 'no-ingress-https-redirect-disabled',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Ingresses that route to health-data workloads do not turn off the redirect from HTTP to HTTPS.',
    remediation:
      'Remove the ssl-redirect annotation set to "false" (the controllers redirect by default when the Ingress has TLS), and attach Traefik routers to the TLS entry point.',
    rationale:
      'With the redirect off, a client that starts on http:// keeps talking plain HTTP, and login forms and API calls send credentials and health data unencrypted. Checked annotations: nginx.ingress.kubernetes.io/ssl-redirect (ingress-nginx), nginx.org/ssl-redirect and ingress.kubernetes.io/ssl-redirect (F5 NGINX Ingress Controller and others), haproxy.org/ssl-redirect and haproxy.com/ssl-redirect (HAProxy Technologies), haproxy-ingress.github.io/ssl-redirect (HAProxy Ingress), and a Traefik router.entrypoints annotation that lists only plain-HTTP entry points. Written against the annotation references of those controllers as published in 2026.',
    hipaa: IN_TRANSIT,
    fixable: 'suggestion',
    kinds: ['Ingress', 'Namespace'],
    limitations: [
      'An explicit force-ssl-redirect: "false" is not reported, because it is the default and only matters when TLS ends before the controller.',
      'Redirects turned off in a controller ConfigMap or a Traefik middleware are not visible in the Ingress.',
      'Traefik entry point names are configurable; list plain-HTTP ones in the plainEntryPoints option (default ["web"]).',
    ],
  },
  create(context) {
    const plainEntryPoints = stringListOption(
      context.options,
      'plainEntryPoints',
      DEFAULT_PLAIN_ENTRYPOINTS,
    );

    return {
      object(ingress) {
        if (!isIngress(ingress) || !isHealthData(context, ingress)) return;

        for (const key of REDIRECT_ANNOTATIONS) {
          const value = ingress.annotations[key];
          if (value === undefined || value.toLowerCase() !== 'false') continue;
          const path = ['metadata', 'annotations', key];
          context.report({
            object: ingress,
            path,
            target: 'key',
            message: `Annotation "${key}: ${value}" turns off the redirect from HTTP to HTTPS on Ingress "${ingress.name ?? ''}"; remove it.`,
            suggestions: compact([
              removeAnnotation(ingress, key),
              setField(ingress, path, 'true', `Set ${key} to "true"`),
            ]),
          });
        }

        const entryPoints = ingress.annotations[TRAEFIK_ENTRYPOINTS];
        if (entryPoints === undefined) return;
        const names = entryPoints
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '');
        if (names.length === 0 || !names.every((name) => plainEntryPoints.includes(name))) return;
        context.report({
          object: ingress,
          path: ['metadata', 'annotations', TRAEFIK_ENTRYPOINTS],
          message: `Annotation "${TRAEFIK_ENTRYPOINTS}: ${entryPoints}" attaches Ingress "${ingress.name ?? ''}" only to plain-HTTP entry points; use the TLS entry point, such as websecure.`,
        });
      },
    };
  },
});

export const requireIngressTlsSecret = defineRule({
  id: 'require-ingress-tls-secret',
  meta: {
    area: 'encryption',
    severity: 'error',
    description: 'Every spec.tls entry of an Ingress names the Secret that holds its certificate.',
    remediation:
      'Set secretName on each spec.tls entry; with cert-manager, add the cert-manager.io/cluster-issuer or cert-manager.io/issuer annotation so ingress-shim fills that Secret.',
    rationale:
      'An entry without secretName makes the controller present its default certificate, usually self-signed, which clients reject or users learn to click through, so server authentication is lost. cert-manager ingress-shim also skips entries without secretName. Written against the networking.k8s.io/v1 Ingress API and ' +
      CERT_MANAGER +
      '.',
    hipaa: ['164.312(e)(1)', '164.312(d)'],
    kinds: ['Ingress', 'Secret', 'Certificate'],
    limitations: [
      'The Secret itself is required to be in the manifests only when completeManifests is set and neither ingress-shim nor a Certificate provides it.',
    ],
  },
  create(context) {
    return {
      object(ingress) {
        if (!isIngress(ingress)) return;
        const shim = usesIngressShim(ingress);
        for (const entry of tlsEntries(ingress)) {
          if (entry.secretName === undefined) {
            context.report({
              object: ingress,
              path: ['spec', 'tls', entry.index, 'secretName'],
              message: `The spec.tls[${entry.index}] entry of Ingress "${ingress.name ?? ''}" names no secretName, so the controller serves its default certificate${shim ? ' and cert-manager issues none' : ''}; set secretName to the Secret that holds the certificate.`,
            });
            continue;
          }
          if (!context.settings.completeManifests || shim) continue;
          if (findSecret(context.objects, ingress.namespace, entry.secretName)) continue;
          if (producedByCertificate(context.objects.all, ingress, entry.secretName)) continue;
          context.report({
            object: ingress,
            path: ['spec', 'tls', entry.index, 'secretName'],
            message: `TLS Secret "${entry.secretName}" of Ingress "${ingress.name ?? ''}" is not in the manifests and no Certificate produces it; add the Secret or a cert-manager Certificate with that secretName.`,
          });
        }
      },
    };
  },
});

function producedByCertificate(
  objects: readonly K8sObject[],
  ingress: K8sObject,
  secretName: string,
): boolean {
  return objects.some(
    (object) =>
      object.kind === 'Certificate' &&
      object.apiVersion.startsWith('cert-manager.io/') &&
      object.namespace === ingress.namespace &&
      object.get(['spec', 'secretName']) === secretName,
  );
}

function removeAnnotation(ingress: K8sObject, key: string): FixProposal | undefined {
  const edits = removeFieldEdits(
    ingress.document,
    ingress.documentPath(['metadata', 'annotations', key]),
  );
  return edits ? { description: `Remove annotation ${key}`, edits } : undefined;
}
