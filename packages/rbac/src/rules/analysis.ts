import {
  POD_BEARING_KINDS,
  type K8sObject,
  type ObjectIndex,
  type RuleContext,
} from '@kubeharden/core';

import type { RbacIndex } from '../analysis/rbac-index.js';
import { buildIndex } from '../analysis/rbac-index.js';
import type { KubeObject } from '../model/objects.js';
import { detectProblems } from '../problems/detect.js';
import type { Problem, ProblemCode } from '../problems/types.js';

/**
 * Kinds the RBAC rules read. Every RBAC rule declares all of them, so the engine parses the same
 * documents whichever of the rules are enabled, and every rule works on the same index.
 * CustomResourceDefinitions are left out: they only give the scopes of custom resources, and
 * reading the shared corpus of public manifests took 23 s with them and 1.3 s without (one run
 * on a busy 2-core machine).
 */
export const RBAC_KINDS: readonly string[] = [
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ServiceAccount',
  ...POD_BEARING_KINDS,
];

/** Every kind `buildIndex` reads, for commands that want the scopes of custom resources too. */
export const RBAC_INDEX_KINDS: readonly string[] = [...RBAC_KINDS, 'CustomResourceDefinition'];

const RBAC_KIND_SET: ReadonlySet<string> = new Set(RBAC_KINDS);

/** The RBAC index and problems of one run, with the engine object behind each indexed value. */
export interface RunAnalysis {
  readonly index: RbacIndex;
  readonly problems: ReadonlyMap<ProblemCode, readonly Problem[]>;
  /** Returns the engine object whose value the index read, so a problem can be located. */
  objectOf(value: KubeObject): K8sObject | undefined;
}

// One analysis per run and option set: the engine passes every rule of a run the same
// ObjectIndex, so the 28 rules share one index and one problem detection.
const cache = new WeakMap<ObjectIndex, Map<string, RunAnalysis>>();

/** Returns the analysis of the run `context` belongs to, building it on the first call. */
export function analysisOf(context: RuleContext): RunAnalysis {
  const { defaultNamespace, completeManifests } = context.settings;
  const key = `${defaultNamespace}\u0000${String(completeManifests)}`;
  const byOptions = cache.get(context.objects) ?? new Map<string, RunAnalysis>();
  cache.set(context.objects, byOptions);

  const cached = byOptions.get(key);
  if (cached !== undefined) return cached;

  const analysis = analyze(context.objects.all, defaultNamespace, completeManifests);
  byOptions.set(key, analysis);
  return analysis;
}

/**
 * Builds the RBAC index from engine objects and detects its problems. Each object's value is
 * passed as a document of its own, so problem paths are relative to the engine object, also
 * for the items of a `List`.
 */
export function analyze(
  objects: readonly K8sObject[],
  defaultNamespace: string,
  assumeComplete: boolean,
): RunAnalysis {
  const objectsByValue = new Map<KubeObject, K8sObject>();
  for (const object of objects) {
    if (RBAC_KIND_SET.has(object.kind)) objectsByValue.set(object.value, object);
  }

  const index = buildIndex([...objectsByValue.keys()], { defaultNamespace });
  const problems = new Map<ProblemCode, Problem[]>();
  for (const problem of detectProblems(index, { assumeComplete })) {
    const list = problems.get(problem.code) ?? [];
    list.push(problem);
    problems.set(problem.code, list);
  }

  return {
    index,
    problems,
    objectOf: (value) => objectsByValue.get(value),
  };
}
