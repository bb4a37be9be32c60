import { isPlainObject } from './object.js';
import type { Path } from './path.js';
import { CONTAINER_LISTS, type ContainerList } from './workloads.js';

/** One container of a pod spec with where it sits. */
export interface ContainerEntry {
  readonly list: ContainerList;
  readonly index: number;
  readonly name: string;
  /** Path of the container relative to the object root. */
  readonly path: Path;
  readonly value: Record<string, unknown>;
}

/** Lists the init, regular and ephemeral containers of a pod spec found at `specPath`. */
export function containersOf(spec: unknown, specPath: Path): ContainerEntry[] {
  if (!isPlainObject(spec)) return [];
  const entries: ContainerEntry[] = [];
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, index) => {
      if (!isPlainObject(container)) return;
      const name = typeof container.name === 'string' ? container.name : `${list}[${index}]`;
      entries.push({ list, index, name, path: [...specPath, list, index], value: container });
    });
  }
  return entries;
}
