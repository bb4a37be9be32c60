import { defineRule, type K8sObject, type ObjectIndex } from '@kubeharden/core';

import { isHealthData } from '../model/scope.js';
import { groupOf, listOf, recordOf, show, stringOf } from '../model/values.js';
import { GATEWAY_API, IN_TRANSIT } from './sections.js';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const LISTENER_KINDS = ['Gateway', 'ListenerSet'];

interface Listener {
  readonly index: number;
  readonly name: string;
  readonly port: unknown;
}

export const requireGatewayTls = defineRule({
  id: 'require-gateway-tls',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Gateway and ListenerSet listeners that carry HTTP traffic use HTTPS or TLS with certificateRefs, or only redirect to HTTPS.',
    remediation:
      'Set the listener protocol to HTTPS with tls.certificateRefs naming the certificate Secret, or use TLS passthrough; keep a plain HTTP listener only for HTTPRoutes whose rules all redirect to the https scheme.',
    rationale:
      'An HTTP listener sends requests and responses in clear text, and an HTTPS or TLS listener in Terminate mode without certificateRefs has no certificate to present, so it is either rejected by the implementation or falls back to plain text. Written against ' +
      GATEWAY_API +
      ', where ListenerSet became standard and a listener in Passthrough mode forwards TLS untouched to the backend.',
    hipaa: IN_TRANSIT,
    kinds: ['Gateway', 'ListenerSet', 'HTTPRoute', 'Namespace'],
    limitations: [
      'TCP and UDP listeners are not reported, because the protocol they carry may be encrypted end to end.',
      'An HTTP listener counts as redirect-only when every rule of every HTTPRoute in the manifests that attaches to it redirects to https; routes outside the manifests are not seen.',
    ],
  },
  create(context) {
    return {
      object(owner) {
        if (!LISTENER_KINDS.includes(owner.kind) || groupOf(owner) !== GATEWAY_GROUP) return;
        if (!isHealthData(context, owner)) return;
        const kindName = `${owner.kind} "${owner.name ?? ''}"`;

        listOf(owner.get(['spec', 'listeners'])).forEach((entry, index) => {
          const listener = recordOf(entry);
          const name = stringOf(listener.name) ?? `listeners[${index}]`;
          const protocol = listener.protocol;
          const path = ['spec', 'listeners', index];

          if (protocol === 'HTTP') {
            if (onlyRedirects(context.objects, owner, { index, name, port: listener.port })) return;
            context.report({
              object: owner,
              path: [...path, 'protocol'],
              message: `Listener "${name}" of ${kindName} uses protocol HTTP, so traffic crosses the network unencrypted; use HTTPS with tls.certificateRefs, or attach only HTTPRoutes that redirect to https.`,
            });
            return;
          }
          if (protocol !== 'HTTPS' && protocol !== 'TLS') return;

          const tls = recordOf(listener.tls);
          const mode = tls.mode ?? 'Terminate';
          if (mode === 'Passthrough') return;
          if (listOf(tls.certificateRefs).length > 0) return;
          context.report({
            object: owner,
            path: [...path, 'tls', 'certificateRefs'],
            message: `Listener "${name}" of ${kindName} uses protocol ${show(protocol)} in ${show(mode)} mode without tls.certificateRefs, so it has no certificate to present; name the certificate Secret in tls.certificateRefs.`,
          });
        });
      },
    };
  },
});

/** True when HTTPRoutes attach to the listener and every rule of each only redirects to https. */
function onlyRedirects(index: ObjectIndex, owner: K8sObject, listener: Listener): boolean {
  const routes = index
    .ofKind('HTTPRoute')
    .filter((route) => groupOf(route) === GATEWAY_GROUP && attaches(route, owner, listener));
  if (routes.length === 0) return false;
  return routes.every((route) => {
    const rules = listOf(route.get(['spec', 'rules']));
    return (
      rules.length > 0 &&
      rules.every((rule) =>
        listOf(recordOf(rule).filters).some((filter) => {
          const record = recordOf(filter);
          return (
            record.type === 'RequestRedirect' && recordOf(record.requestRedirect).scheme === 'https'
          );
        }),
      )
    );
  });
}

function attaches(route: K8sObject, owner: K8sObject, listener: Listener): boolean {
  return listOf(route.get(['spec', 'parentRefs'])).some((entry) => {
    const ref = recordOf(entry);
    const kind = ref.kind ?? 'Gateway';
    const group = ref.group ?? GATEWAY_GROUP;
    const namespace = ref.namespace ?? route.namespace;
    if (
      kind !== owner.kind ||
      group !== GATEWAY_GROUP ||
      ref.name !== owner.name ||
      namespace !== owner.namespace
    ) {
      return false;
    }
    if (ref.sectionName !== undefined && ref.sectionName !== listener.name) return false;
    return ref.port === undefined || ref.port === listener.port;
  });
}
