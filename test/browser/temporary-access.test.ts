/**
 * Temporary access in a real browser, through startSecgroup in local mode: a group whose rules
 * are kept for 1 hour, approved; the card and thread say until when and offer Extend and Remove
 * now; `/secgroup temporary` lists it; Remove now takes the rules away and the thread says so.
 * Screenshots under test-results/screenshots/ (UPDATE_DOCS_SCREENSHOT=1 also refreshes
 * docs/images/temporary-access.png).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startSecgroup } from '../../src/secgroup.js';
import { findChromium, type LaunchedBrowser, launchChromium, SKIP_MESSAGE, screenshotPath } from './chromium.js';

const chromiumPath = findChromium();
if (!chromiumPath) process.stderr.write(`${SKIP_MESSAGE}\n`);

const REQUESTER = 'U0LOCALREQ';
const APPROVER = 'U0LOCALAP1';
const CHANNEL = 'C0LOCALSEC';
const TEMPLATE = 'Open port 22, 80, 443, 3389 and ICMP protocol';
const STEP_TIMEOUT = { timeout: 15_000 };

describe.skipIf(!chromiumPath)('temporary access in a browser (local mode)', () => {
  let dataDir: string;
  let app: Awaited<ReturnType<typeof startSecgroup>>;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'secgroup-browser-'));
    const config = loadConfig({
      PORT: '0',
      LOCAL_WORKSPACE_PORT: '0',
      EMULATOR_PORT: '0',
      SECGROUP_DB_PATH: join(dataDir, 'secgroup.sqlite'),
      EMULATOR_STATE_FILE: join(dataDir, 'emulator.json'),
      LOCAL_WORKSPACE_STATE_FILE: join(dataDir, 'local-workspace.json'),
      LOG_LEVEL: 'warn',
    });
    app = await startSecgroup(config);
    if (!app.workspaceUrl) throw new Error('local mode started no local workspace');
    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.context.newPage();
    await page.goto(`${app.workspaceUrl}/?user=${REQUESTER}&channel=${CHANNEL}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: screenshotPath(name) });
  const card = (): Locator => page.locator('#messages article.message').filter({ hasText: 'Requester' });
  const command = async (text: string) => {
    const composer = page.getByLabel('Message', { exact: true });
    await composer.fill(text);
    await composer.press('Enter');
  };

  it('keeps the rules for 1 hour, lists them, and removes them now', async () => {
    await expect.poll(() => page.locator('.local-banner').textContent()).toContain('this is not Slack');
    await command('/secgroup new');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(STEP_TIMEOUT);
    await dialog.getByLabel(TEMPLATE).check();
    await dialog.getByText(`${TEMPLATE} · needs 1 approval`).waitFor(STEP_TIMEOUT);
    await dialog.getByLabel('Name').fill('ssh-for-the-migration');
    await dialog.getByLabel('Keep the rules', { exact: true }).selectOption({ label: '1 hour' });
    expect(await dialog.textContent()).toContain('SSH or RDP from the internet: kept at most 8 h');
    await shot('temporary-01-keep-for');
    await dialog.getByRole('button', { name: 'Submit for approval' }).click();
    await dialog.waitFor({ state: 'detached', ...STEP_TIMEOUT });
    await card().waitFor(STEP_TIMEOUT);
    expect(await card().textContent()).toContain('1 h from approval, then removed');

    await page.getByLabel('Viewing as').selectOption(APPROVER);
    await card()
      .getByRole('button', { name: /\d+ repl(y|ies)/ })
      .click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    await thread.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Approve and apply' }).click();
    const controls = thread.locator('article.message').filter({ hasText: 'these rules are temporary' });
    await controls.waitFor(STEP_TIMEOUT);
    expect(await controls.getByRole('button', { name: 'Extend' }).count()).toBe(1);
    await expect.poll(() => card().textContent(), STEP_TIMEOUT).toContain('then removed');
    expect(await card().textContent()).toMatch(/Until .*, then removed/);
    await controls.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await shot('temporary-02-in-place');
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
      mkdirSync(new URL('../../docs/images/', import.meta.url), { recursive: true });
      copyFileSync(
        screenshotPath('temporary-02-in-place'),
        new URL('../../docs/images/temporary-access.png', import.meta.url),
      );
    }

    await page.getByLabel('Viewing as').selectOption(REQUESTER);
    await command('/secgroup temporary');
    const list = page.locator('article.message.ephemeral').filter({ hasText: 'Temporary rules in place' });
    await list.waitFor(STEP_TIMEOUT);
    expect(await list.textContent()).toMatch(/1 h left|59 min left/);
    await shot('temporary-03-list');

    await controls.getByRole('button', { name: 'Remove now' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove now' }).click();
    const removed = thread.locator('article.message').filter({ hasText: 'are removed from' });
    await removed.waitFor(STEP_TIMEOUT);
    expect(await removed.textContent()).toContain('13 removed');
    await shot('temporary-04-removed');
  });
});
