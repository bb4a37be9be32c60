import type { PssCheck } from '../check.js';
import { joinQuote, pluralize } from '../format.js';
import { podField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asArray, asObject, isSet, textOf } from '../values.js';

function hostPathVolumesV1Dot0(pod: PodView) {
  const names: string[] = [];
  const fields: PssField[] = [];

  asArray(pod.spec.volumes).forEach((entry, index) => {
    const volume = asObject(entry);
    if (volume === undefined || !isSet(volume.hostPath)) return;
    const name = textOf(volume.name);
    const hostPath = asObject(volume.hostPath)?.path;
    const source =
      typeof hostPath === 'string' ? `node path ${JSON.stringify(hostPath)}` : 'a node path';
    names.push(name);
    fields.push(
      podField(
        pod,
        ['volumes', index, 'hostPath'],
        'forbidden-value',
        `Volume ${JSON.stringify(name)} mounts ${source} through hostPath; replace it with a volume type that does not expose the node's file system, such as emptyDir, configMap or persistentVolumeClaim.`,
      ),
    );
  });
  if (names.length === 0) return undefined;

  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    fields,
  };
}

export const hostPathVolumes: PssCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ minMinor: 0, evaluate: hostPathVolumesV1Dot0 }],
};
