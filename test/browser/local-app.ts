/**
 * The app as `npm run local` starts it (local workspace, bot, Tencent Cloud emulator), on free
 * ports with its state in a fresh folder, and a Chromium page open on the channel as the requester.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type Config, loadConfig } from '../../src/config.js';
import { type RunningSecgroup, startSecgroup } from '../../src/secgroup.js';
import { type LaunchedBrowser, launchChromium } from './chromium.js';

export const REQUESTER = 'U0LOCALREQ';
export const APPROVER = 'U0LOCALAP1';
export const CHANNEL = 'C0LOCALSEC';
export const WEB_TEMPLATE = 'Open port 22, 80, 443, 3389 and ICMP protocol';
/** Playwright's own waits are bounded by the test's timeout; these steps cross three servers. */
export const STEP_TIMEOUT = { timeout: 15_000 };

export interface LocalAppInBrowser {
  config: Readonly<Config>;
  app: RunningSecgroup;
  page: Page;
  stop(): Promise<void>;
}

export async function openLocalApp(chromiumPath: string): Promise<LocalAppInBrowser> {
  const dataDir = mkdtempSync(join(tmpdir(), 'secgroup-browser-'));
  const config = loadConfig({
    PORT: '0',
    LOCAL_WORKSPACE_PORT: '0',
    EMULATOR_PORT: '0',
    SECGROUP_DB_PATH: join(dataDir, 'secgroup.sqlite'),
    EMULATOR_STATE_FILE: join(dataDir, 'emulator.json'),
    LOCAL_WORKSPACE_STATE_FILE: join(dataDir, 'local-workspace.json'),
    LOG_LEVEL: 'warn',
  });
  const app = await startSecgroup(config);
  let browser: LaunchedBrowser | undefined;
  const stop = async () => {
    await browser?.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (!app.workspaceUrl) throw new Error('local mode started no local workspace');
    browser = await launchChromium(chromiumPath);
    const page = await browser.context.newPage();
    await page.goto(`${app.workspaceUrl}/?user=${REQUESTER}&channel=${CHANNEL}`);
    await page.locator('.local-banner').waitFor(STEP_TIMEOUT);
    return { config, app, page, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Types in the channel's composer and sends it, as a person would (a message or a slash command). */
export async function typeMessage(page: Page, text: string): Promise<void> {
  const composer = page.getByLabel('Message', { exact: true });
  await composer.fill(text);
  await composer.press('Enter');
}
