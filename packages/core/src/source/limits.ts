/** Bounds that keep a hostile or broken file from exhausting time or memory. */
export interface SourceLimits {
  /** Largest file read, in bytes of UTF-16 text. */
  readonly maxFileSize: number;
  /** Largest single document parsed. */
  readonly maxDocumentSize: number;
  /** Deepest nesting of mappings and sequences accepted. */
  readonly maxDepth: number;
  /** Alias expansions allowed per document, as the `yaml` package counts them. */
  readonly maxAliasCount: number;
}

// The largest document of a real-world sample of 770 manifests (a CustomResourceDefinition)
// is about 1.5 MB; these bounds leave ample room while failing fast on generated abuse.
export const DEFAULT_LIMITS: SourceLimits = {
  maxFileSize: 64 * 1024 * 1024,
  maxDocumentSize: 16 * 1024 * 1024,
  maxDepth: 128,
  maxAliasCount: 100,
};
