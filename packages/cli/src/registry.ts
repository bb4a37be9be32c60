import { AUDIT_RULES } from '@kubeharden/audit';
import { RuleRegistry, SOURCE_RULES } from '@kubeharden/core';
import { ENCRYPTION_RULES } from '@kubeharden/encryption';
import { NETPOL_RULES } from '@kubeharden/netpol';
import { PSS_RULES } from '@kubeharden/pss';
import { RBAC_RULES } from '@kubeharden/rbac';
import { SCHEMA_RULES } from '@kubeharden/schema';

/** Creates a registry of every rule kubeharden ships. */
export function createRegistry(): RuleRegistry {
  const registry = new RuleRegistry(SOURCE_RULES);
  registry.addAll(PSS_RULES);
  registry.addAll(NETPOL_RULES);
  registry.addAll(RBAC_RULES);
  registry.addAll(ENCRYPTION_RULES);
  registry.addAll(AUDIT_RULES);
  registry.addAll(SCHEMA_RULES);
  return registry;
}
