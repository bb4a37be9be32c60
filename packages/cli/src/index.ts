export { main, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type Io } from './main.js';
export { runCheck, resolveSettings, type CheckCommandOptions } from './commands/check.js';
export { createRegistry } from './registry.js';
