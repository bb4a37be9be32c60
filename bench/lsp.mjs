// Language server benchmark. It measures the time from an edit to the diagnostics of that version,
// the time to the first diagnostics and the peak memory of kubeharden-lsp and of
// yaml-language-server (offline Kubernetes profile) on the same five files of the shared corpus.
// Target for kubeharden-lsp: p95 under 100 ms on every file, and less peak memory than the peer.
// The measuring client is the shared one (lsp-latency.mjs); both servers run on standard I/O.
// Usage: node bench/lsp.mjs [--corpus <folder>] [--client <lsp-latency.mjs>] [--edits <n>] [--only kubeharden|yaml-language-server]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '../shared');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: join(shared, 'corpus') },
    client: { type: 'string', default: join(shared, 'bench/lsp-latency.mjs') },
    profile: { type: 'string', default: join(shared, 'bench/profiles/yamlls-k8s-offline.json') },
    edits: { type: 'string', default: '40' },
    only: { type: 'string' },
  },
});

// A small file, a 980-line multi-service manifest, the file closest to 10,000 lines, the
// 34,000-line Argo CD install and the 47,000-line Calico CRD bundle.
const FILES = [
  'GoogleCloudPlatform__microservices-demo/kubernetes-manifests__frontend.yaml',
  'GoogleCloudPlatform__microservices-demo/release__kubernetes-manifests.yaml',
  'prometheus-operator__prometheus-operator/example__prometheus-operator-crd__monitoring.coreos.com_alertmanagers.yaml',
  'argoproj__argo-cd/manifests__install.yaml',
  'projectcalico__calico/manifests__operator-crds.yaml',
];

const SERVERS = [
  {
    name: 'kubeharden',
    command: `${process.execPath} ${join(root, 'packages/lsp/dist/main.js')} --stdio`,
    profile: undefined,
  },
  {
    name: 'yaml-language-server',
    command: `${process.execPath} ${join(root, 'node_modules/yaml-language-server/bin/yaml-language-server')} --stdio`,
    profile: values.profile,
  },
].filter((server) => !values.only || server.name === values.only);

for (const required of [values.client, join(root, 'packages/lsp/dist/main.js')]) {
  if (!existsSync(required)) {
    console.error(`Missing ${required}; run "npm run build" and check that ../shared is present.`);
    process.exit(2);
  }
}

// The client loads vscode-languageserver-protocol from its own folder, and ../shared is read-only,
// so it runs from a copy inside this repository's node_modules.
const work = join(root, 'node_modules/.cache/kubeharden-bench');
mkdirSync(work, { recursive: true });
const client = join(work, 'lsp-latency.mjs');
copyFileSync(values.client, client);

function measure(server, file) {
  const out = join(work, `${server.name}-${file.split('/').pop()}.json`);
  rmSync(out, { force: true });
  const args = [
    client,
    '--server',
    server.command,
    '--file',
    file,
    '--edits',
    values.edits,
    '--label',
    server.name,
    '--out',
    out,
  ];
  if (server.profile) args.push('--profile', server.profile);
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0 || !existsSync(out)) {
    return {
      error: `exit ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ')}`,
    };
  }
  return JSON.parse(readFileSync(out, 'utf8'));
}

const rows = [];
for (const relative of FILES) {
  const file = join(values.corpus, relative);
  if (!existsSync(file)) {
    console.error(`Corpus file ${file} not found; pass --corpus <folder>.`);
    process.exit(2);
  }
  for (const server of SERVERS) {
    const result = measure(server, file);
    const latency = result.edits ? Object.values(result.edits)[0]?.latencyMs : undefined;
    rows.push({
      file: relative.split('/').pop(),
      lines: result.fileLines,
      server: server.name,
      p50: latency?.p50,
      p95: latency?.p95,
      max: latency?.max,
      first: result.firstDiagnosticsMs,
      peak: result.peakRssMB,
      diagnostics: result.openDiagnosticsCount,
      timeouts: result.timeouts,
      error: result.error,
    });
    const last = rows[rows.length - 1];
    console.error(
      `${last.server} ${last.file}: ${last.error ?? `p50 ${last.p50} ms, p95 ${last.p95} ms`}`,
    );
  }
}

const format = (value, unit = '') =>
  value === undefined || value === null ? '-' : `${value}${unit}`;
console.log(
  `\nEdit to diagnostics of that version, ${values.edits} edits per file (ms); first diagnostics after opening (ms); peak RSS (MB).\n`,
);
console.log(
  '| File | Lines | Server | p50 | p95 | max | First diagnostics | Peak RSS | Diagnostics on open |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  if (row.error) {
    console.log(
      `| ${row.file} | ${format(row.lines)} | ${row.server} | failed: ${row.error} | | | | | |`,
    );
    continue;
  }
  console.log(
    `| ${row.file} | ${format(row.lines)} | ${row.server} | ${format(row.p50)} | ${format(row.p95)} | ${format(row.max)} | ${format(row.first)} | ${format(row.peak)} | ${format(row.diagnostics)} |`,
  );
}

const ours = rows.filter((row) => row.server === 'kubeharden');
const slow = ours.filter((row) => row.error || !(row.p95 < 100));
if (ours.length > 0) {
  console.log(
    slow.length === 0
      ? '\nkubeharden-lsp: p95 under 100 ms on every file.'
      : `\nkubeharden-lsp: p95 target missed on ${slow.map((row) => row.file).join(', ')}.`,
  );
}
