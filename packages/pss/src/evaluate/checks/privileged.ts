import type { PssCheck } from '../check.js';
import { containerLabel, containersPhrase } from '../format.js';
import { containerField } from '../pod.js';
import type { PodView } from '../pod.js';

function privilegedV1Dot0(pod: PodView) {
  const bad = pod.containers.filter((container) => container.securityContext?.privileged === true);
  if (bad.length === 0) return undefined;

  return {
    reason: 'privileged',
    detail: `${containersPhrase(bad.map((c) => c.ref.name))} must not set securityContext.privileged=true`,
    fields: bad.map((container) =>
      containerField(
        container,
        ['securityContext', 'privileged'],
        'forbidden-value',
        `${containerLabel(container.ref)} sets securityContext.privileged to true; remove it or set it to false.`,
      ),
    ),
  };
}

export const privileged: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minMinor: 0, evaluate: privilegedV1Dot0 }],
};
