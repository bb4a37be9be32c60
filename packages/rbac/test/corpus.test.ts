import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { getAt } from '@kubeharden/core';
import { describeShared } from '../../../test/shared.js';
import { canI, whoCan } from '../src/analysis/authorize.js';
import {
  formatPermissionsJson,
  formatPermissionsText,
  formatWhoCanJson,
  formatWhoCanText,
} from '../src/analysis/format.js';
import { permissionsOf, permissionsOfWorkload } from '../src/analysis/permissions.js';
import { buildIndex } from '../src/analysis/rbac-index.js';
import { subjectOfBindingSubject } from '../src/model/subjects.js';
import { detectProblems } from '../src/problems/detect.js';
import type { Problem } from '../src/problems/types.js';
import { readDocuments } from './helpers.js';

/** Requests that exercise wildcards, subresources, names and non-resource paths. */
const REQUESTS: readonly [string, string, string | undefined][] = [
  ['get', 'secrets', 'default'],
  ['create', 'pods/exec', 'kube-system'],
  ['list', 'deployments.apps', undefined],
  ['get', '/metrics', undefined],
];

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** True when the path leads to an existing node, so a finding can be located. */
function located(problem: Problem | NonNullable<Problem['related']>[number]): boolean {
  return problem.path.length === 0 || getAt(problem.object, problem.path) !== undefined;
}

describeShared('RBAC analysis of the corpus', 'corpus/', (directory) => {
  const projects = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it.each(projects)('%s runs without a crash', (project) => {
    let parsed = 0;
    for (const file of yamlFiles(join(directory, project))) {
      let documents: unknown[];
      try {
        documents = readDocuments(file);
      } catch {
        // Files that js-yaml rejects are the parser's concern, not this package's.
        continue;
      }
      parsed++;

      const index = buildIndex(documents);
      for (const options of [{}, { assumeComplete: true }]) {
        for (const problem of detectProblems(index, options)) {
          expect(located(problem), `${file}: ${problem.code} at ${problem.path.join('.')}`).toBe(
            true,
          );
          expect(problem.message).toMatch(/^[A-Z].*\.$/);
          for (const related of problem.related ?? []) expect(located(related)).toBe(true);
        }
      }

      for (const workload of index.workloads) {
        formatPermissionsText(permissionsOfWorkload(index, workload));
      }
      for (const binding of index.bindings) {
        const namespace = binding.ref.namespace;
        for (const bindingSubject of binding.subjects) {
          const subject = subjectOfBindingSubject(bindingSubject, namespace);
          if (subject === undefined) continue;
          formatPermissionsJson(permissionsOf(index, subject));
          for (const [verb, resource, requestNamespace] of REQUESTS) {
            canI(index, subject, verb, resource, requestNamespace);
          }
        }
      }
      for (const [verb, resource, requestNamespace] of REQUESTS) {
        const result = whoCan(index, verb, resource, requestNamespace);
        formatWhoCanText(result);
        formatWhoCanJson(result);
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });
});
