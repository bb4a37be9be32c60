import type { Severity } from '../rules/rule.js';

export type PssLevel = 'privileged' | 'baseline' | 'restricted';

/** Severity of a rule after configuration; `off` disables it. */
export type RuleSeverity = Severity | 'off';

export interface RuleSetting {
  readonly severity?: RuleSeverity;
  readonly options?: unknown;
}

/** Which workloads hold health data; rules about encryption and backups apply to them. */
export interface HealthDataScope {
  /** Namespaces that hold health data; empty means every namespace. */
  readonly namespaces: readonly string[];
  /** A label `key=value` that marks objects or namespaces holding health data. */
  readonly label?: { readonly key: string; readonly value: string };
}

/** Resolved settings of a run: defaults, then the configuration file, then command-line flags. */
export interface Settings {
  readonly pss: { readonly level: PssLevel; readonly version: string };
  /** Namespace of namespaced objects that name none, as `kubectl apply` without `-n` would use. */
  readonly defaultNamespace: string;
  readonly healthData: HealthDataScope;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Glob patterns of paths that are not checked, relative to the configuration file. */
  readonly exclude: readonly string[];
  /** Whether the manifests describe everything, so references to undefined objects are errors. */
  readonly completeManifests: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  pss: { level: 'restricted', version: 'latest' },
  defaultNamespace: 'default',
  healthData: { namespaces: [] },
  rules: {},
  exclude: [],
  completeManifests: false,
};

/** True when an object in `namespace` with `labels` is in the health-data scope. */
export function holdsHealthData(
  scope: HealthDataScope,
  namespace: string | undefined,
  labels: Readonly<Record<string, string>>,
  namespaceLabels: Readonly<Record<string, string>> = {},
): boolean {
  if (scope.label) {
    const { key, value } = scope.label;
    if (labels[key] === value || namespaceLabels[key] === value) return true;
    if (scope.namespaces.length === 0) return false;
  }
  if (scope.namespaces.length === 0) return true;
  return namespace !== undefined && scope.namespaces.includes(namespace);
}
