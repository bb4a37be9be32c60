import type { CheckFailure, PssCheck } from '../check.js';
import { containerLabel, containersPhrase } from '../format.js';
import { containerField, podField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';

function runAsUserV1Dot23(pod: PodView): CheckFailure | undefined {
  const setters: string[] = [];
  const fields: PssField[] = [];

  if (pod.securityContext?.runAsUser === 0) {
    setters.push('pod');
    fields.push(
      podField(
        pod,
        ['securityContext', 'runAsUser'],
        'forbidden-value',
        'The pod sets securityContext.runAsUser to 0 (root); set it to a non-zero user ID or remove it.',
      ),
    );
  }

  const bad = pod.containers.filter((container) => container.securityContext?.runAsUser === 0);
  if (bad.length > 0) setters.push(containersPhrase(bad.map((c) => c.ref.name)));
  for (const container of bad) {
    fields.push(
      containerField(
        container,
        ['securityContext', 'runAsUser'],
        'forbidden-value',
        `${containerLabel(container.ref)} sets securityContext.runAsUser to 0 (root); set it to a non-zero user ID or remove it.`,
      ),
    );
  }
  if (setters.length === 0) return undefined;

  return {
    reason: 'runAsUser=0',
    detail: `${setters.join(' and ')} must not set runAsUser=0`,
    fields,
  };
}

// From v1.35 a pod in its own user namespace (`hostUsers: false`) is exempt, because its root
// user is mapped to an unprivileged user on the node.
function runAsUserV1Dot35(pod: PodView): CheckFailure | undefined {
  if (pod.userNamespace) return undefined;
  return runAsUserV1Dot23(pod);
}

export const runAsUser: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minMinor: 23, evaluate: runAsUserV1Dot23 },
    { minMinor: 35, evaluate: runAsUserV1Dot35 },
  ],
};
