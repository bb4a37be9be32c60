// Benchmark of the NetworkPolicy analysis on a generated cluster of 100 namespaces, 2,000
// workloads and 2,000 NetworkPolicies (packages/netpol/bench/large-cluster.mjs):
//   - the connectivity analysis, listing every allowed connection and rendering them as text;
//   - `kubeharden check` with the NetworkPolicy rules over the same cluster written as one YAML
//     file, against the same check with a rule that only reads those kinds (the baseline). The
//     ratio is the cost of the analysis and the rules on top of parsing with positions.
// Times are medians of the rounds after one warm-up. Peak memory is measured in child processes
// that run one task each, so the other tasks' allocations do not count against it.
// Usage: node bench/netpol.mjs [--rounds <n>]; run.mjs starts it as a child process.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

import { check, RuleRegistry, SOURCE_RULES, SourceFile, stringifyObject } from '@kubeharden/core';
import { analyzeConnectivity, formatTxt, NETPOL_KINDS, NETPOL_RULES } from '@kubeharden/netpol';

import { BENCH_SIZE, generateLargeCluster } from '../packages/netpol/bench/large-cluster.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    // Internal: run one task once and print its peak RSS as JSON.
    task: { type: 'string' },
  },
});

const objects = generateLargeCluster(BENCH_SIZE);
const yamlText = objects.map((object) => stringifyObject(object)).join('---\n');
const registry = new RuleRegistry([...SOURCE_RULES, ...NETPOL_RULES]);
// Makes the engine parse the documents the NetworkPolicy rules read, and does nothing else.
const READ_ONLY = {
  id: 'read-network-objects',
  meta: {
    area: 'network',
    severity: 'info',
    description: 'Reads the objects of the connectivity analysis.',
    remediation: 'Nothing to do.',
    rationale: 'Baseline of the benchmark.',
    hipaa: [],
    kinds: NETPOL_KINDS,
  },
  create: () => ({}),
};
const baselineRegistry = new RuleRegistry([...SOURCE_RULES, READ_ONLY]);

function analyzeAndList() {
  const analysis = analyzeConnectivity(objects);
  let connections = 0;
  for (const iterator = analysis.connections(); iterator.next().done !== true;) connections++;
  return { analysis, connections };
}

function checkRules() {
  return check([new SourceFile('cluster.yaml', yamlText)], { registry });
}

function parseOnly() {
  return check([new SourceFile('cluster.yaml', yamlText)], { registry: baselineRegistry });
}

const TASKS = { analysis: analyzeAndList, check: checkRules };

if (values.task !== undefined) {
  TASKS[values.task]();
  process.stdout.write(`${JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
  process.exit(0);
}

function time(action) {
  const start = process.hrtime.bigint();
  const result = action();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function peakRssOf(task) {
  const child = spawnSync(process.execPath, [import.meta.filename, '--task', task], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`Memory measurement of ${task} failed: ${child.stderr}`);
  return JSON.parse(child.stdout).peakRssMb;
}

const rounds = Number(values.rounds);
analyzeAndList();
checkRules();
parseOnly();

const analyzeTimes = [];
const listTimes = [];
const formatTimes = [];
const checkTimes = [];
const baselineTimes = [];
let last;
let lastCheck;
for (let round = 0; round < rounds; round++) {
  // Reading classIndex builds the classes, external ranges and pair engine, which the analysis
  // otherwise builds on the first listing.
  const analyzed = time(() => {
    const analysis = analyzeConnectivity(objects);
    void analysis.classIndex;
    return analysis;
  });
  analyzeTimes.push(analyzed.ms);
  const listed = time(() => {
    let connections = 0;
    for (const iterator = analyzed.result.connections(); iterator.next().done !== true;)
      connections++;
    return connections;
  });
  listTimes.push(listed.ms);
  const formatted = time(() => formatTxt(analyzed.result));
  formatTimes.push(formatted.ms);
  baselineTimes.push(time(parseOnly).ms);
  const checked = time(checkRules);
  checkTimes.push(checked.ms);
  last = { analysis: analyzed.result, connections: listed.result, bytes: formatted.result.length };
  lastCheck = checked.result;
}

const { analysis, connections, bytes } = last;
const baselineMs = median(baselineTimes);
const checkMs = median(checkTimes);
console.log(
  `netpol: ${analysis.cluster.namespaces.size} namespaces, ${analysis.cluster.workloads.length} workloads, ${analysis.cluster.policies.length} NetworkPolicies, ${analysis.classIndex.classes.length} classes, ${analysis.sourceRanges.length} source ranges`,
);
console.log(`load and analyze:        ${median(analyzeTimes).toFixed(0)} ms (median of ${rounds})`);
console.log(
  `list connections:        ${median(listTimes).toFixed(0)} ms for ${connections} connections`,
);
console.log(
  `render as text:          ${median(formatTimes).toFixed(0)} ms, ${(bytes / 1e6).toFixed(1)} MB`,
);
console.log(
  `peak RSS, analyze+list:  ${peakRssOf('analysis').toFixed(0)} MB (one run in a child process)`,
);
console.log(
  `check, parsing only (baseline): ${baselineMs.toFixed(0)} ms for ${(yamlText.length / 1e6).toFixed(1)} MB of YAML`,
);
console.log(
  `check, NetworkPolicy rules:     ${checkMs.toFixed(0)} ms, ${lastCheck.findings.length} findings`,
);
console.log(`ratio check / baseline:  ${(checkMs / baselineMs).toFixed(2)}`);
console.log(
  `peak RSS of the check:   ${peakRssOf('check').toFixed(0)} MB (one run in a child process)`,
);
