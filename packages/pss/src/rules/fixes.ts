import { setValueEdits, type FixProposal, type K8sObject, type Path } from '@kubeharden/core';

/** A fix that sets the field at an object-relative path, or `undefined` if the shape forbids it. */
export function setField(object: K8sObject, path: Path, value: unknown, description: string): FixProposal | undefined {
  const edits = setValueEdits(object.document, object.documentPath(path), value);
  return edits ? { description, edits } : undefined;
}

/** Formats a path as the dotted field name users write, from the container or pod spec on. */
export function fieldName(path: Path): string {
  const containers = path.findIndex((segment) => segment === 'containers' || segment === 'initContainers' || segment === 'ephemeralContainers');
  const start = containers >= 0 ? containers + 2 : path.indexOf('spec') + 1;
  return path
    .slice(start)
    .filter((segment) => typeof segment === 'string')
    .join('.');
}
