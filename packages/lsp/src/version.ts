import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The version of this package, as package.json states it. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
