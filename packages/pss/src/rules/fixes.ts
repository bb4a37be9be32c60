import { setValueEdits, type FixProposal, type K8sObject, type Path } from '@kubeharden/core';

/** Builds a fix that sets the field at an object-relative path, or `undefined` if the shape forbids it. */
export function setField(object: K8sObject, path: Path, value: unknown, description: string): FixProposal | undefined {
  const edits = setValueEdits(object.document, object.documentPath(path), value);
  return edits ? { description, edits } : undefined;
}

/**
 * Formats an object-relative path as the dotted field name users write, from the container or
 * the pod spec on: `securityContext.runAsUser` whether the pod spec sits at `spec` (a Pod) or at
 * `spec.jobTemplate.spec.template.spec` (a CronJob).
 */
export function fieldName(object: K8sObject, path: Path): string {
  const specLength = object.podTemplate?.spec.length ?? 0;
  const containers = path.findIndex(
    (segment, index) =>
      index >= specLength &&
      (segment === 'containers' || segment === 'initContainers' || segment === 'ephemeralContainers'),
  );
  const start = containers >= 0 ? containers + 2 : specLength;
  return path
    .slice(start)
    .filter((segment) => typeof segment === 'string')
    .join('.');
}
