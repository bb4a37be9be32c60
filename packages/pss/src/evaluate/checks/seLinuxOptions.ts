import type { CheckFn, PssCheck } from '../check.js';
import { containerLabel, containersPhrase, joinQuote, pluralize, sortedSet } from '../format.js';
import { containerField, podField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asObject, textOf } from '../values.js';
import type { PlainObject } from '../values.js';

const ALLOWED_TYPES_V1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
/** v1.31 admits `container_engine_t`, the type for a container engine run inside a container. */
const ALLOWED_TYPES_V1_31 = [...ALLOWED_TYPES_V1_0, 'container_engine_t'];

function seLinuxOptionsCheck(allowedTypes: readonly string[]): CheckFn {
  const allowed = new Set(allowedTypes);
  const allowedText = allowedTypes.filter((type) => type !== '').join(', ');

  return (pod: PodView) => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const fields: PssField[] = [];

    // Checks one seLinuxOptions mapping and returns each fault as a pair of field key and message.
    const inspect = (options: PlainObject, subject: string): [string, string][] => {
      const faults: [string, string][] = [];
      const type = textOf(options.type);
      if (!allowed.has(type)) {
        badTypes.push(type);
        faults.push([
          'type',
          `${subject} sets securityContext.seLinuxOptions.type to ${JSON.stringify(type)}; remove it or use one of ${allowedText}.`,
        ]);
      }
      for (const key of ['user', 'role'] as const) {
        const value = textOf(options[key]);
        if (value === '') continue;
        if (key === 'user') setUser = true;
        else setRole = true;
        faults.push([
          key,
          `${subject} sets securityContext.seLinuxOptions.${key} to ${JSON.stringify(value)}; remove it.`,
        ]);
      }
      return faults;
    };

    const setters: string[] = [];
    const podOptions = asObject(pod.securityContext?.seLinuxOptions);
    if (podOptions !== undefined) {
      const faults = inspect(podOptions, 'The pod');
      if (faults.length > 0) setters.push('pod');
      for (const [key, message] of faults) {
        fields.push(
          podField(pod, ['securityContext', 'seLinuxOptions', key], 'forbidden-value', message),
        );
      }
    }

    const badContainers: string[] = [];
    for (const container of pod.containers) {
      const options = asObject(container.securityContext?.seLinuxOptions);
      if (options === undefined) continue;
      const faults = inspect(options, containerLabel(container.ref));
      if (faults.length > 0) badContainers.push(container.ref.name);
      for (const [key, message] of faults) {
        fields.push(
          containerField(
            container,
            ['securityContext', 'seLinuxOptions', key],
            'forbidden-value',
            message,
          ),
        );
      }
    }
    if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
    if (setters.length === 0) return undefined;

    const data: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0)
      data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      fields,
    };
  };
}

export const seLinuxOptions: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minMinor: 0, evaluate: seLinuxOptionsCheck(ALLOWED_TYPES_V1_0) },
    { minMinor: 31, evaluate: seLinuxOptionsCheck(ALLOWED_TYPES_V1_31) },
  ],
};
