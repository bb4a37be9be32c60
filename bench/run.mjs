// Benchmarks of kubeharden, each measured against a baseline in the same process:
//   check: `kubeharden check` over the real-world corpus against js-yaml merely loading every
//   document of the same files (no positions, no rules). Target: ratio <= 1.5, peak RSS < 300 MB.
//   The check runs twice per round: without the schema rules and with them (the default kinds).
// Usage: npm run bench [-- --corpus <folder>] [-- --rounds <n>]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';

import jsyaml from 'js-yaml';

import { check, DEFAULT_SETTINGS, SourceFile } from '@kubeharden/core';
import { createRegistry } from '@kubeharden/cli';
import { SCHEMA_RULES } from '@kubeharden/schema';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: resolve(import.meta.dirname, '../../shared/corpus') },
    rounds: { type: 'string', default: '5' },
  },
});

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

function time(action) {
  const start = process.hrtime.bigint();
  const result = action();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

if (!statSync(values.corpus, { throwIfNoEntry: false })) {
  console.error(`Corpus folder ${values.corpus} not found; pass --corpus <folder>.`);
  process.exit(2);
}

const paths = listYaml(values.corpus);
const texts = paths.map((path) => readFileSync(path, 'utf8'));
const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
const rounds = Number(values.rounds);
const registry = createRegistry();
// The schema rules are added here until the command line registers them itself. The run without
// validation turns them off, so both lines stay comparable either way.
if (!registry.has(SCHEMA_RULES[0].id)) registry.addAll(SCHEMA_RULES);
const withoutSchema = {
  ...DEFAULT_SETTINGS,
  rules: Object.fromEntries(SCHEMA_RULES.map((rule) => [rule.id, { severity: 'off' }])),
};

function loadWithJsYaml() {
  let documents = 0;
  for (const text of texts) {
    try {
      jsyaml.loadAll(text, () => documents++);
    } catch {
      // A file js-yaml rejects still cost the time spent on it.
    }
  }
  return documents;
}

function runCheck() {
  const files = texts.map((text, index) => new SourceFile(paths[index], text));
  return check(files, { registry, settings: withoutSchema });
}

function runCheckWithSchema() {
  const files = texts.map((text, index) => new SourceFile(paths[index], text));
  return check(files, { registry });
}

// One warm-up of each, then alternating rounds so all see the same machine state.
loadWithJsYaml();
runCheck();
runCheckWithSchema();
const baseline = [];
const checked = [];
const validated = [];
let last;
let lastValidated;
for (let round = 0; round < rounds; round++) {
  baseline.push(time(loadWithJsYaml).ms);
  const measured = time(runCheck);
  checked.push(measured.ms);
  last = measured.result;
  const measuredWithSchema = time(runCheckWithSchema);
  validated.push(measuredWithSchema.ms);
  lastValidated = measuredWithSchema.result;
}

const baselineMs = median(baseline);
const checkMs = median(checked);
const validatedMs = median(validated);
// Memory is measured in a child process that only runs the check, so the baseline's
// allocations do not count against it.
const child = spawnSync(process.execPath, [join(import.meta.dirname, 'check-memory.mjs')], {
  input: JSON.stringify(paths),
  encoding: 'utf8',
});
if (child.status !== 0) {
  console.error(`Memory measurement failed: ${child.stderr}`);
  process.exit(1);
}
const peakRssMb = JSON.parse(child.stdout).peakRssMb;
console.log(`corpus: ${paths.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${last.statistics.documents} documents (${last.statistics.parsedDocuments} parsed), ${last.findings.length} findings`);
console.log(`js-yaml load (baseline): ${baselineMs.toFixed(0)} ms (median of ${rounds})`);
console.log(`kubeharden check:        ${checkMs.toFixed(0)} ms (median of ${rounds})`);
console.log(`ratio check / baseline:  ${(checkMs / baselineMs).toFixed(2)} (target <= 1.5)`);
console.log(`check with schema rules: ${validatedMs.toFixed(0)} ms (median of ${rounds}), ${lastValidated.statistics.parsedDocuments} documents parsed, ${lastValidated.findings.length} findings`);
console.log(`ratio with schema / baseline: ${(validatedMs / baselineMs).toFixed(2)} (target <= 1.5)`);
console.log(`peak RSS of the check:   ${peakRssMb.toFixed(0)} MB (target < 300 MB, one run in a child process)`);

// The language server benchmark starts its servers as processes of their own.
const lsp = spawnSync(process.execPath, [join(import.meta.dirname, 'lsp.mjs')], { stdio: 'inherit' });
if (lsp.status !== 0) process.exitCode = lsp.status ?? 1;

// The RBAC benchmark runs in a process of its own, so the peak RSS it prints is its own.
const rbac = spawnSync(
  process.execPath,
  [join(import.meta.dirname, 'rbac.mjs'), '--corpus', values.corpus, '--rounds', values.rounds],
  { stdio: 'inherit' },
);
if (rbac.status !== 0) process.exitCode = rbac.status ?? 1;

// The NetworkPolicy benchmark generates its own cluster and runs in a process of its own, so the
// peak RSS it prints is its own.
const netpol = spawnSync(process.execPath, [join(import.meta.dirname, 'netpol.mjs')], { stdio: 'inherit' });
if (netpol.status !== 0) process.exitCode = netpol.status ?? 1;
