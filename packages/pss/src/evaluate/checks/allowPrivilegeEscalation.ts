import type { PssCheck } from '../check.js';
import { containerLabel, containersPhrase, showValue } from '../format.js';
import { containerField } from '../pod.js';
import type { PodView } from '../pod.js';
import { isSet } from '../values.js';

function allowPrivilegeEscalationV1Dot8(pod: PodView) {
  const bad = pod.containers.filter(
    (container) => container.securityContext?.allowPrivilegeEscalation !== false,
  );
  if (bad.length === 0) return undefined;

  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(bad.map((c) => c.ref.name))} must set securityContext.allowPrivilegeEscalation=false`,
    fields: bad.map((container) => {
      const value = container.securityContext?.allowPrivilegeEscalation;
      const label = containerLabel(container.ref);
      return isSet(value)
        ? containerField(
            container,
            ['securityContext', 'allowPrivilegeEscalation'],
            'forbidden-value',
            `${label} sets securityContext.allowPrivilegeEscalation to ${showValue(value)}; set it to false.`,
          )
        : containerField(
            container,
            ['securityContext', 'allowPrivilegeEscalation'],
            'missing',
            `${label} does not set securityContext.allowPrivilegeEscalation, which defaults to true; set it to false.`,
          );
    }),
  };
}

// From v1.25 a Windows pod is exempt, because the API rejects this field on Windows pods.
function allowPrivilegeEscalationV1Dot25(pod: PodView) {
  if (pod.isWindows) return undefined;
  return allowPrivilegeEscalationV1Dot8(pod);
}

export const allowPrivilegeEscalation: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    // The field was added to the API in Kubernetes 1.8.
    { minMinor: 8, evaluate: allowPrivilegeEscalationV1Dot8 },
    { minMinor: 25, evaluate: allowPrivilegeEscalationV1Dot25 },
  ],
};
