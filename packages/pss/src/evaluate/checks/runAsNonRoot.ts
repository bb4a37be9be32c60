import type { CheckFailure, PssCheck } from '../check.js';
import { containerLabel, containersPhrase, showValue } from '../format.js';
import { containerField, podField } from '../pod.js';
import type { ContainerView, PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { isSet } from '../values.js';

// Any value other than `true` that is set counts as an explicit `false`, since only `true` is true.
function runAsNonRootV1Dot0(pod: PodView): CheckFailure | undefined {
  const setters: string[] = [];
  const fields: PssField[] = [];

  const podValue = pod.securityContext?.runAsNonRoot;
  const podTrue = podValue === true;
  if (isSet(podValue) && !podTrue) {
    setters.push('pod');
    fields.push(
      podField(
        pod,
        ['securityContext', 'runAsNonRoot'],
        'forbidden-value',
        `The pod sets securityContext.runAsNonRoot to ${showValue(podValue)}; set it to true.`,
      ),
    );
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: ContainerView[] = [];
  for (const container of pod.containers) {
    const value = container.securityContext?.runAsNonRoot;
    if (isSet(value)) {
      if (value === true) continue;
      explicitlyBad.push(container.ref.name);
      fields.push(
        containerField(
          container,
          ['securityContext', 'runAsNonRoot'],
          'forbidden-value',
          `${containerLabel(container.ref)} sets securityContext.runAsNonRoot to ${showValue(value)}; set it to true.`,
        ),
      );
    } else if (!podTrue) {
      implicitlyBad.push(container);
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));

  for (const container of implicitlyBad) {
    fields.push(
      containerField(
        container,
        ['securityContext', 'runAsNonRoot'],
        'missing',
        `${containerLabel(container.ref)} does not set securityContext.runAsNonRoot and does not inherit true from the pod; set runAsNonRoot to true on the container or the pod.`,
      ),
    );
  }

  // Upstream names the explicit setters first and reports unset containers only when none exist.
  if (setters.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      fields,
    };
  }
  if (implicitlyBad.length === 0) return undefined;
  return {
    reason: 'runAsNonRoot != true',
    detail: `pod or ${containersPhrase(implicitlyBad.map((c) => c.ref.name))} must set securityContext.runAsNonRoot=true`,
    fields,
  };
}

// From v1.35 a pod in its own user namespace (`hostUsers: false`) is exempt, because its root
// user is mapped to an unprivileged user on the node.
function runAsNonRootV1Dot35(pod: PodView): CheckFailure | undefined {
  if (pod.userNamespace) return undefined;
  return runAsNonRootV1Dot0(pod);
}

export const runAsNonRoot: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minMinor: 0, evaluate: runAsNonRootV1Dot0 },
    { minMinor: 35, evaluate: runAsNonRootV1Dot35 },
  ],
};
