// Cost of the schema rules in CPU time, which a loaded machine distorts less than wall time. The
// check over the corpus runs with and without the rules of @kubeharden/schema, once with the
// source and Pod Security rules alone and once with the rules of every area, against js-yaml
// loading every document of the same files. Each figure is the median of alternating rounds in
// one process.
// Usage: node bench/schema.mjs [--corpus <folder>] [--rounds <n>] [--clock cpu|wall]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import jsyaml from 'js-yaml';

import { AUDIT_RULES } from '@kubeharden/audit';
import { check, RuleRegistry, SOURCE_RULES, SourceFile } from '@kubeharden/core';
import { ENCRYPTION_RULES } from '@kubeharden/encryption';
import { NETPOL_RULES } from '@kubeharden/netpol';
import { PSS_RULES } from '@kubeharden/pss';
import { RBAC_RULES } from '@kubeharden/rbac';
import { SCHEMA_RULES } from '@kubeharden/schema';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: resolve(import.meta.dirname, '../../shared/corpus') },
    rounds: { type: 'string', default: '7' },
    clock: { type: 'string', default: 'cpu' },
  },
});

if (!statSync(values.corpus, { throwIfNoEntry: false })) {
  console.error(`Corpus folder ${values.corpus} not found; pass --corpus <folder>.`);
  process.exit(2);
}
if (values.clock !== 'cpu' && values.clock !== 'wall') {
  console.error(`Invalid --clock ${values.clock}; use cpu or wall.`);
  process.exit(2);
}

function listYaml(folder) {
  const files = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listYaml(path));
    else if (/\.ya?ml$/i.test(entry.name)) files.push(path);
  }
  return files.sort();
}

const paths = listYaml(values.corpus);
const texts = paths.map((path) => readFileSync(path, 'utf8'));
const everyArea = [
  ...SOURCE_RULES,
  ...PSS_RULES,
  ...NETPOL_RULES,
  ...RBAC_RULES,
  ...ENCRYPTION_RULES,
  ...AUDIT_RULES,
];
const registries = {
  'source and Pod Security': new RuleRegistry([...SOURCE_RULES, ...PSS_RULES]),
  'source and Pod Security, with schema': new RuleRegistry([
    ...SOURCE_RULES,
    ...PSS_RULES,
    ...SCHEMA_RULES,
  ]),
  'every area': new RuleRegistry(everyArea),
  'every area, with schema': new RuleRegistry([...everyArea, ...SCHEMA_RULES]),
};

/** Milliseconds of CPU time (user and system, all threads) or of wall time that `action` takes. */
function measure(action) {
  if (values.clock === 'wall') {
    const start = performance.now();
    action();
    return performance.now() - start;
  }
  const start = process.cpuUsage();
  action();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function loadWithJsYaml() {
  for (const text of texts) {
    try {
      jsyaml.loadAll(text, () => {});
    } catch {
      // A file js-yaml rejects still cost the time spent on it.
    }
  }
}

function runCheck(registry) {
  const files = texts.map((text, index) => new SourceFile(paths[index], text));
  return check(files, { registry });
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// One warm-up of each, which also counts the parsed documents, then alternating rounds.
loadWithJsYaml();
const parsed = {};
for (const [name, registry] of Object.entries(registries)) {
  parsed[name] = runCheck(registry).statistics.parsedDocuments;
}
const baseline = [];
const times = Object.fromEntries(Object.keys(registries).map((name) => [name, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  baseline.push(measure(loadWithJsYaml));
  for (const [name, registry] of Object.entries(registries)) {
    times[name].push(measure(() => runCheck(registry)));
  }
}

const baselineMs = median(baseline);
console.log(`${values.clock} time, median of ${values.rounds} rounds`);
console.log(`js-yaml load (baseline): ${baselineMs.toFixed(0)} ms`);
for (const [name, list] of Object.entries(times)) {
  const ms = median(list);
  console.log(
    `${name}: ${ms.toFixed(0)} ms, ratio ${(ms / baselineMs).toFixed(2)}, ${parsed[name]} documents parsed`,
  );
}
