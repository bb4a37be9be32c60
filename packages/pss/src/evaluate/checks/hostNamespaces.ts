import type { PssCheck } from '../check.js';
import { sortedSet } from '../format.js';
import { podField } from '../pod.js';
import type { PodView } from '../pod.js';

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespacesV1Dot0(pod: PodView) {
  const shared = HOST_NAMESPACE_FIELDS.filter((field) => pod.spec[field] === true);
  if (shared.length === 0) return undefined;

  return {
    reason: 'host namespaces',
    detail: sortedSet(shared).join(', '),
    fields: shared.map((field) =>
      podField(
        pod,
        [field],
        'forbidden-value',
        `The pod sets ${field} to true; remove it or set it to false.`,
      ),
    ),
  };
}

export const hostNamespaces: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minMinor: 0, evaluate: hostNamespacesV1Dot0 }],
};
