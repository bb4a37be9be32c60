import type { K8sObject } from '../model/object.js';

/** All objects of a run, with the lookups that rules relating objects need. */
export class ObjectIndex {
  readonly all: readonly K8sObject[];
  readonly #byKind = new Map<string, K8sObject[]>();

  constructor(objects: readonly K8sObject[]) {
    this.all = objects;
    for (const object of objects) {
      const list = this.#byKind.get(object.kind);
      if (list) list.push(object);
      else this.#byKind.set(object.kind, [object]);
    }
  }

  /** Objects of one kind, in file and document order. */
  ofKind(kind: string): readonly K8sObject[] {
    return this.#byKind.get(kind) ?? [];
  }

  /** Objects of any of several kinds. */
  ofKinds(kinds: readonly string[]): K8sObject[] {
    return kinds.flatMap((kind) => this.ofKind(kind));
  }

  /** The Namespace object named `name`, if the manifests define it. */
  namespace(name: string): K8sObject | undefined {
    return this.ofKind('Namespace').find((object) => object.name === name && object.apiVersion === 'v1');
  }
}
