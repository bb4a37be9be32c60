// Benchmark of the RBAC analysis over the RBAC objects, ServiceAccounts and workloads of the
// whole corpus, indexed together: building the index, who-can queries, the permissions of every
// subject that a binding names and of every workload, and problem detection. Reading the YAML is
// timed apart as the baseline, once with the kinds the rules read and once with the
// CustomResourceDefinitions that the rbac commands read as well. Run on its own or from run.mjs,
// which starts it as a child process so that the peak RSS printed at the end is this run's own.
// Usage: node bench/rbac.mjs [--corpus <folder>] [--rounds <n>]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { check, RuleRegistry, SourceFile } from '@kubeharden/core';
import {
  buildIndex,
  detectProblems,
  permissionsOf,
  permissionsOfWorkload,
  RBAC_INDEX_KINDS,
  RBAC_KINDS,
  whoCan,
} from '@kubeharden/rbac';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: resolve(import.meta.dirname, '../../shared/corpus') },
    rounds: { type: 'string', default: '5' },
  },
});

// Requests that exercise wildcards, subresources, aggregated roles and non-resource URLs, both
// cluster-wide (no namespace) and in one namespace.
const REQUESTS = [
  ['get', 'secrets', undefined],
  ['list', 'secrets', 'kube-system'],
  ['create', 'pods/exec', 'default'],
  ['create', 'pods', 'monitoring'],
  ['update', 'deployments.apps', 'default'],
  ['escalate', 'clusterroles.rbac.authorization.k8s.io', undefined],
  ['impersonate', 'serviceaccounts', 'default'],
  ['get', '/metrics', undefined],
];

function listYaml(folder) {
  const files = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listYaml(path));
    else if (/\.ya?ml$/i.test(entry.name)) files.push(path);
  }
  return files.sort();
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `action` once to warm up, then `rounds` times, and returns the median time and a result. */
function measure(rounds, action) {
  let result = action();
  const times = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    result = action();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: median(times), result };
}

if (!statSync(values.corpus, { throwIfNoEntry: false })) {
  console.error(`Corpus folder ${values.corpus} not found; pass --corpus <folder>.`);
  process.exit(2);
}

const rounds = Number(values.rounds);
const paths = listYaml(values.corpus);
const texts = paths.map((path) => readFileSync(path, 'utf8'));

/** Builds a registry whose one rule reads `kinds`, so the engine parses only those documents. */
function readerOf(kinds) {
  const reader = {
    id: 'read-rbac-objects',
    meta: {
      area: 'rbac',
      severity: 'info',
      description: 'Reads the objects of the RBAC analysis.',
      remediation: 'Nothing to do.',
      rationale: 'Benchmark only.',
      hipaa: [],
      kinds,
    },
    create: () => ({}),
  };
  return new RuleRegistry([reader]);
}

function readObjects(registry) {
  const files = texts.map((text, index) => new SourceFile(paths[index], text));
  return check(files, { registry }).objects.all.map((object) => object.value);
}

const loaded = measure(rounds, () => readObjects(readerOf(RBAC_KINDS)));
const documents = loaded.result;

const indexed = measure(rounds, () => buildIndex(documents));
const index = indexed.result;

// Every distinct subject that a binding names, as `kubeharden rbac permissions` would be asked.
const subjects = new Map();
for (const binding of index.bindings) {
  for (const subject of binding.subjects) {
    const namespace = subject.namespace ?? binding.ref.namespace;
    if (subject.kind === 'ServiceAccount' && namespace !== undefined) {
      subjects.set(`sa/${namespace}/${subject.name}`, {
        kind: 'ServiceAccount',
        namespace,
        name: subject.name,
      });
    } else if (subject.kind === 'User' || subject.kind === 'Group') {
      subjects.set(`${subject.kind}/${subject.name}`, { kind: subject.kind, name: subject.name });
    }
  }
}

const queried = measure(rounds, () =>
  REQUESTS.map(([verb, resource, namespace]) => whoCan(index, verb, resource, namespace)),
);
const subjectPermissions = measure(rounds, () =>
  [...subjects.values()].map((subject) => permissionsOf(index, subject)),
);
const workloadPermissions = measure(rounds, () =>
  index.workloads.map((workload) => permissionsOfWorkload(index, workload)),
);
const detected = measure(rounds, () => detectProblems(index, { assumeComplete: true }));

const peakRssMb = process.resourceUsage().maxRSS / 1024;

// CustomResourceDefinitions are most of the corpus's bytes, so they are read once, last, and
// after the peak RSS of the analysis was taken.
const start = process.hrtime.bigint();
const withCrds = readObjects(readerOf(RBAC_INDEX_KINDS));
const loadedWithCrdsMs = Number(process.hrtime.bigint() - start) / 1e6;
const crdCount = withCrds.length - documents.length;
const peakRssWithCrdsMb = process.resourceUsage().maxRSS / 1024;

const allowed = queried.result.reduce((sum, result) => sum + result.subjects.length, 0);
const granted = subjectPermissions.result.reduce(
  (sum, result) => sum + result.permissions.length,
  0,
);
const perQuery = queried.ms / REQUESTS.length;
const perSubject = subjectPermissions.ms / Math.max(subjects.size, 1);
const perWorkload = workloadPermissions.ms / Math.max(index.workloads.length, 1);

console.log(
  `rbac corpus: ${index.roles.length} roles, ${index.bindings.length} bindings, ${index.serviceAccounts.length} ServiceAccounts, ${index.workloads.length} workloads, ${subjects.size} bound subjects`,
);
console.log(`read RBAC objects (baseline): ${loaded.ms.toFixed(0)} ms (median of ${rounds})`);
console.log(`buildIndex:                   ${indexed.ms.toFixed(1)} ms`);
console.log(
  `whoCan, ${REQUESTS.length} requests:         ${queried.ms.toFixed(1)} ms (${perQuery.toFixed(2)} ms each, ${allowed} subjects allowed)`,
);
console.log(
  `permissionsOf, every subject: ${subjectPermissions.ms.toFixed(1)} ms (${perSubject.toFixed(3)} ms each, ${granted} permissions)`,
);
console.log(
  `permissionsOfWorkload, all:   ${workloadPermissions.ms.toFixed(1)} ms (${perWorkload.toFixed(3)} ms each)`,
);
console.log(
  `detectProblems:               ${detected.ms.toFixed(1)} ms (${detected.result.length} problems)`,
);
console.log(
  `peak RSS of the RBAC run:     ${peakRssMb.toFixed(0)} MB (this process, reading included)`,
);
console.log(
  `read with ${crdCount} CustomResourceDefinitions, as the rbac commands do: ${loadedWithCrdsMs.toFixed(0)} ms (one run), peak RSS ${peakRssWithCrdsMb.toFixed(0)} MB`,
);
