/**
 * Finding and launching Debian's Chromium for the browser tests. Without one, the tests are
 * skipped and say how to enable them.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

export const SKIP_MESSAGE =
  'Browser test skipped: no Chromium found. Enable it with `apt-get install -y chromium`, or set CHROMIUM_PATH=/path/to/chrome.';

/** CHROMIUM_PATH if set (it must exist), else /usr/bin/chromium if present. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/**
 * A describe block that runs with the Chromium found; without one, a skipped test in its place
 * whose name (and a line on stderr) says how to enable it.
 */
export function describeInChromium(title: string, body: (chromiumPath: string) => void): void {
  const chromiumPath = findChromium();
  if (chromiumPath) {
    describe(title, () => body(chromiumPath));
    return;
  }
  process.stderr.write(`${SKIP_MESSAGE}\n`);
  describe(title, () => {
    it.skip(SKIP_MESSAGE, () => {});
  });
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile each time (Playwright takes the user-data-dir as its own argument). */
export async function launchChromium(executablePath: string): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'secgroup-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 1360, height: 860 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const SCREENSHOT_DIR = new URL('../../test-results/screenshots/', import.meta.url);

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return new URL(`${name}.png`, SCREENSHOT_DIR).pathname;
}

/** Saves what the page shows as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name) });
}

/**
 * Copies a screenshot over the docs' image, only when UPDATE_DOCS_SCREENSHOT=1 asks for it, so a
 * test run leaves the checkout clean.
 */
export function refreshDocsImage(name: string, docsImage: string): void {
  if (process.env.UPDATE_DOCS_SCREENSHOT !== '1') return;
  mkdirSync(new URL('../../docs/images/', import.meta.url), { recursive: true });
  copyFileSync(screenshotPath(name), new URL(`../../docs/images/${docsImage}`, import.meta.url));
}
