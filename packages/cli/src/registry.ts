import { RuleRegistry, SOURCE_RULES } from '@kubeharden/core';
import { PSS_RULES } from '@kubeharden/pss';

/** Every rule kubeharden ships, in one registry. */
export function createRegistry(): RuleRegistry {
  const registry = new RuleRegistry(SOURCE_RULES);
  registry.addAll(PSS_RULES);
  return registry;
}
