import type { Path } from './path.js';

/** Where the pod template of each pod-bearing kind lives, relative to the object root. */
export interface PodTemplateLocation {
  /** Path of the pod's `metadata` (labels and annotations of the pods it creates). */
  readonly metadata: Path;
  /** Path of the pod spec. */
  readonly spec: Path;
}

const TEMPLATE: PodTemplateLocation = {
  metadata: ['spec', 'template', 'metadata'],
  spec: ['spec', 'template', 'spec'],
};

/**
 * Pod-bearing kinds of the built-in API groups. The key is `group/kind` with the core group
 * written as an empty string, so a custom resource that reuses a kind name is not mistaken
 * for a built-in one.
 */
const POD_TEMPLATE_LOCATIONS: ReadonlyMap<string, PodTemplateLocation> = new Map([
  ['/Pod', { metadata: ['metadata'], spec: ['spec'] }],
  ['/PodTemplate', { metadata: ['template', 'metadata'], spec: ['template', 'spec'] }],
  ['/ReplicationController', TEMPLATE],
  ['apps/Deployment', TEMPLATE],
  ['apps/StatefulSet', TEMPLATE],
  ['apps/DaemonSet', TEMPLATE],
  ['apps/ReplicaSet', TEMPLATE],
  ['batch/Job', TEMPLATE],
  [
    'batch/CronJob',
    {
      metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
      spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    },
  ],
]);

/** Kinds that carry a pod template, whatever their group. */
export const POD_BEARING_KINDS: readonly string[] = [
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
];

/** The three container lists of a pod spec, in the order Pod Security Admission visits them. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

/** Returns the API group of an `apiVersion` value: `apps` for `apps/v1`, `` for `v1`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Finds where the pod template of an object is, or `undefined` when the kind has none. */
export function podTemplateLocation(
  apiVersion: string,
  kind: string,
): PodTemplateLocation | undefined {
  return POD_TEMPLATE_LOCATIONS.get(`${apiGroupOf(apiVersion)}/${kind}`);
}
