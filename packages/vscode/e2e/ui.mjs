// UI tests: the installed .vsix in code-server, driven through the workbench with the keyboard
// as a user would, checking what the editor shows and what lands on disk.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launchBrowser, log, waitFor } from './lib/code-server.mjs';

/** Pod Security rule codes that the insecure example's api.yaml must show in the Problems view. */
const API_RULE_CODES = [
  'no-privileged-containers',
  'no-privilege-escalation',
  'require-drop-all-capabilities',
  'require-run-as-non-root',
  'require-seccomp-profile',
  'require-read-only-root-filesystem',
  'no-default-service-account',
];
const QUICK_FIX_TITLE = 'Set allowPrivilegeEscalation to false';
const POLICY_FIX_TITLE = 'Insert default-deny NetworkPolicy';
const CREATE_POLICY_TITLE = 'Create networkpolicies/clinic-default-deny.yaml';
const FIX_ALL_COMMAND = 'kubeharden: Fix all kubeharden problems';
const FIX_ALL_CHOICE = 'Automatic fixes and suggested changes';

/**
 * Runs the UI tests in one browser session. `checkRestricted(text)` returns the Pod Security
 * findings of a text at the restricted level; `screenshots.onSuccess` names the README image.
 */
export async function runUiTests({ server, run, results, screenshots, checkRestricted }) {
  const { context, page } = await launchBrowser(run);
  const shot = async (name) => {
    const path = join(screenshots.directory, `${name}.png`);
    await page.screenshot({ path });
    log(`Screenshot ${path}`);
    return path;
  };
  const onFailure = (name) => shot(`failure-${name.replace(/[^a-z0-9]+/gi, '-')}`);
  const file = (name) => join(run.workspace, name);

  try {
    const ready = await results.test(
      'workbench opens the workspace',
      async () => {
        await page.goto(`${server.url}/?folder=${encodeURIComponent(run.workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await page.getByRole('treeitem', { name: 'api.yaml' }).waitFor({ timeout: 60_000 });
      },
      onFailure,
    );
    if (!ready) return;

    await results.test(
      'diagnostics show rule codes',
      async () => {
        await openFile(page, 'api.yaml');
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
        await page.keyboard.press('Control+Shift+M');
        const markers = page.locator('.markers-panel');
        for (const code of API_RULE_CODES) {
          await markers.getByText(code, { exact: false }).first().waitFor({ timeout: 30_000 });
        }
        const status = page.getByRole('button', {
          name: /^kubeharden: \d+ errors?, \d+ warnings?/,
        });
        await status.waitFor({ timeout: 15_000 });
        const label = await status.getAttribute('aria-label');
        if (!/^kubeharden: [1-9]\d* errors?/.test(label ?? '')) {
          throw new Error(`Expected the status bar to count errors, got "${label}".`);
        }
        await page.keyboard.press('Control+Shift+M');
      },
      onFailure,
    );

    await results.test(
      'quick fix with keyboard writes file',
      async () => {
        const original = readFileSync(file('api.yaml'), 'utf8');
        await openFile(page, 'api.yaml');
        await goToProblem(page, 'allowPrivilegeEscalation');
        await openQuickFixMenu(page, QUICK_FIX_TITLE);
        if (screenshots.onSuccess) await shot('quick-fix-menu');
        await chooseAction(page, QUICK_FIX_TITLE);
        await page.keyboard.press('Control+S');
        const expected = original.replace(
          '            privileged: true\n',
          '            privileged: true\n            allowPrivilegeEscalation: false\n',
        );
        await waitForFile(file('api.yaml'), (text) => text === expected, 'the fixed api.yaml');
      },
      onFailure,
    );

    await results.test(
      'policy quick fix inserts NetworkPolicy',
      async () => {
        await openFile(page, 'namespaces.yaml');
        await goToProblem(page, 'no default-deny');
        await openQuickFixMenu(page, POLICY_FIX_TITLE);
        await chooseAction(page, POLICY_FIX_TITLE);
        await page.keyboard.press('Control+S');
        await waitForFile(
          file('namespaces.yaml'),
          (text) =>
            /---\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}name: default-deny-all\n {2}namespace: gateway\n/.test(
              text,
            ),
          'a default-deny NetworkPolicy for namespace gateway in namespaces.yaml',
        );
      },
      onFailure,
    );

    await results.test(
      'policy quick fix creates policy file',
      async () => {
        await openFile(page, 'namespaces.yaml');
        await goToProblem(page, 'Namespace "clinic" has workloads but no default-deny');
        await openQuickFixMenu(page, CREATE_POLICY_TITLE);
        await chooseAction(page, CREATE_POLICY_TITLE);
        await runCommand(page, 'File: Save All');
        await waitForFile(
          file('networkpolicies/clinic-default-deny.yaml'),
          (text) => text.includes('kind: NetworkPolicy') && text.includes('namespace: clinic'),
          'networkpolicies/clinic-default-deny.yaml',
        );
      },
      onFailure,
    );

    await results.test(
      'fix-all command cleans restricted',
      async () => {
        await openFile(page, 'gateway.yaml');
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
        await runCommand(page, FIX_ALL_COMMAND);
        await pickItem(page, FIX_ALL_CHOICE);
        await page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 30_000 });
        await page.keyboard.press('Control+S');
        const text = await waitForFile(
          file('gateway.yaml'),
          (content) => content.includes('runAsNonRoot: true'),
          'the fixed gateway.yaml',
        );
        const findings = checkRestricted(text, file('gateway.yaml'));
        if (findings.length > 0) {
          throw new Error(`gateway.yaml still has findings at restricted: ${findings.join('; ')}`);
        }
        if (screenshots.onSuccess) await shot('fixed-file');
      },
      onFailure,
    );
  } finally {
    await context.close().catch((error) => log(`Cannot close the browser: ${error.message}`));
  }
}

async function openFile(page, name) {
  await page.getByRole('treeitem', { name }).first().click();
  await page
    .locator('.tabs-container .tab.active')
    .getByText(name, { exact: true })
    .waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
}

/** Moves the cursor to the first problem whose message contains `text`, with F8 from the top. */
async function goToProblem(page, text) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  const widget = page.locator('.marker-widget');
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.keyboard.press('F8');
    await widget.first().waitFor({ timeout: 10_000 });
    if (await widget.getByText(text, { exact: false }).count()) {
      await page.keyboard.press('Escape');
      await widget.first().waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    }
  }
  throw new Error(`No problem containing "${text}" after 30 presses of F8.`);
}

/**
 * Opens the quick fix menu with Ctrl+. until it lists `title`. Ctrl+. right after closing the
 * problem widget is sometimes swallowed, so the key is pressed again when no menu shows.
 */
async function openQuickFixMenu(page, title) {
  const menu = page.locator('.action-widget');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await menu.getByText(title, { exact: true }).first().waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      log(
        `Quick fix menu without "${title}" after Ctrl+. (attempt ${attempt}); pressing it again.`,
      );
      await page.keyboard.press('Escape');
    }
  }
}

/** Moves the focus in the open action menu to `title` with the arrow keys and presses Enter. */
async function chooseAction(page, title) {
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let step = 0; step < 40; step++) {
    const text = (await focused.count()) ? await focused.first().innerText() : '';
    if (text.trim() === title || text.split('\n').some((line) => line.trim() === title)) {
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`The arrow keys did not reach "${title}" in the quick fix menu.`);
}

/** Runs a command from the palette (F1) by its full title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await pickItem(page, title);
}

/** Presses Enter once the focused item of the quick input is the one labelled `label`. */
async function pickItem(page, label) {
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused');
  await waitFor(
    async () => (await focused.count()) && (await focused.first().innerText()).includes(label),
    15_000,
    `"${label}" in the quick input`,
  );
  await page.keyboard.press('Enter');
}

async function waitForFile(path, accept, what) {
  return waitFor(
    () => {
      try {
        const text = readFileSync(path, 'utf8');
        return accept(text) ? text : undefined;
      } catch {
        return undefined;
      }
    },
    30_000,
    what,
  );
}
