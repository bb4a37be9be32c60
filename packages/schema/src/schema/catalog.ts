import { apiGroupOf, type K8sObject, type ObjectIndex, type SourceFile } from '@kubeharden/core';

import { BundledSchemas } from './bundled.js';
import { crdHeader, loadCustomResourceDefinition, type CrdHeader } from './crd-documents.js';
import { readCustomResourceDefinition, type CustomResourceSchemas } from './crd.js';
import type { SchemaNode } from './node.js';

/** The schema an object is validated against, and where it comes from. */
export interface ResolvedSchema {
  readonly node: SchemaNode;
  /** `bundled`, or the file of the CustomResourceDefinition that declared it. */
  readonly origin: 'bundled' | { readonly crdFile: string };
}

/**
 * The schemas of one run: the bundled ones, and those of the CustomResourceDefinitions in the
 * checked files. A CRD is found when the engine parsed it, or when its file contains an object the
 * engine parsed; other CRD documents are not visible to rules.
 */
export class SchemaCatalog {
  readonly bundled: BundledSchemas;
  readonly #objects: ObjectIndex;
  #sources: CrdSource[] | undefined;
  readonly #resolved = new Map<string, CrdSource[]>();

  constructor(objects: ObjectIndex, bundled: BundledSchemas = BundledSchemas.load()) {
    this.#objects = objects;
    this.bundled = bundled;
  }

  /** Resolves a definition reference of the bundled schemas. */
  definition(id: string): SchemaNode | undefined {
    return this.bundled.definition(id);
  }

  /**
   * Lists the schemas an object may be validated against, loading a CRD only when the caller
   * asks for the next candidate. Built-in groups have only the bundled schema. For other groups,
   * a CRD in the object's own file is the only candidate. Otherwise the bundled schema
   * (cert-manager, the Gateway API) comes first, then the largest CRD of the checked files that
   * declares the kind and version, because the files may hold several releases of an operator
   * and do not say which one is installed.
   */
  *candidates(object: K8sObject): Generator<ResolvedSchema> {
    const group = apiGroupOf(object.apiVersion);
    const version = object.apiVersion.slice(object.apiVersion.indexOf('/') + 1);
    const builtIn =
      group === '' || (this.bundled.hasGroup(group) && !this.bundled.isCustomResourceGroup(group));
    const bundled = this.bundled.kindSchema(object.apiVersion, object.kind);
    if (builtIn) {
      if (bundled) yield { node: bundled, origin: 'bundled' };
      return;
    }

    const sources = this.#customResourceDefinitions(group, object.kind);
    const schemaOf = (source: CrdSource): SchemaNode | undefined => {
      const schemas = source.load();
      return schemas?.group === group && schemas.kind === object.kind
        ? schemas.schemaFor(version)
        : undefined;
    };
    for (const source of sources) {
      const node = source.file === object.document.file ? schemaOf(source) : undefined;
      if (node) {
        yield { node, origin: { crdFile: source.file.path } };
        return;
      }
    }

    if (bundled) yield { node: bundled, origin: 'bundled' };
    // Of several CRDs, the largest is taken: later releases of an operator add fields, so it is
    // the one that most objects match. Loading one CRD per kind keeps large CRDs cheap.
    const others = sources.filter((source) => source.file !== object.document.file);
    others.sort((a, b) => b.size - a.size);
    for (const source of others) {
      const node = schemaOf(source);
      if (node) {
        yield { node, origin: { crdFile: source.file.path } };
        return;
      }
    }
  }

  /**
   * The CRDs of the checked files that may declare a kind. Their headers match, but only `load`
   * tells for sure, so callers check what it returns.
   */
  #customResourceDefinitions(group: string, kind: string): CrdSource[] {
    const key = `${group}\u0000${kind}`;
    let found = this.#resolved.get(key);
    if (!found) {
      found = this.#candidates(group, kind);
      this.#resolved.set(key, found);
    }
    return found;
  }

  /** CRDs whose header does not rule out that they declare the kind. */
  #candidates(group: string, kind: string): CrdSource[] {
    return this.#crdSources().filter((source) => {
      const header = source.header();
      return (
        (header.group === undefined || header.group === group) &&
        (header.kind === undefined || header.kind === kind)
      );
    });
  }

  #crdSources(): CrdSource[] {
    if (this.#sources) return this.#sources;

    // CRDs the engine parsed (in every-kind mode, or inside a List) are objects of the run.
    const sources: CrdSource[] = this.#objects.ofKind('CustomResourceDefinition').map((object) => {
      const schemas = readCustomResourceDefinition(object.value);
      const header = { group: schemas?.group, kind: schemas?.kind };
      const size = object.document.span.end - object.document.span.start;
      return { file: object.document.file, size, header: () => header, load: () => schemas };
    });

    const files = new Set<SourceFile>();
    for (const object of this.#objects.all) files.add(object.document.file);
    for (const file of files) {
      for (const document of file.documents) {
        if (document.sniff.kind !== 'CustomResourceDefinition' || document.isParsed) continue;
        sources.push({
          file,
          size: document.span.end - document.span.start,
          header: () => crdHeader(document),
          load: () => loadCustomResourceDefinition(document),
        });
      }
    }
    this.#sources = sources;
    return sources;
  }
}

/** A CustomResourceDefinition of the checked files, read only when its kind is needed. */
interface CrdSource {
  readonly file: SourceFile;
  /** Length of the CRD's document text, which grows with the fields it declares. */
  readonly size: number;
  header(): CrdHeader;
  load(): CustomResourceSchemas | undefined;
}

const catalogs = new WeakMap<ObjectIndex, SchemaCatalog>();

/** The catalog of a run, shared by the schema rules, which all receive the run's object index. */
export function catalogFor(objects: ObjectIndex): SchemaCatalog {
  let catalog = catalogs.get(objects);
  if (!catalog) {
    catalog = new SchemaCatalog(objects);
    catalogs.set(objects, catalog);
  }
  return catalog;
}
