export { startServer, SETTINGS_SECTION } from './server.js';
export { DEBOUNCE_MS, Session, type ClientFeatures } from './session.js';
export { createRegistry } from './registry.js';
export { Validator, type FileFindings, type ValidationRun } from './services/validation.js';
export { WorkspaceIndex, isKubernetesFile } from './services/workspace.js';
export { resolveSettings, type ResolvedSettings } from './services/settings.js';
export {
  changeObject,
  insertDocumentsAfter,
  minimalEdit,
  renderDocuments,
} from './services/edits.js';
export { fixAllText } from './services/fix-all.js';
export { policyActions, type PolicyAction, type PolicyContext } from './policies/actions.js';
export { GENERATORS, type Generators } from './policies/generators.js';
