import { readFileSync } from 'node:fs';

import { apiGroupOf } from '@kubeharden/core';

import type { RefNode, SchemaNode } from './node.js';

/** The package a part of the bundled schemas was generated from. */
export interface SchemaSource {
  readonly package: string;
  readonly version: string;
  readonly license: string;
}

interface BundledDocument {
  readonly sources: readonly SchemaSource[];
  readonly customResourceGroups: readonly string[];
  /** Definition ids by `apiVersion`, then by `kind`. */
  readonly kinds: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly definitions: Readonly<Record<string, SchemaNode>>;
}

// The same relative path works from src/schema/ (tests) and dist/schema/ (the built package).
const BUNDLED_FILE = new URL('../../schemas/kubernetes.json', import.meta.url);

/**
 * The schemas shipped with the package: the built-in kinds, cert-manager and the Gateway API
 * (see `scripts/generate-schemas.mjs`). Loaded from disk on first use, once per process.
 */
export class BundledSchemas {
  static #loaded: BundledSchemas | undefined;

  readonly sources: readonly SchemaSource[];
  readonly #document: BundledDocument;
  readonly #customResourceGroups: ReadonlySet<string>;
  readonly #groups: ReadonlySet<string>;

  private constructor(document: BundledDocument) {
    this.#document = document;
    this.sources = document.sources;
    this.#customResourceGroups = new Set(document.customResourceGroups);
    this.#groups = new Set(Object.keys(document.kinds).map(apiGroupOf));
  }

  static load(): BundledSchemas {
    BundledSchemas.#loaded ??= new BundledSchemas(
      JSON.parse(readFileSync(BUNDLED_FILE, 'utf8')) as BundledDocument,
    );
    return BundledSchemas.#loaded;
  }

  /** The schema of a kind in one API version, or `undefined` when none is bundled. */
  kindSchema(apiVersion: string, kind: string): RefNode | undefined {
    const id = this.#document.kinds[apiVersion]?.[kind];
    return id === undefined ? undefined : { ref: id };
  }

  definition(id: string): SchemaNode | undefined {
    return this.#document.definitions[id];
  }

  /**
   * True for the groups whose bundled schemas come from a project's CRDs (cert-manager, the
   * Gateway API). A CRD of such a group in the checked files takes precedence.
   */
  isCustomResourceGroup(group: string): boolean {
    return this.#customResourceGroups.has(group);
  }

  /** True when the group has bundled schemas of any kind. */
  hasGroup(group: string): boolean {
    return this.#groups.has(group);
  }
}
