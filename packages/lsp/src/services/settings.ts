import {
  DEFAULT_SETTINGS,
  findConfigFile,
  isPlainObject,
  loadConfigFile,
  parseConfig,
  type ConfigProblem,
  type RuleRegistry,
  type Settings,
} from '@kubeharden/core';

/** Settings of a workspace: the configuration file, then the editor's settings on top of it. */
export interface ResolvedSettings {
  readonly settings: Settings;
  readonly configFile?: string;
  /** Problems of the configuration file and of the editor's settings. */
  readonly problems: readonly ConfigProblem[];
}

/** Name under which editor settings are reported in problems. */
export const EDITOR_SETTINGS_NAME = '<editor settings: kubeharden>';

/**
 * Resolves settings for files under `folder`. The editor's `kubeharden` section takes the shape
 * of `.kubeharden.yaml` and overrides each key it sets, as command-line flags do in the CLI.
 */
export function resolveSettings(
  folder: string | undefined,
  editorSettings: unknown,
  registry: RuleRegistry,
): ResolvedSettings {
  const problems: ConfigProblem[] = [];
  let settings = DEFAULT_SETTINGS;

  const configFile = folder === undefined ? undefined : findConfigFile(folder);
  if (configFile) {
    try {
      const loaded = loadConfigFile(configFile);
      problems.push(
        ...loaded.problems,
        ...unknownRuleProblems(loaded.settings, configFile, registry),
      );
      settings = loaded.settings;
    } catch (error) {
      problems.push({
        file: configFile,
        path: [],
        message: `Cannot read the configuration: ${(error as Error).message}.`,
      });
    }
  }

  if (isPlainObject(editorSettings)) {
    const editor = stripEmpty(editorSettings);
    // JSON is YAML, so the editor's settings are validated by the same code as the file.
    const parsed = parseConfig(JSON.stringify(editor), EDITOR_SETTINGS_NAME);
    problems.push(
      ...parsed.problems,
      ...unknownRuleProblems(parsed.settings, EDITOR_SETTINGS_NAME, registry),
    );
    settings = overlay(settings, parsed.settings, editor);
  }

  return configFile ? { settings, configFile, problems } : { settings, problems };
}

/** Takes from `editor` the top-level settings the user wrote; rule settings merge by rule id. */
function overlay(base: Settings, editor: Settings, written: Record<string, unknown>): Settings {
  const keys = new Set(Object.keys(written));
  return {
    pss: keys.has('pss') ? mergePss(base, written.pss, editor) : base.pss,
    defaultNamespace: keys.has('defaultNamespace')
      ? editor.defaultNamespace
      : base.defaultNamespace,
    healthData: keys.has('healthData') ? editor.healthData : base.healthData,
    rules: keys.has('rules') ? { ...base.rules, ...editor.rules } : base.rules,
    exclude: keys.has('exclude') ? [...base.exclude, ...editor.exclude] : base.exclude,
    completeManifests: keys.has('completeManifests')
      ? editor.completeManifests
      : base.completeManifests,
  };
}

function mergePss(base: Settings, written: unknown, editor: Settings): Settings['pss'] {
  const keys = isPlainObject(written) ? written : {};
  return {
    level: 'level' in keys ? editor.pss.level : base.pss.level,
    version: 'version' in keys ? editor.pss.version : base.pss.version,
  };
}

/**
 * Drops settings an editor sends unset (`null`, empty strings, empty mappings), because its
 * settings UI fills every declared key whether or not the user set it.
 */
function stripEmpty(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry === null || entry === undefined || entry === '') continue;
    if (isPlainObject(entry)) {
      const inner = stripEmpty(entry);
      if (Object.keys(inner).length > 0) result[key] = inner;
    } else {
      result[key] = entry;
    }
  }
  return result;
}

function unknownRuleProblems(
  settings: Settings,
  file: string,
  registry: RuleRegistry,
): ConfigProblem[] {
  return Object.keys(settings.rules)
    .filter((id) => !registry.has(id))
    .map((id) => ({
      file,
      path: ['rules', id],
      message: `Unknown rule "${id}"; \`kubeharden rules\` lists the rule ids.`,
    }));
}
