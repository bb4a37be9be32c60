// Runs `kubeharden check` once over the files given and prints the peak resident set size in
// MB, so the benchmark measures the check's memory apart from the baseline's.
import { readFileSync } from 'node:fs';

import { check, SourceFile } from '@kubeharden/core';
import { createRegistry } from '@kubeharden/cli';

const paths = JSON.parse(readFileSync(0, 'utf8'));
const files = paths.map((path) => new SourceFile(path, readFileSync(path, 'utf8')));
const result = check(files, { registry: createRegistry() });
process.stdout.write(`${JSON.stringify({ findings: result.findings.length, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
