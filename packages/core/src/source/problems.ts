/** Kinds of problem the source layer finds before any rule runs. */
export type SourceProblemCode =
  | 'syntax'
  | 'duplicate-key'
  | 'template'
  | 'limit'
  | 'separator';

/** A problem with a file's YAML itself, located by offsets into the file's text. */
export interface SourceProblem {
  readonly code: SourceProblemCode;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}
