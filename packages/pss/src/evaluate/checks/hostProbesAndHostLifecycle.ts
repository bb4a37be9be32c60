import type { PssCheck } from '../check.js';
import { containerLabel, joinQuote, pluralize, sortedSet } from '../format.js';
import { containerField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asObject, textOf } from '../values.js';

/** Handlers whose `host` would let the kubelet connect to an address other than the pod's own. */
const HANDLERS = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
] as const;

const ACTIONS = ['httpGet', 'tcpSocket'] as const;

function hostProbesAndHostLifecycleV1Dot34(pod: PodView) {
  const badContainers: string[] = [];
  const hosts: string[] = [];
  const fields: PssField[] = [];

  for (const container of pod.containers) {
    for (const handlerKeys of HANDLERS) {
      let handler = asObject(container.value);
      for (const key of handlerKeys) handler = asObject(handler?.[key]);
      for (const action of ACTIONS) {
        const host = textOf(asObject(handler?.[action])?.host);
        if (host === '') continue;
        badContainers.push(container.ref.name);
        hosts.push(host);
        const field = [...handlerKeys, action, 'host'].join('.');
        fields.push(
          containerField(
            container,
            [...handlerKeys, action, 'host'],
            'forbidden-value',
            `${containerLabel(container.ref)} sets ${field} to ${JSON.stringify(host)}; remove host so that the kubelet connects to the pod's own IP address.`,
          ),
        );
      }
    }
  }
  if (badContainers.length === 0) return undefined;

  const names = sortedSet(badContainers);
  const sortedHosts = sortedSet(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${pluralize('container', 'containers', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', sortedHosts.length)} ${joinQuote(sortedHosts)}`,
    fields,
  };
}

export const hostProbesAndHostLifecycle: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minMinor: 34, evaluate: hostProbesAndHostLifecycleV1Dot34 }],
};
