import type { PssCheck } from '../check.js';
import { containerLabel, containersPhrase } from '../format.js';
import { containerField, podField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asObject } from '../values.js';
import type { PlainObject } from '../values.js';

const HOST_PROCESS_PATH = ['securityContext', 'windowsOptions', 'hostProcess'];

function setsHostProcess(securityContext: PlainObject | undefined): boolean {
  return asObject(securityContext?.windowsOptions)?.hostProcess === true;
}

function windowsHostProcessV1Dot0(pod: PodView) {
  const setters: string[] = [];
  const fields: PssField[] = [];

  if (setsHostProcess(pod.securityContext)) {
    setters.push('pod');
    fields.push(
      podField(
        pod,
        HOST_PROCESS_PATH,
        'forbidden-value',
        'The pod sets securityContext.windowsOptions.hostProcess to true; remove it or set it to false.',
      ),
    );
  }

  const bad = pod.containers.filter((container) => setsHostProcess(container.securityContext));
  if (bad.length > 0) setters.push(containersPhrase(bad.map((c) => c.ref.name)));
  for (const container of bad) {
    fields.push(
      containerField(
        container,
        HOST_PROCESS_PATH,
        'forbidden-value',
        `${containerLabel(container.ref)} sets securityContext.windowsOptions.hostProcess to true; remove it or set it to false.`,
      ),
    );
  }
  if (setters.length === 0) return undefined;

  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    fields,
  };
}

export const windowsHostProcess: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minMinor: 0, evaluate: windowsHostProcessV1Dot0 }],
};
