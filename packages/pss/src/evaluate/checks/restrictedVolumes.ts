import type { PssCheck } from '../check.js';
import { joinQuote, pluralize, sortedSet } from '../format.js';
import { podField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asArray, asObject, isSet, textOf } from '../values.js';

/**
 * Volume sources that restricted allows. `image` was added to the check's only version (v1.0),
 * so it is allowed at every policy version.
 */
const ALLOWED_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** The other volume sources, in the order upstream tests them to name a volume's type. */
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

const ALLOWED_TEXT = `${ALLOWED_SOURCES.slice(0, -1).join(', ')} or ${ALLOWED_SOURCES.at(-1)}`;

function restrictedVolumesV1Dot0(pod: PodView) {
  const names: string[] = [];
  const types: string[] = [];
  const fields: PssField[] = [];

  asArray(pod.spec.volumes).forEach((entry, index) => {
    const volume = asObject(entry);
    if (volume === undefined) return;
    if (ALLOWED_SOURCES.some((source) => isSet(volume[source]))) return;

    // A volume with no known source is defaulted to emptyDir by the API server before admission.
    const source = RESTRICTED_SOURCES.find((candidate) => isSet(volume[candidate]));
    if (source === undefined) return;

    const name = textOf(volume.name);
    names.push(name);
    types.push(source);
    fields.push(
      podField(
        pod,
        ['volumes', index, source],
        'forbidden-value',
        `Volume ${JSON.stringify(name)} uses the restricted volume type ${JSON.stringify(source)}; use one of ${ALLOWED_TEXT} instead.`,
      ),
    );
  });
  if (names.length === 0) return undefined;

  const sortedTypes = sortedSet(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', sortedTypes.length)} ${joinQuote(sortedTypes)}`,
    fields,
  };
}

export const restrictedVolumes: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  overrides: ['hostPathVolumes'],
  versions: [{ minMinor: 0, evaluate: restrictedVolumesV1Dot0 }],
};
