/** Bounds that keep a hostile or broken file from exhausting time or memory. */
export interface SourceLimits {
  /** Largest file read, in UTF-16 code units (the length of the JavaScript string). */
  readonly maxFileSize: number;
  /** Largest single document parsed, in UTF-16 code units. */
  readonly maxDocumentSize: number;
  /** Deepest nesting of mappings and sequences accepted. */
  readonly maxDepth: number;
  /**
   * Aliases allowed per document, counted as they are met when every alias is replaced by its
   * anchored node, so an alias of a node that contains 10 aliases counts 11.
   */
  readonly maxAliasCount: number;
}

// The largest document of a real-world sample of 770 manifests (a CustomResourceDefinition)
// is about 1.5 MB; these bounds leave ample room while failing fast on generated abuse.
export const DEFAULT_LIMITS: SourceLimits = {
  maxFileSize: 64 * 1024 * 1024,
  maxDocumentSize: 16 * 1024 * 1024,
  maxDepth: 128,
  maxAliasCount: 1000,
};
