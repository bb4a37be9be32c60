import type { CheckFailure, PssCheck } from '../check.js';
import { containerLabel, containersPhrase, joinQuote, showValue, sortedSet } from '../format.js';
import { containerField } from '../pod.js';
import type { ContainerView, PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asArray, asObject, isSet, textOf } from '../values.js';
import type { PlainObject } from '../values.js';

const DROP_ALL = 'ALL';
const ONLY_ADDABLE = 'NET_BIND_SERVICE';

/**
 * Builds the field that explains why a container does not drop `ALL`. Container runtimes accept
 * an entry such as `all`, but upstream compares the exact string, so such an entry is the field.
 * Otherwise the field is the list position where `ALL` must be appended.
 */
function dropAllField(container: ContainerView, capabilities: PlainObject | undefined): PssField {
  const label = containerLabel(container.ref);
  const dropPath = ['securityContext', 'capabilities', 'drop'];
  const drop = capabilities?.drop;
  if (isSet(drop) && !Array.isArray(drop)) {
    return containerField(
      container,
      dropPath,
      'forbidden-value',
      `${label} sets securityContext.capabilities.drop to ${showValue(drop)}, which is not a list; set it to ["ALL"].`,
    );
  }

  const entries = asArray(drop);
  const nearMiss = entries.findIndex((entry) => textOf(entry).toUpperCase() === DROP_ALL);
  if (nearMiss >= 0) {
    return containerField(
      container,
      [...dropPath, nearMiss],
      'forbidden-value',
      `${label} drops ${JSON.stringify(textOf(entries[nearMiss]))}, but the check accepts only the exact upper-case "ALL"; change it to "ALL".`,
    );
  }
  return containerField(
    container,
    Array.isArray(drop) ? [...dropPath, entries.length] : dropPath,
    'missing',
    `${label} does not drop "ALL" capabilities; add "ALL" to securityContext.capabilities.drop.`,
  );
}

function capabilitiesRestrictedV1Dot22(pod: PodView): CheckFailure | undefined {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCapabilities: string[] = [];
  const fields: PssField[] = [];

  for (const container of pod.containers) {
    const capabilities = asObject(container.securityContext?.capabilities);
    const drop = asArray(capabilities?.drop);
    if (capabilities === undefined || !drop.some((entry) => textOf(entry) === DROP_ALL)) {
      missingDropAll.push(container.ref.name);
      fields.push(dropAllField(container, capabilities));
    }
    if (capabilities === undefined) continue;

    let addsForbidden = false;
    asArray(capabilities.add).forEach((entry, index) => {
      const capability = textOf(entry);
      if (capability === ONLY_ADDABLE) return;
      addsForbidden = true;
      forbiddenCapabilities.push(capability);
      fields.push(
        containerField(
          container,
          ['securityContext', 'capabilities', 'add', index],
          'forbidden-value',
          `${containerLabel(container.ref)} adds capability ${JSON.stringify(capability)}, but restricted allows adding only "NET_BIND_SERVICE"; remove it from securityContext.capabilities.add.`,
        ),
      );
    });
    if (addsForbidden) addingForbidden.push(container.ref.name);
  }

  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(
      `${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`,
    );
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbiddenCapabilities))} in securityContext.capabilities.add`,
    );
  }
  if (details.length === 0) return undefined;

  return { reason: 'unrestricted capabilities', detail: details.join('; '), fields };
}

// From v1.25 a Windows pod is exempt, because the API rejects capabilities on Windows pods.
function capabilitiesRestrictedV1Dot25(pod: PodView): CheckFailure | undefined {
  if (pod.isWindows) return undefined;
  return capabilitiesRestrictedV1Dot22(pod);
}

export const capabilitiesRestricted: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  overrides: ['capabilities_baseline'],
  versions: [
    { minMinor: 22, evaluate: capabilitiesRestrictedV1Dot22 },
    { minMinor: 25, evaluate: capabilitiesRestrictedV1Dot25 },
  ],
};
