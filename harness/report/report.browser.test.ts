/**
 * The report in a real browser (Debian's Chromium through playwright-core):
 * the script runs under the report's own CSP, the witness and the diagram
 * are there and answer clicks, hostile trace content does not execute and
 * the layout holds. Screenshots go to artifacts/ (gitignored). Without
 * Chromium the test is skipped with a message — except under CI=true, where
 * .ci/run installs it and its absence is a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { PassThrough } from 'node:stream';
import { REPO_ROOT } from '../cli/run-cli.js';
import { runCommand } from '../cli/run-command.js';
import { primaryBackup } from '../subsystems/primary-backup.js';
import { analyzeText } from './write-report.js';
import { renderReport } from './html-report.js';
import { hostileHistory } from './testing/hostile.js';
import { findChromium, launchChromium, type Browser } from './testing/chromium.js';

const bin = findChromium();
const ci = process.env['CI'] === 'true';
const where = process.env['QUORATE_CHROMIUM'] ?? '/usr/bin/chromium';
if (bin === undefined && !ci) console.warn(`report browser test skipped: no Chromium at ${where} (apt-get install -y chromium, or set QUORATE_CHROMIUM)`);
const ARTIFACTS = path.join(REPO_ROOT, 'artifacts');
const dir = mkdtempSync(path.join(tmpdir(), 'quorate-browser-'));

/** Opens `file` and records everything that would show the page misbehaving. */
async function open(browser: Browser, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url() !== pathToFileURL(file).href) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 10_000 });
  return { page, problems };
}

describe.skipIf(bin === undefined && !ci)('the report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (bin === undefined) throw new Error(`CI=true but no Chromium at ${where}: .ci/run installs it (apt-get install -y chromium)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium(bin);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a mutant\'s counterexample: the witness, the message diagram and faults, answering clicks', async () => {
    const report = path.join(dir, 'run.html');
    const io = { stdout: new PassThrough(), stderr: new PassThrough() };
    expect(await runCommand({ subsystem: 'primary-backup', mutant: 'stale-backup-read', workers: '0', out: path.join(dir, 'traces'), report }, [primaryBackup], io)).toBe(1);
    const { page, problems } = await open(browser, report);
    const panel = page.locator('.panel:not([hidden])').first();
    expect(await panel.locator('svg.timeline .op.w').count()).toBeGreaterThanOrEqual(2);
    expect(await panel.locator('svg.timeline .op.stuck').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('svg.msd .msg').count()).toBeGreaterThan(5);
    expect(await page.locator('svg.msd .fault').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.plain').first().innerText()).toContain('In plain words: get "x" at line');
    // Clicking a witness operation selects it everywhere it is drawn and lights up its messages.
    const bar = panel.locator('svg.timeline .op.w[data-m]').first();
    const id = await bar.getAttribute('data-op');
    await bar.click();
    expect(await page.locator(`[data-op="${id}"].sel`).count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('svg.msd .msg.hl').count()).toBeGreaterThan(0);
    expect(await page.locator('#detail').innerText()).toContain('witness');
    // A witness row selects its bars; a message shows its content.
    await page.locator('table.witness tr.row').last().click();
    const rowOp = await page.locator('table.witness tr.row').last().getAttribute('data-op');
    expect(await page.locator(`svg [data-op="${rowOp}"].sel`).count()).toBeGreaterThanOrEqual(1);
    await page.locator('svg.msd line.msg').first().dispatchEvent('click');
    expect(await page.locator('#detail').innerText()).toMatch(/^message #\d+ /);
    // Zoom changes what the drawing shows; reset brings it back.
    const svg = panel.locator('svg.timeline').first();
    const before = await svg.getAttribute('viewBox');
    await panel.locator('.tools button[data-z="in"]').first().click();
    expect(await svg.getAttribute('viewBox')).not.toBe(before);
    await panel.locator('.tools button[data-z="reset"]').first().click();
    expect(await svg.getAttribute('viewBox')).toBe(before);
    // Another key's tab shows its own timeline.
    const tabs = page.locator('.tabs .tab');
    if (await tabs.count() > 1) {
      await tabs.nth(1).click();
      expect(await page.locator('.panel[data-tab="1"]').first().isVisible()).toBe(true);
      await tabs.nth(0).click();
    }
    await bar.click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-counterexample.png'), fullPage: false });
    await page.locator('svg.msd').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-messages.png') });
    expect(problems).toEqual([]);
  });

  it('does not run hostile trace content, and the layout holds', async () => {
    const file = path.join(dir, 'hostile.html');
    writeFileSync(file, renderReport({ title: 'hostile', sections: [{ heading: 'hostile.jsonl', analysis: analyzeText(hostileHistory(), 'hostile.jsonl') }] }));
    const { page, problems } = await open(browser, file);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('b', { hasText: 'stale' }).count()).toBe(0);
    // Nothing wider than the window: the megabyte string was cut, long words wrap.
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.win);
    await page.locator('svg.timeline .op.stuck').first().click();
    expect(await page.locator('#detail').innerText()).toContain('<script>window.__pwned=1</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-hostile.png') });
    expect(problems).toEqual([]);
  });
});
