// Runs `kubeharden check` once over the files given, schema rules included, and prints the peak
// resident set size in MB, so the benchmark measures the check's memory apart from the baseline's.
import { readFileSync } from 'node:fs';

import { check, SourceFile } from '@kubeharden/core';
import { createRegistry } from '@kubeharden/cli';
import { SCHEMA_RULES } from '@kubeharden/schema';

const paths = JSON.parse(readFileSync(0, 'utf8'));
const files = paths.map((path) => new SourceFile(path, readFileSync(path, 'utf8')));
const registry = createRegistry();
if (!registry.has(SCHEMA_RULES[0].id)) registry.addAll(SCHEMA_RULES);
const result = check(files, { registry });
process.stdout.write(`${JSON.stringify({ findings: result.findings.length, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
