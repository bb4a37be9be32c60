import type { Generator } from '@kubeharden/core';
import { PSS_GENERATORS } from '@kubeharden/pss';
import { RBAC_GENERATORS } from '@kubeharden/rbac';

import { ENCRYPTION_AND_AUDIT_GENERATORS } from './generators/encryption.js';
import { NETPOL_GENERATORS } from './generators/netpol.js';
import { SCANNER_GENERATORS } from './scan/scanner-generators.js';

/** Every generator kubeharden ships, by name. */
export function createGenerators(): ReadonlyMap<string, Generator> {
  const generators = new Map<string, Generator>();
  for (const generator of [...PSS_GENERATORS, ...RBAC_GENERATORS, ...NETPOL_GENERATORS, ...ENCRYPTION_AND_AUDIT_GENERATORS, ...SCANNER_GENERATORS]) {
    if (generators.has(generator.name)) {
      throw new Error(`Generator "${generator.name}" is registered twice; every generator needs its own name.`);
    }
    generators.set(generator.name, generator);
  }
  return generators;
}
