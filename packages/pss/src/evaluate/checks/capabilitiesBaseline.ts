import type { PssCheck } from '../check.js';
import { containerLabel, containersPhrase, joinQuote, sortedSet } from '../format.js';
import { containerField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asArray, asObject, textOf } from '../values.js';

/** The capabilities a container runtime grants by default; baseline lets a container add only these. */
const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaselineV1Dot0(pod: PodView) {
  const badContainers: string[] = [];
  const added: string[] = [];
  const fields: PssField[] = [];

  for (const container of pod.containers) {
    const capabilities = asObject(container.securityContext?.capabilities);
    if (capabilities === undefined) continue;
    let valid = true;
    asArray(capabilities.add).forEach((entry, index) => {
      const capability = textOf(entry);
      if (DEFAULT_CAPABILITIES.has(capability)) return;
      valid = false;
      added.push(capability);
      fields.push(
        containerField(
          container,
          ['securityContext', 'capabilities', 'add', index],
          'forbidden-value',
          `${containerLabel(container.ref)} adds capability ${JSON.stringify(capability)}, which is outside the default set that baseline allows; remove it from securityContext.capabilities.add.`,
        ),
      );
    });
    if (!valid) badContainers.push(container.ref.name);
  }
  if (badContainers.length === 0) return undefined;

  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(badContainers)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`,
    fields,
  };
}

export const capabilitiesBaseline: PssCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ minMinor: 0, evaluate: capabilitiesBaselineV1Dot0 }],
};
