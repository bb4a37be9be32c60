export { appendEdits, removeFieldEdits, renameKeyEdits, setValueEdits, type TextEdit } from './edit.js';
export {
  SourceDocument,
  SourceFile,
  type DocumentCache,
  type RangeTarget,
  type SourceFileOptions,
  type SourceRange,
} from './file.js';
export type { ParsedDocument } from './parse.js';
export { DEFAULT_LIMITS, type SourceLimits } from './limits.js';
export { LineIndex, type LinePosition } from './lines.js';
export type { SourceProblem, SourceProblemCode } from './problems.js';
export { splitDocuments, type DocumentSpan } from './split.js';
export { stringifyObject, stringifyObjects } from './stringify.js';
