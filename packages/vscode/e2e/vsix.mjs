// Checks the contents of the packaged .vsix: the bundles, their source maps, the manifest and the
// files the marketplace shows, and nothing else (no sources, tests or node_modules of the
// workspace), under a size limit.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

import { log } from './lib/code-server.mjs';

// Version 0.1.0 packs to 0.8 MB. The limit leaves room for new rules, not for a stray folder.
const MAX_BYTES = 2 * 1024 * 1024;

const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/(readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/images\/(icon|quick-fix)\.png$/,
  /^extension\/dist\/(extension|server)\.js(\.map)?$/,
  /^extension\/dist\/THIRD_PARTY_NOTICES\.txt$/,
  /^extension\/dist\/node_modules\/@kubeharden\/[a-z]+\/package\.json$/,
  /^extension\/dist\/node_modules\/@kubeharden\/[a-z]+\/dist\/[a-z-]+\.js(\.map)?$/,
];
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/images/icon.png',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/THIRD_PARTY_NOTICES.txt',
  'extension/dist/node_modules/@kubeharden/lsp/dist/index.js',
  'extension/dist/node_modules/@kubeharden/lsp/dist/syntax-worker.js',
  'extension/dist/node_modules/@kubeharden/core/dist/index.js',
  'extension/dist/node_modules/@kubeharden/netpol/dist/index.js',
  'extension/dist/node_modules/@kubeharden/rbac/dist/index.js',
];

export function checkVsix(vsix) {
  const size = statSync(vsix).size;
  const entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
  log(
    `${vsix}: ${entries.length} files, ${(size / 1024).toFixed(0)} KB\n  ${entries.join('\n  ')}`,
  );

  const unexpected = entries.filter((entry) => !ALLOWED.some((pattern) => pattern.test(entry)));
  if (unexpected.length > 0)
    throw new Error(`Unexpected files in the .vsix: ${unexpected.join(', ')}`);
  const missing = REQUIRED.filter((entry) => !entries.includes(entry));
  if (missing.length > 0) throw new Error(`Missing files in the .vsix: ${missing.join(', ')}`);
  if (size > MAX_BYTES)
    throw new Error(`The .vsix has ${size} bytes, more than the limit of ${MAX_BYTES}.`);
}
