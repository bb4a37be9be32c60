import { apiGroupOf, isClusterScoped, isPlainObject, SourceFile } from '@kubeharden/core';

import { compareText } from './model.js';

/** One operation of a JSON Patch (RFC 6902). */
export interface PatchOperation {
  readonly op: 'add' | 'remove' | 'replace';
  /** JSON Pointer (RFC 6901) into the object. */
  readonly path: string;
  readonly value?: unknown;
}

/** The changes of one application object, as kustomize targets and patches it. */
export interface ObjectChange {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly operations: readonly PatchOperation[];
}

/**
 * Compares the objects of the application files before and after the changes, document by
 * document, and returns the operations that turn each old object into the new one. The changes
 * keep the number of documents. A changed List document is returned in `lists`, because a
 * kustomize target selects the objects inside it, not the List.
 */
export function objectChanges(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): { changes: ObjectChange[]; lists: string[] } {
  const changes: ObjectChange[] = [];
  const lists: string[] = [];
  for (const [file, text] of after) {
    const original = before.get(file);
    if (original === undefined || original === text) continue;
    const oldDocuments = new SourceFile(file, original).documents;
    const newDocuments = new SourceFile(file, text).documents;

    oldDocuments.forEach((document, index) => {
      const oldValue = document.value;
      const newValue = newDocuments[index]?.value;
      if (!isPlainObject(oldValue) || !isPlainObject(newValue)) return;
      const operations: PatchOperation[] = [];
      diff(oldValue, newValue, '', operations);
      if (operations.length === 0) return;
      if (
        typeof oldValue.kind === 'string' &&
        oldValue.kind.endsWith('List') &&
        Array.isArray(oldValue.items)
      ) {
        lists.push(`${file} (document ${index + 1})`);
        return;
      }

      const metadata = isPlainObject(oldValue.metadata) ? oldValue.metadata : {};
      const apiVersion = typeof oldValue.apiVersion === 'string' ? oldValue.apiVersion : '';
      const kind = typeof oldValue.kind === 'string' ? oldValue.kind : '';
      const namespace =
        typeof metadata.namespace === 'string' && !isClusterScoped(apiVersion, kind)
          ? metadata.namespace
          : undefined;
      changes.push({
        file,
        apiVersion,
        kind,
        ...(namespace === undefined ? {} : { namespace }),
        name: typeof metadata.name === 'string' ? metadata.name : '',
        operations,
      });
    });
  }
  changes.sort(
    (a, b) =>
      compareText(a.kind, b.kind) ||
      compareText(a.namespace ?? '', b.namespace ?? '') ||
      compareText(a.name, b.name),
  );
  return { changes, lists };
}

/** Escapes a key for a JSON Pointer: `~` as `~0`, `/` as `~1`. */
function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Appends the operations that turn `before` into `after` at `pointer`. */
function diff(
  before: unknown,
  after: unknown,
  pointer: string,
  operations: PatchOperation[],
): void {
  if (sameValue(before, after)) return;

  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) {
      if (!(key in after)) operations.push({ op: 'remove', path: `${pointer}/${escapeKey(key)}` });
    }
    for (const [key, value] of Object.entries(after)) {
      const path = `${pointer}/${escapeKey(key)}`;
      if (key in before) diff(before[key], value, path, operations);
      else operations.push({ op: 'add', path, value });
    }
    return;
  }

  if (Array.isArray(before) && Array.isArray(after) && after.length >= before.length) {
    // Items changed in place keep their index; items appended are added after the last one.
    before.forEach((item, index) => diff(item, after[index], `${pointer}/${index}`, operations));
    for (let index = before.length; index < after.length; index++) {
      operations.push({ op: 'add', path: `${pointer}/${index}`, value: after[index] });
    }
    return;
  }

  operations.push({ op: 'replace', path: pointer, value: after });
}

/** File name of the patch of one object: `deployment-clinic-api.yaml`. */
export function patchFileName(change: ObjectChange): string {
  const parts = [change.kind.toLowerCase(), change.namespace, change.name].filter(
    (part) => part !== undefined && part !== '',
  );
  return `${parts.join('-')}.yaml`;
}

/** The kustomize target of a patch, which selects exactly the changed object. */
export function patchTarget(
  change: ObjectChange,
  namespace: (value: string) => string,
): Record<string, string> {
  const group = apiGroupOf(change.apiVersion);
  const version = change.apiVersion.slice(change.apiVersion.indexOf('/') + 1);
  return {
    ...(group === '' ? {} : { group }),
    version,
    kind: change.kind,
    ...(change.namespace === undefined ? {} : { namespace: namespace(change.namespace) }),
    name: change.kind === 'Namespace' && group === '' ? namespace(change.name) : change.name,
  };
}

/** Short form of the operations for the printed summary: `add spec.template.spec.serviceAccountName`. */
export function describeOperations(operations: readonly PatchOperation[]): string {
  return operations
    .map((operation) => {
      const path = operation.path
        .slice(1)
        .split('/')
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
        .join('.');
      return `${operation.op} ${path}`;
    })
    .join(', ');
}
