/**
 * Debian's Chromium, driven by playwright-core, for the report's browser test
 * and the bench's page-load figures. Never a downloaded browser: the binary
 * is `$QUORATE_CHROMIUM`, else /usr/bin/chromium (`apt-get install chromium`;
 * .ci/run installs it), started headless with a fresh profile and with every
 * background connection off (this machine's network is closed, and a report
 * must not need one).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** The flags Chromium is started with. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The Chromium binary, or undefined when there is none. */
export function findChromium(): string | undefined {
  const bin = process.env['QUORATE_CHROMIUM'] ?? '/usr/bin/chromium';
  return existsSync(bin) ? bin : undefined;
}

/** A running browser with a fresh profile; `close` ends it and removes the profile. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium at `bin` with a new empty --user-data-dir. */
export async function launchChromium(bin: string, viewport = { width: 1400, height: 1000 }): Promise<Browser> {
  process.env['PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD'] = '1';
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'quorate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: bin, headless: true, args: CHROMIUM_FLAGS, viewport });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
