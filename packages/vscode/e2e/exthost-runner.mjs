// Runs extension-host tests (e2e/exthost, bundled to .e2e-cache/exthost/dist) in
// code-server: the workbench reads extensionDevelopmentPath and extensionTestsPath from the
// URL payload, which a built workbench honours only when code-server runs with
// --vscode-option enable-smoke-test-driver, and calls window.codeAutomationExit(code) when
// run() settles. The extension is loaded from this package folder (its dist/), not a .vsix.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { CACHE, launchBrowser, log, PACKAGE_ROOT } from './lib/code-server.mjs';

const REPORT = /\[kubeharden-e2e\] (PASS|FAIL|DONE) (.*)$/;
const TIMEOUT_MS = 240_000;

/** Runs the test bundle `bundle` (index or untrusted); results are named `<label>: <test>`. */
export async function runExtensionHostTests({ server, run, results, screenshots, bundle, label }) {
  const { context, page } = await launchBrowser(run);
  try {
    let reported = 0;
    page.on('console', (message) => {
      const match = REPORT.exec(message.text().replace(/%c/g, ''));
      if (!match) return;
      const [, outcome, rest] = match;
      if (outcome === 'DONE') {
        log(`${label}: ${rest}`);
        return;
      }
      reported++;
      const separator = rest.indexOf(': ');
      if (outcome === 'PASS') results.record(`${label}: ${rest.trim()}`);
      else results.record(`${label}: ${rest.slice(0, separator)}`, rest.slice(separator + 2));
    });
    let exit;
    const exited = new Promise((resolve) => {
      exit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => exit(code));
    await page.exposeFunction('codeAutomationLog', () => {});

    const remote = (path) => `vscode-remote://${server.authority}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(PACKAGE_ROOT)],
      ['extensionTestsPath', remote(join(CACHE, `exthost/dist/${bundle}.js`))],
    ];
    await page.goto(
      `${server.url}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    const code = await Promise.race([exited, sleep(TIMEOUT_MS).then(() => 'timeout')]);
    log(`${label} tests exited with ${code}.`);
    if (code === 'timeout' || reported === 0) {
      await page.screenshot({ path: join(screenshots, `failure-${label}.png`) });
      results.record(
        `${label} tests run`,
        `no result within ${TIMEOUT_MS / 1000} s (exit: ${code}, ${reported} tests reported)`,
      );
    }
  } finally {
    await context.close().catch((error) => log(`Cannot close the browser: ${error.message}`));
  }
}
