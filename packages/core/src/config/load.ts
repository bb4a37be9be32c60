import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { isPlainObject } from '../model/object.js';
import type { Path } from '../model/path.js';
import { SourceFile, type SourceRange } from '../source/file.js';
import { DEFAULT_SETTINGS, type PssLevel, type RuleSetting, type Settings } from './settings.js';

export const CONFIG_FILE_NAMES = ['.kubeharden.yaml', '.kubeharden.yml'] as const;

/** A problem in a configuration file, located at the key or value at fault. */
export interface ConfigProblem {
  readonly file: string;
  readonly path: Path;
  readonly range?: SourceRange;
  readonly message: string;
}

export interface LoadedConfig {
  readonly file?: string;
  readonly settings: Settings;
  readonly problems: readonly ConfigProblem[];
}

const PSS_LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];
const SEVERITIES = ['error', 'warning', 'info', 'off'] as const;
const PSS_VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

/** True for a Pod Security version as the namespace label takes it: `latest` or `v1.<minor>`. */
export function isPssVersion(value: string): boolean {
  return PSS_VERSION.test(value);
}
const TOP_LEVEL_KEYS = ['pss', 'defaultNamespace', 'healthData', 'rules', 'exclude', 'completeManifests'];

/** Finds `.kubeharden.yaml` in `start` or the nearest folder above it. */
export function findConfigFile(start: string): string | undefined {
  let folder = resolve(start);
  if (existsSync(folder) && !isDirectory(folder)) folder = dirname(folder);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(folder, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** Reads and validates a configuration file. */
export function loadConfigFile(file: string): LoadedConfig {
  return parseConfig(readFileSync(file, 'utf8'), file);
}

/**
 * Validates configuration text. Every unknown key and bad value is a problem naming the key and
 * the value; valid parts still apply.
 */
export function parseConfig(text: string, file: string): LoadedConfig {
  const source = new SourceFile(file, text);
  const problems: ConfigProblem[] = [];
  for (const problem of source.problems) {
    problems.push({ file, path: [], range: source.range(problem.start, problem.end), message: problem.message });
  }
  const extra = source.documents[1];
  if (extra) {
    const start = extra.span.start;
    problems.push({
      file,
      path: [],
      range: source.range(start, Math.max(start, extra.span.end - 1)),
      message: 'Configuration has more than one document; only the first is read, so merge them into one.',
    });
  }
  const document = source.documents[0];
  if (!document) return { file, settings: DEFAULT_SETTINGS, problems };

  const parsed = document.parse();
  for (const problem of parsed.problems) {
    problems.push({ file, path: [], range: source.range(problem.start, problem.end), message: problem.message });
  }
  const value = parsed.value;
  if (parsed.problems.length > 0 || value === null || value === undefined) {
    return { file, settings: DEFAULT_SETTINGS, problems };
  }

  const report = (path: Path, message: string, target: 'key' | 'value' = 'value'): void => {
    problems.push({ file, path, range: document.rangeOf(path, target), message });
  };
  if (!isPlainObject(value)) {
    report([], `Configuration must be a mapping of settings such as "pss" and "rules", not ${JSON.stringify(value)}.`);
    return { file, settings: DEFAULT_SETTINGS, problems };
  }

  let settings: Settings = { ...DEFAULT_SETTINGS };
  for (const [key, entry] of Object.entries(value)) {
    switch (key) {
      case 'pss':
        settings = { ...settings, pss: readPss(entry, settings.pss, report) };
        break;
      case 'defaultNamespace':
        if (typeof entry === 'string' && entry !== '') settings = { ...settings, defaultNamespace: entry };
        else report([key], `Setting "defaultNamespace" must be a namespace name, not ${JSON.stringify(entry)}.`);
        break;
      case 'healthData':
        settings = { ...settings, healthData: readHealthData(entry, report) };
        break;
      case 'rules':
        settings = { ...settings, rules: readRules(entry, report) };
        break;
      case 'exclude':
        settings = { ...settings, exclude: readStringList(entry, ['exclude'], report) };
        break;
      case 'completeManifests':
        if (typeof entry === 'boolean') settings = { ...settings, completeManifests: entry };
        else report([key], `Setting "completeManifests" must be true or false, not ${JSON.stringify(entry)}.`);
        break;
      default:
        report([key], `Unknown setting "${key}"; the known settings are ${TOP_LEVEL_KEYS.join(', ')}.`, 'key');
    }
  }
  return { file, settings, problems };
}

type Reporter = (path: Path, message: string, target?: 'key' | 'value') => void;

function readPss(value: unknown, fallback: Settings['pss'], report: Reporter): Settings['pss'] {
  if (!isPlainObject(value)) {
    report(['pss'], `Setting "pss" must be a mapping with "level" and "version", not ${JSON.stringify(value)}.`);
    return fallback;
  }
  let { level, version } = fallback;
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'level') {
      if (typeof entry === 'string' && (PSS_LEVELS as readonly string[]).includes(entry)) level = entry as PssLevel;
      else report(['pss', key], `Invalid Pod Security level ${JSON.stringify(entry)}; use one of ${PSS_LEVELS.join(', ')}.`);
    } else if (key === 'version') {
      if (typeof entry === 'string' && isPssVersion(entry)) version = entry;
      else report(['pss', key], `Invalid Pod Security version ${JSON.stringify(entry)}; use "latest" or a version such as "v1.30".`);
    } else {
      report(['pss', key], `Unknown setting "pss.${key}"; use "level" or "version".`, 'key');
    }
  }
  return { level, version };
}

function readHealthData(value: unknown, report: Reporter): Settings['healthData'] {
  if (!isPlainObject(value)) {
    report(['healthData'], `Setting "healthData" must be a mapping with "namespaces" and/or "label", not ${JSON.stringify(value)}.`);
    return DEFAULT_SETTINGS.healthData;
  }
  let namespaces: readonly string[] = [];
  let label: Settings['healthData']['label'];
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'namespaces') {
      namespaces = readStringList(entry, ['healthData', key], report);
    } else if (key === 'label') {
      const match = typeof entry === 'string' ? /^([^=\s]+)=([^=\s]*)$/.exec(entry) : null;
      if (match) label = { key: match[1]!, value: match[2]! };
      else report(['healthData', key], `Invalid label ${JSON.stringify(entry)}; write it as key=value, such as kubeharden.io/phi=true.`);
    } else {
      report(['healthData', key], `Unknown setting "healthData.${key}"; use "namespaces" or "label".`, 'key');
    }
  }
  return label ? { namespaces, label } : { namespaces };
}

function readRules(value: unknown, report: Reporter): Record<string, RuleSetting> {
  if (!isPlainObject(value)) {
    report(['rules'], `Setting "rules" must map rule ids to a severity or to {severity, options}, not ${JSON.stringify(value)}.`);
    return {};
  }
  const rules: Record<string, RuleSetting> = {};
  for (const [id, entry] of Object.entries(value)) {
    if (typeof entry === 'string' || typeof entry === 'boolean') {
      // YAML 1.1 reads a bare `off` as false, which is what a user means by it.
      const severity = entry === false ? 'off' : entry;
      if ((SEVERITIES as readonly unknown[]).includes(severity)) rules[id] = { severity: severity as RuleSetting['severity'] };
      else report(['rules', id], `Invalid severity ${JSON.stringify(entry)} for rule "${id}"; use one of ${SEVERITIES.join(', ')}.`);
    } else if (isPlainObject(entry)) {
      const setting: { severity?: RuleSetting['severity']; options?: unknown } = {};
      for (const [key, inner] of Object.entries(entry)) {
        const severity = inner === false ? 'off' : inner;
        if (key === 'severity' && (SEVERITIES as readonly unknown[]).includes(severity)) setting.severity = severity as RuleSetting['severity'];
        else if (key === 'severity') report(['rules', id, key], `Invalid severity ${JSON.stringify(inner)} for rule "${id}"; use one of ${SEVERITIES.join(', ')}.`);
        else if (key === 'options') setting.options = inner;
        else report(['rules', id, key], `Unknown setting "${key}" for rule "${id}"; use "severity" or "options".`, 'key');
      }
      rules[id] = setting;
    } else {
      report(['rules', id], `Invalid setting ${JSON.stringify(entry)} for rule "${id}"; give a severity (${SEVERITIES.join(', ')}) or {severity, options}.`);
    }
  }
  return rules;
}

function readStringList(value: unknown, path: Path, report: Reporter): string[] {
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    report(path, `Setting "${path.join('.')}" must be a list of strings, not ${JSON.stringify(value)}.`);
    return [];
  }
  return value as string[];
}
