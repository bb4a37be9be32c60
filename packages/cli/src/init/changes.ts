import {
  applyEdits,
  check,
  fixFiles,
  formatPath,
  RuleRegistry,
  setValueEdits,
  SourceFile,
  type Finding,
  type K8sObject,
  type Path,
  type Rule,
  type Settings,
} from '@kubeharden/core';
import { requireEncryptedPostgresStorage, requireEncryptedVolumes } from '@kubeharden/encryption';

import type { ObjectEdit } from './layer.js';

export interface ChangeOptions {
  readonly registry: RuleRegistry;
  readonly settings: Settings;
  /** Namespaces whose objects in the application files may change. */
  readonly coveredNamespaces: readonly string[];
  /** StorageClass that volume claims without an encrypted class are pointed at. */
  readonly storageClass: string;
}

export interface ChangeResult {
  /** New texts of the application files that changed, by path. */
  readonly changed: ReadonlyMap<string, string>;
  /** Fixes and suggestions of the rules that were applied. */
  readonly appliedFixes: number;
  /** Edits that the shape of a document did not allow, such as a field shared through an alias. */
  readonly skipped: readonly string[];
}

/**
 * Computes the changes the application needs next to the layer. First come the edits of the
 * layer (ServiceAccount, namespace labels), then encrypted StorageClasses for the volume claims
 * that lack one, then the fixes and suggestions of every rule for the objects of the covered
 * namespaces. Works on texts only. `layer` contains the generated files, which the rules read
 * but nothing edits.
 */
export function computeChanges(
  application: ReadonlyMap<string, string>,
  layer: ReadonlyMap<string, string>,
  edits: readonly ObjectEdit[],
  options: ChangeOptions,
): ChangeResult {
  const texts = new Map(application);
  const skipped: string[] = [];

  for (const edit of edits) {
    const applied = applyValue(
      texts,
      edit.object.file,
      edit.object.document.index,
      edit.object.documentPath(edit.path),
      edit.value,
    );
    if (!applied)
      skipped.push(
        `${edit.object.displayName}: cannot set ${formatPath(edit.path)} (${edit.reason}) in ${edit.object.file}; set it by hand.`,
      );
  }

  for (const finding of storageFindings(texts, layer, options)) {
    const applied = applyValue(
      texts,
      finding.file,
      finding.documentIndex,
      finding.path,
      options.storageClass,
    );
    if (!applied)
      skipped.push(
        `${finding.file}: cannot set ${formatPath(finding.path)} to ${options.storageClass}; set it by hand.`,
      );
  }

  const inScope = inScopeOf(new Set(application.keys()), options.coveredNamespaces);
  const fixed = fixFiles(new Map([...texts, ...layer]), {
    registry: scopedRegistry(options.registry, inScope),
    settings: options.settings,
    types: ['fix', 'suggestion'],
  });
  for (const [path, text] of fixed.changed) {
    if (application.has(path)) texts.set(path, text);
  }

  const changed = new Map<string, string>();
  for (const [path, text] of texts) {
    if (application.get(path) !== text) changed.set(path, text);
  }
  return { changed, appliedFixes: fixed.appliedCount, skipped };
}

/** Sets one value in a document of a text, re-reading the text so earlier edits are seen. */
function applyValue(
  texts: Map<string, string>,
  file: string,
  documentIndex: number,
  path: Path,
  value: unknown,
): boolean {
  const text = texts.get(file);
  if (text === undefined) return false;
  const document = new SourceFile(file, text).documents[documentIndex];
  if (document === undefined) return false;
  const edits = setValueEdits(document, path, value);
  if (edits === undefined) return false;
  texts.set(file, applyEdits(text, edits));
  return true;
}

/** Findings about volumes without an encrypted StorageClass in the application files. */
function storageFindings(
  texts: ReadonlyMap<string, string>,
  layer: ReadonlyMap<string, string>,
  options: ChangeOptions,
): Finding[] {
  const registry = new RuleRegistry([requireEncryptedVolumes, requireEncryptedPostgresStorage]);
  const files = [...texts, ...layer].map(([path, text]) => new SourceFile(path, text));
  const inScope = inScopeOf(new Set(texts.keys()), options.coveredNamespaces);
  const result = check(files, { registry, settings: options.settings });
  const objects = new Map(
    result.objects.all.map((object) => [`${object.file}#${object.document.index}`, object]),
  );
  return result.findings.filter((finding) => {
    const object = objects.get(`${finding.file}#${finding.documentIndex}`);
    const last = finding.path[finding.path.length - 1];
    return (
      object !== undefined &&
      inScope(object) &&
      (last === 'storageClassName' || last === 'storageClass')
    );
  });
}

/** True for objects of the application files that live in, or are, a covered namespace. */
function inScopeOf(
  files: ReadonlySet<string>,
  namespaces: readonly string[],
): (object: K8sObject) => boolean {
  return (object) => {
    if (!files.has(object.file)) return false;
    if (object.kind === 'Namespace')
      return object.name !== undefined && namespaces.includes(object.name);
    return object.namespace !== undefined && namespaces.includes(object.namespace);
  };
}

/**
 * Wraps the rules of a registry so that they report only objects in scope, which keeps
 * `fixFiles` from editing objects of other namespaces or the generated files.
 */
function scopedRegistry(
  registry: RuleRegistry,
  inScope: (object: K8sObject) => boolean,
): RuleRegistry {
  const rules = registry.list().map((rule): Rule => {
    if (rule.meta.area === 'source') return rule;
    return {
      ...rule,
      create: (context) =>
        rule.create({
          ...context,
          report: (descriptor) => {
            if (inScope(descriptor.object)) context.report(descriptor);
          },
        }),
    };
  });
  return new RuleRegistry(rules);
}
