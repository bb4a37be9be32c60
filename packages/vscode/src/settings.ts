/** The settings section of the extension, which is also the one the language server reads. */
export const SECTION = 'kubeharden';

/**
 * Reads one setting of the section by its key below `kubeharden.` and returns the value the user
 * set in user, workspace or folder settings, or `undefined` when only the default applies.
 */
export type ExplicitSetting = (key: string) => unknown;

/**
 * Builds the settings the language server takes (the shape of `.kubeharden.yaml`) from the
 * editor settings the user set. Unset settings are left out, because every key the editor sends
 * overrides the configuration file. The defaults declared in package.json are the engine's, so
 * leaving them out changes nothing when there is no configuration file.
 */
export function serverSettings(explicit: ExplicitSetting): Record<string, unknown> {
  const result: Record<string, unknown> = {};

  const pss: Record<string, unknown> = {};
  const level = explicit('pss.level');
  const version = explicit('pss.version');
  if (level !== undefined) pss.level = level;
  if (version !== undefined) pss.version = version;
  if (Object.keys(pss).length > 0) result.pss = pss;

  const rules = explicit('rules');
  if (rules !== undefined) result.rules = rules;

  const healthData: Record<string, unknown> = {};
  const namespaces = explicit('healthData.namespaces');
  const label = explicit('healthData.label');
  if (namespaces !== undefined) healthData.namespaces = namespaces;
  if (label !== undefined && label !== '') healthData.label = label;
  if (Object.keys(healthData).length > 0) result.healthData = healthData;

  const exclude = explicit('exclude');
  if (exclude !== undefined) result.exclude = exclude;
  return result;
}
