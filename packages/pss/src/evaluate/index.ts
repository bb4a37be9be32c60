export { evaluateObject, evaluatePodSpec } from './evaluate.js';
export { LATEST_PSS_MINOR, parsePssVersion } from './version.js';
export type {
  PssContainerRef,
  PssField,
  PssFieldProblem,
  PssLevel,
  PssVersion,
  PssViolation,
} from './types.js';
