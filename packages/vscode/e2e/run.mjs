// End-to-end suite of the VS Code extension in a real VS Code (code-server), offline.
// Run `bash e2e/setup.sh` first. Usage, with the system's Node 20: node e2e/run.mjs [--exthost-only]
// (--exthost-only skips packaging and the UI tests and needs a built dist/ and test bundle).
//   1. builds and packages the extension (npm run package) and checks the .vsix contents;
//   2. installs the .vsix into code-server and drives the workbench with headless Chromium;
//   3. runs the extension-host tests (e2e/exthost) inside code-server's extension host.
// Screenshots of failures go to .e2e-cache/screenshots; after a passing UI run, the quick fix
// menu replaces images/quick-fix.png, which the README shows. Ends with `N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { check, DEFAULT_SETTINGS, RuleRegistry, SOURCE_RULES, SourceFile } from '@kubeharden/core';
import { PSS_RULES } from '@kubeharden/pss';

import { runExtensionHostTests } from './exthost-runner.mjs';
import {
  CACHE,
  CODE_SERVER,
  installExtension,
  log,
  NODE24,
  PACKAGE_ROOT,
  prepareRun,
  startCodeServer,
} from './lib/code-server.mjs';
import { Results } from './lib/results.mjs';
import { checkVsix } from './vsix.mjs';
import { runUiTests } from './ui.mjs';

const REPOSITORY = join(PACKAGE_ROOT, '../..');
const WORKSPACE_SOURCE = join(REPOSITORY, 'examples/insecure');
const SCREENSHOTS = join(CACHE, 'screenshots');
const README_IMAGE = join(PACKAGE_ROOT, 'images/quick-fix.png');

const exthostOnly = process.argv.includes('--exthost-only');
const started = performance.now();
const results = new Results();
const servers = new Set();

// Whatever ends the run, the code-server process groups it started end with it.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await Promise.all([...servers].map((server) => server.stop()));
    process.exit(130);
  });
}

for (const [path, what] of [
  [NODE24, 'Node 24'],
  [CODE_SERVER, 'code-server'],
  [join(CACHE, 'playwright/node_modules/playwright-core'), 'playwright-core'],
]) {
  if (!existsSync(path)) {
    process.stderr.write(
      `Missing ${what} at ${path}; run bash packages/vscode/e2e/setup.sh first.\n`,
    );
    process.exit(2);
  }
}
rmSync(SCREENSHOTS, { recursive: true, force: true });
mkdirSync(SCREENSHOTS, { recursive: true });

const timings = {};
const timed = async (name, body) => {
  const start = performance.now();
  try {
    return await body();
  } finally {
    timings[name] = Math.round((performance.now() - start) / 100) / 10;
  }
};

let vsix;
if (!exthostOnly)
  await results.test('extension builds and packages', () =>
    timed('package', () => {
      const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
      vsix = join(PACKAGE_ROOT, `kubeharden-${manifest.version}.vsix`);
      rmSync(vsix, { force: true });
      execFileSync('npm', ['run', 'package'], {
        cwd: PACKAGE_ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      execFileSync(process.execPath, ['scripts/build.mjs', '--tests'], {
        cwd: PACKAGE_ROOT,
        stdio: 'inherit',
      });
      if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}.`);
      log(`Packaged ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB)`);
    }),
  );

if (vsix && existsSync(vsix)) {
  await results.test('vsix holds only what it needs', () => checkVsix(vsix));

  await timed('ui', async () => {
    const run = prepareRun(join(CACHE, 'runs/ui'), WORKSPACE_SOURCE);
    let server;
    const installed = await results.test('vsix installs in code-server', async () => {
      log(await installExtension(run, vsix));
      server = await startCodeServer(run);
      servers.add(server);
      log(`code-server ${server.url} (process group ${server.child.pid})`);
    });
    try {
      if (installed) {
        const failedBefore = results.failed;
        await runUiTests({
          server,
          run,
          results,
          screenshots: { directory: SCREENSHOTS, onSuccess: true },
          checkRestricted,
        });
        const screenshot = join(SCREENSHOTS, 'quick-fix-menu.png');
        if (results.failed === failedBefore && existsSync(screenshot)) {
          copyFileSync(screenshot, README_IMAGE);
          log(`Updated ${README_IMAGE}`);
        }
      }
    } finally {
      if (server) {
        await server.stop();
        servers.delete(server);
      }
    }
  });
}

// Restricted mode needs workspace trust on, and no prompt asking to trust the folder.
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};
for (const { label, bundle, settings, workspaceTrust } of [
  { label: 'exthost', bundle: 'index', settings: {}, workspaceTrust: false },
  { label: 'untrusted', bundle: 'untrusted', settings: UNTRUSTED_SETTINGS, workspaceTrust: true },
]) {
  await timed(label, async () => {
    const run = prepareRun(join(CACHE, `runs/${label}`), WORKSPACE_SOURCE, settings);
    let server;
    try {
      server = await startCodeServer(run, { smokeTestDriver: true, workspaceTrust });
      servers.add(server);
      await runExtensionHostTests({
        server,
        run,
        results,
        screenshots: SCREENSHOTS,
        bundle,
        label,
      });
    } catch (error) {
      results.record(`${label} tests run`, error?.stack ?? String(error));
    } finally {
      if (server) {
        await server.stop();
        servers.delete(server);
      }
    }
  });
}

const total = Math.round((performance.now() - started) / 100) / 10;
log(`Timings (s): ${JSON.stringify({ ...timings, total })}`);
for (const failure of results.failures) log(`Failed: ${failure.name}`);
process.stdout.write(`${results.passed} passed, ${results.failed} failed\n`);
process.exit(results.failed === 0 ? 0 : 1);

/**
 * Checks a manifest with the engine's source rules and the Pod Security rules at the restricted
 * level, and returns the findings as `rule-id: message` lines.
 */
function checkRestricted(text, path) {
  const registry = new RuleRegistry(SOURCE_RULES);
  registry.addAll(PSS_RULES);
  const settings = { ...DEFAULT_SETTINGS, pss: { level: 'restricted', version: 'latest' } };
  const { findings } = check([new SourceFile(path, text)], { registry, settings });
  return findings.map((finding) => `${finding.ruleId}: ${finding.message}`);
}
