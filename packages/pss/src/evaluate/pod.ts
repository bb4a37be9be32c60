import { CONTAINER_LISTS } from './core.js';
import type { Path } from './core.js';
import type { PssContainerRef, PssField, PssFieldProblem } from './types.js';
import { asArray, asObject, textOf } from './values.js';
import type { PlainObject } from './values.js';

/** A container of the pod, with where it sits in the object. */
export interface ContainerView {
  readonly ref: PssContainerRef;
  /** Path of the container mapping from the object root. */
  readonly path: Path;
  readonly securityContext: PlainObject | undefined;
  readonly value: PlainObject;
}

/** A pod spec and its metadata, read once so that every check reads the same view. */
export interface PodView {
  readonly metadataPath: Path;
  readonly specPath: Path;
  readonly spec: PlainObject;
  /** `spec.securityContext`, when it is a mapping. */
  readonly securityContext: PlainObject | undefined;
  /** Annotations whose values are strings, in source order. */
  readonly annotations: readonly (readonly [string, string])[];
  /** Init containers, then containers, then ephemeral containers: the order upstream visits them. */
  readonly containers: readonly ContainerView[];
  /** `spec.os.name` is `windows`. */
  readonly isWindows: boolean;
  /** `spec.hostUsers` is `false`, so the pod runs in its own user namespace. */
  readonly userNamespace: boolean;
}

const EMPTY: PlainObject = {};

/**
 * Builds the view of a pod. Entries that are not mappings (a container written as a string, say)
 * are skipped, because the API server could not decode them into a pod at all.
 */
export function readPod(
  metadata: unknown,
  spec: unknown,
  metadataPath: Path,
  specPath: Path,
): PodView {
  const specObject = asObject(spec) ?? EMPTY;

  const annotations: [string, string][] = [];
  const annotationMap = asObject(asObject(metadata)?.annotations);
  for (const [key, value] of Object.entries(annotationMap ?? EMPTY)) {
    if (typeof value === 'string') annotations.push([key, value]);
  }

  const containers: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    asArray(specObject[list]).forEach((item, index) => {
      const value = asObject(item);
      if (value === undefined) return;
      const name = typeof value.name === 'string' ? value.name : '';
      containers.push({
        ref: { list, index, name },
        path: [...specPath, list, index],
        securityContext: asObject(value.securityContext),
        value,
      });
    });
  }

  return {
    metadataPath,
    specPath,
    spec: specObject,
    securityContext: asObject(specObject.securityContext),
    annotations,
    containers,
    isWindows: textOf(asObject(specObject.os)?.name) === 'windows',
    userNamespace: specObject.hostUsers === false,
  };
}

/** Builds a pod-level field, with `keys` under the pod spec. */
export function podField(
  pod: PodView,
  keys: Path,
  problem: PssFieldProblem,
  message: string,
): PssField {
  return { path: [...pod.specPath, ...keys], problem, message };
}

/** Builds a container-level field, with `keys` under the container. */
export function containerField(
  container: ContainerView,
  keys: Path,
  problem: PssFieldProblem,
  message: string,
): PssField {
  return { path: [...container.path, ...keys], problem, container: container.ref, message };
}

/** Builds a field for an annotation of the pod metadata. */
export function annotationField(pod: PodView, key: string, message: string): PssField {
  return { path: [...pod.metadataPath, 'annotations', key], problem: 'forbidden-value', message };
}
