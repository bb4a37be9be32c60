import type { PssCheck } from '../check.js';
import { containerLabel, containersPhrase, pluralize, sortedSet } from '../format.js';
import { containerField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asArray, asObject } from '../values.js';

function hostPortsV1Dot0(pod: PodView) {
  const badContainers: string[] = [];
  const ports: string[] = [];
  const fields: PssField[] = [];

  for (const container of pod.containers) {
    let valid = true;
    asArray(container.value.ports).forEach((entry, index) => {
      const hostPort = asObject(entry)?.hostPort;
      if (typeof hostPort !== 'number' || hostPort === 0) return;
      valid = false;
      ports.push(String(hostPort));
      fields.push(
        containerField(
          container,
          ['ports', index, 'hostPort'],
          'forbidden-value',
          `${containerLabel(container.ref)} sets hostPort ${hostPort} on ports[${index}]; remove hostPort or set it to 0, and reach the container through a Service instead.`,
        ),
      );
    });
    if (!valid) badContainers.push(container.ref.name);
  }
  if (badContainers.length === 0) return undefined;

  // Upstream sorts the ports as strings, so "10080" comes before "8080".
  const sortedPorts = sortedSet(ports);
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ${pluralize('hostPort', 'hostPorts', sortedPorts.length)} ${sortedPorts.join(', ')}`,
    fields,
  };
}

export const hostPorts: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minMinor: 0, evaluate: hostPortsV1Dot0 }],
};
