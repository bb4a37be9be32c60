import {
  appendEdits,
  containersOf,
  defineRule,
  getAt,
  POD_BEARING_KINDS,
  setValueEdits,
  type ContainerEntry,
  type FixProposal,
  type K8sObject,
} from '@kubeharden/core';

import { containerLabel } from '../evaluate/format.js';
import { setField } from './fixes.js';

// An emptyDir at /tmp is what most images need once the root filesystem is read-only.
const SCRATCH_VOLUME = 'tmp';
const SCRATCH_PATH = '/tmp';

export const requireReadOnlyRootFilesystem = defineRule({
  id: 'require-read-only-root-filesystem',
  meta: {
    area: 'pod-security',
    severity: 'error',
    description: 'Every container runs with a read-only root filesystem.',
    remediation:
      'Set securityContext.readOnlyRootFilesystem to true in each container, and mount an emptyDir volume at each path the application writes to.',
    rationale:
      'A writable root filesystem lets an attacker who gains code execution change binaries and configuration or plant tools; read-only roots keep the image as built, which supports the integrity of the system that handles health data.',
    hipaa: ['164.312(c)(1)', '164.312(a)(1)'],
    equivalents: [
      { tool: 'kube-linter', id: 'no-read-only-root-fs' },
      { tool: 'polaris', id: 'notReadOnlyRootFilesystem' },
      { tool: 'kubescape', id: 'C-0017' },
    ],
    fixable: 'suggestion',
    kinds: POD_BEARING_KINDS,
    limitations: [
      'Ephemeral containers are checked like the others, although they are usually added for debugging.',
      'Windows pods (spec.os.name: windows) are not checked, because the API rejects readOnlyRootFilesystem for them.',
    ],
  },
  create(context) {
    return {
      object(object) {
        const template = object.podTemplate;
        if (!template) return;
        const spec = object.get(template.spec);
        if (getAt(spec, ['os', 'name']) === 'windows') return;

        for (const container of containersOf(spec, template.spec)) {
          const securityContext = container.value.securityContext;
          const value =
            securityContext !== null && typeof securityContext === 'object'
              ? (securityContext as Record<string, unknown>).readOnlyRootFilesystem
              : undefined;
          if (value === true) continue;

          const path = [...container.path, 'securityContext', 'readOnlyRootFilesystem'];
          const label = labelOf(container);
          const message =
            value === undefined
              ? `${label} does not set securityContext.readOnlyRootFilesystem; set it to true and mount an emptyDir where the application writes.`
              : `${label} sets securityContext.readOnlyRootFilesystem to ${JSON.stringify(value)}; set it to true and mount an emptyDir where the application writes.`;
          const suggestions = [
            setField(object, path, true, 'Set readOnlyRootFilesystem to true'),
            withScratchVolume(object, container.path, path),
          ].filter((proposal): proposal is FixProposal => proposal !== undefined);
          context.report({
            object,
            path,
            target: 'value',
            message,
            ...(suggestions.length > 0 ? { suggestions } : {}),
          });
        }
      },
    };
  },
});

/** Names a container as the Pod Security rules do: `Init container "setup"`, `Container "app"`. */
function labelOf(container: ContainerEntry): string {
  const name = typeof container.value.name === 'string' ? container.value.name : '';
  return containerLabel({ list: container.list, index: container.index, name });
}

/**
 * A suggestion that makes the root filesystem read-only and mounts an emptyDir at /tmp, unless
 * the container already mounts something there or the pod has a volume of that name.
 */
function withScratchVolume(
  object: K8sObject,
  containerPath: readonly (string | number)[],
  flagPath: readonly (string | number)[],
): FixProposal | undefined {
  const specPath = object.podTemplate!.spec;
  const mounts = object.get([...containerPath, 'volumeMounts']);
  const volumes = object.get([...specPath, 'volumes']);
  const mountsTmp = Array.isArray(mounts) && mounts.some((mount) => (mount as { mountPath?: unknown })?.mountPath === SCRATCH_PATH);
  const hasVolume = Array.isArray(volumes) && volumes.some((volume) => (volume as { name?: unknown })?.name === SCRATCH_VOLUME);
  if (mountsTmp || hasVolume) return undefined;

  const document = object.document;
  const flag = setValueEdits(document, object.documentPath(flagPath), true);
  const mount = { name: SCRATCH_VOLUME, mountPath: SCRATCH_PATH };
  const mountEdits = Array.isArray(mounts)
    ? appendEdits(document, object.documentPath([...containerPath, 'volumeMounts']), mount)
    : setValueEdits(document, object.documentPath([...containerPath, 'volumeMounts']), [mount]);
  const volume = { name: SCRATCH_VOLUME, emptyDir: {} };
  const volumeEdits = Array.isArray(volumes)
    ? appendEdits(document, object.documentPath([...specPath, 'volumes']), volume)
    : setValueEdits(document, object.documentPath([...specPath, 'volumes']), [volume]);
  if (!flag || !mountEdits || !volumeEdits) return undefined;

  const edits = [...flag, ...mountEdits, ...volumeEdits];
  // Two insertions at one offset would leave their order to chance; offer the simple fix instead.
  const offsets = new Set(edits.map((edit) => edit.start));
  if (offsets.size !== edits.length) return undefined;
  return { description: `Set readOnlyRootFilesystem to true and mount an emptyDir at ${SCRATCH_PATH}`, edits };
}
