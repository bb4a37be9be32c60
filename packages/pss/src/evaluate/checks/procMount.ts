import type { CheckFailure, PssCheck } from '../check.js';
import { containerLabel, containersPhrase, joinQuote, sortedSet } from '../format.js';
import { containerField } from '../pod.js';
import type { PodView } from '../pod.js';
import { isSet, textOf } from '../values.js';

/** Denies any container whose `procMount` is set to something other than `Default`. */
export function requireDefaultProcMount(pod: PodView): CheckFailure | undefined {
  const bad = pod.containers.filter((container) => {
    const procMount = container.securityContext?.procMount;
    return isSet(procMount) && textOf(procMount) !== 'Default';
  });
  if (bad.length === 0) return undefined;

  const types = sortedSet(bad.map((container) => textOf(container.securityContext?.procMount)));
  return {
    reason: 'procMount',
    detail: `${containersPhrase(bad.map((c) => c.ref.name))} must not set securityContext.procMount to ${joinQuote(types)}`,
    fields: bad.map((container) =>
      containerField(
        container,
        ['securityContext', 'procMount'],
        'forbidden-value',
        `${containerLabel(container.ref)} sets securityContext.procMount to ${JSON.stringify(textOf(container.securityContext?.procMount))}; remove it or set it to "Default".`,
      ),
    ),
  };
}

// From v1.35 baseline skips the rule for a pod in its own user namespace (`hostUsers: false`).
function procMountV1Dot35(pod: PodView) {
  if (pod.userNamespace) return undefined;
  return requireDefaultProcMount(pod);
}

export const procMount: PssCheck = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { minMinor: 0, evaluate: requireDefaultProcMount },
    { minMinor: 35, evaluate: procMountV1Dot35 },
  ],
};

/** Restricted keeps the v1.0 rule for every pod, user namespace or not. */
export const procMountRestricted: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  overrides: ['procMount'],
  versions: [{ minMinor: 35, evaluate: requireDefaultProcMount }],
};
