import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { HIPAA, type ComplianceJson } from '@kubeharden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeShared } from '../../../../test/shared.js';
import { main } from '../../src/main.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'kubeharden-report-test-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('report command', () => {
  it('writes a Markdown section per requirement', async () => {
    const result = await run(['report', join(EXAMPLES, 'insecure'), '--date', '2025-06-02']);

    expect(result.code).toBe(0);
    for (const requirement of HIPAA.requirements) {
      expect(result.stdout).toContain(`### ${requirement.id} ${requirement.title}`);
    }
    expect(result.stdout).toContain('| Date | 2025-06-02 00:00 UTC |');
    expect(result.stdout).toMatch(/\| error \| \S*insecure\/api\.yaml:\d+:\d+ \| Deployment\/clinic\/api \|/);
  });

  it('reports the hardened example as met for access control', async () => {
    const result = await run(['report', join(EXAMPLES, 'hardened'), '--format', 'json']);

    const report = JSON.parse(result.stdout) as ComplianceJson;
    const access = report.requirements.find((requirement) => requirement.id === '164.312(a)(1)');
    expect(access?.status).toBe('met');
    expect(access?.findings).toEqual([]);
    expect(access?.evidence.length).toBeGreaterThan(0);
  });

  it('lists the checklist with the client items', async () => {
    const result = await run(['report', join(EXAMPLES, 'insecure'), '--format', 'json']);

    const report = JSON.parse(result.stdout) as ComplianceJson;
    expect(report.checklist.map((item) => item.title)).toEqual(HIPAA.checklist?.map((item) => item.title));
    const agreement = report.checklist.find((item) => item.id === 'business-associate-agreement');
    expect(agreement).toMatchObject({ status: 'not-checkable', responsibility: 'the client' });
  });

  it('carries the framework as SARIF taxonomies', async () => {
    const result = await run(['report', join(EXAMPLES, 'insecure'), '--format', 'sarif']);

    const log = JSON.parse(result.stdout) as { runs: { taxonomies: { name: string; taxa: unknown[] }[] }[] };
    expect(log.runs[0]?.taxonomies[0]?.name).toBe('HIPAA Security Rule');
    expect(log.runs[0]?.taxonomies[0]?.taxa).toHaveLength(HIPAA.requirements.length);
  });

  it('writes the report to a file', async () => {
    const output = join(folder, 'report.html');
    const result = await run(['report', join(EXAMPLES, 'insecure'), '--format', 'html', '-o', output]);

    expect(result.stdout).toBe('');
    expect(readFileSync(output, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('rejects an invalid date', async () => {
    const result = await run(['report', EXAMPLES, '--date', 'yesterday']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --date "yesterday"');
  });

  it('rejects paths with --live', async () => {
    const result = await run(['report', '--live', EXAMPLES]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--live reads the cluster, so it takes no paths');
  });
});

describeShared('report on the corpus', 'corpus/', (corpus) => {
  it('builds every format without a crash', async () => {
    const folders = readdirSync(corpus)
      .filter((name) => !name.includes('.'))
      .slice(0, 6)
      .map((name) => join(corpus, name));

    for (const format of ['md', 'html', 'json']) {
      const result = await run(['report', ...folders, '--format', format]);

      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout.length).toBeGreaterThan(1000);
    }
  });
});

// Chromium comes from Debian (scripts/install-test-deps.sh); the test never downloads a browser.
const chromiumPresent = existsSync(CHROMIUM);
if (!chromiumPresent && process.env.CI) {
  throw new Error(`${CHROMIUM} is missing; CI must run scripts/install-test-deps.sh before the tests.`);
}
if (!chromiumPresent) {
  process.stderr.write(`SKIPPED: ${CHROMIUM} is absent, so the HTML report is not rendered; run scripts/install-test-deps.sh.\n`);
}

describe.skipIf(!chromiumPresent)('HTML report in Chromium', () => {
  it('shows the summary, chart and every requirement', async () => {
    const { chromium } = await import('playwright-core');
    const html = join(folder, 'examples.html');
    await run(['report', EXAMPLES, '--format', 'html', '-o', html, '--date', '2025-06-02T09:30:00Z']);

    const profile = mkdtempSync(join(tmpdir(), 'kubeharden-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1200, height: 1600 },
    });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => errors.push(message.text()));
      await page.goto(pathToFileURL(html).href);

      expect(await page.title()).toContain('HIPAA Security Rule compliance report');
      expect(await page.locator('h1').textContent()).toBe('HIPAA Security Rule compliance report');
      expect(await page.locator('h2').allTextContents()).toEqual(['Summary', 'Details by requirement']);
      expect(await page.locator('#checklist').textContent()).toBe('Checklist');
      expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(HIPAA.checklist!.length);
      expect(await page.locator('.tile').count()).toBe(4);
      expect(await page.locator('article.requirement').count()).toBe(HIPAA.requirements.length);
      expect(await page.locator('article.requirement h3').first().textContent()).toContain('164.312(a)(1) Access control');
      expect(await page.locator('table.checklist tbody tr').count()).toBe(HIPAA.checklist!.length);
      const chartBox = await page.locator('svg.chart').boundingBox();
      expect(chartBox?.width).toBeGreaterThan(400);

      const screenshot = join(mkdtempSync(join(tmpdir(), 'kubeharden-report-screenshot-')), 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      process.stderr.write(`Screenshot of the HTML report: ${screenshot}\n`);

      expect(requests).toEqual([pathToFileURL(html).href]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
