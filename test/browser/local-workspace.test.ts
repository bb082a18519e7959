/**
 * The whole story in a real browser, through startSecgroup in local mode (local workspace,
 * bot, Tencent Cloud emulator): a requester asks for a security group, an approver approves
 * it in the thread, and the group is created. Each step is saved as a screenshot under
 * test-results/screenshots/ (UPDATE_DOCS_SCREENSHOT=1 also refreshes docs/images/local-workspace.png).
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
const SG_ID = /sg-[0-9a-z]{8}/;
/** Playwright's own waits are bounded by the test's timeout; these steps cross three servers. */
const STEP_TIMEOUT = { timeout: 15_000 };

describe.skipIf(!chromiumPath)('the whole story in a browser (local mode)', () => {
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
  /** The request's card in the channel: the one message with a Requester field, whatever its header says. */
  const card = (): Locator => page.locator('#messages article.message').filter({ hasText: 'Requester' });

  it('requests a group, fixes a too-long name, gets it approved in the thread, and sees it created', async () => {
    await expect.poll(() => page.locator('.local-banner').textContent()).toContain('this is not Slack');
    await shot('01-local-workspace');

    const composer = page.getByLabel('Message', { exact: true });
    await composer.fill('/secgroup new');
    await composer.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(STEP_TIMEOUT);
    expect(await dialog.getByRole('heading', { name: 'New security group' }).count()).toBe(1);
    await shot('02-new-group-modal');

    await dialog.getByLabel(TEMPLATE).check();
    // The form shows the chosen template in full (it is updated): wait for it, as a person would.
    await dialog.getByText(`${TEMPLATE} · needs 1 approval`).waitFor(STEP_TIMEOUT);
    await dialog.getByLabel('Name').fill('w'.repeat(61));
    await dialog.getByLabel('Notes').fill('Web servers for the <shop> & blog');
    await dialog.getByRole('button', { name: 'Submit for approval' }).click();
    const nameField = dialog.locator('.bk-input').filter({ has: page.getByLabel('Name') });
    await expect.poll(() => nameField.locator('.bk-error').textContent()).toContain('60');
    await shot('03-name-too-long');

    await dialog.getByLabel('Name').fill('web-prod');
    await dialog.getByRole('button', { name: 'Submit for approval' }).click();
    await dialog.waitFor({ state: 'detached', ...STEP_TIMEOUT });
    await card().waitFor(STEP_TIMEOUT);
    expect(await card().textContent()).toContain('web-prod');
    expect(await card().textContent()).toContain('Web servers for the <shop> & blog');
    await shot('04-request-posted');

    await page.getByLabel('Viewing as').selectOption(APPROVER);
    await expect.poll(() => page.getByLabel('Viewing as').inputValue()).toBe(APPROVER);
    await card()
      .getByRole('button', { name: /\d+ repl(y|ies)/ })
      .click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    const approve = thread.getByRole('button', { name: 'Approve' });
    await approve.waitFor(STEP_TIMEOUT);
    await shot('05-approver-opens-thread');
    await approve.click();
    // Approve asks to confirm, saying what it will create and which risks the plan has.
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor(STEP_TIMEOUT);
    expect(await confirm.textContent()).toContain('This will create security group "web-prod" in ap-guangzhou');
    expect(await confirm.textContent()).toContain('Risks: RDP (3389) open to the internet');
    await shot('05-approve-confirm');
    await confirm.getByRole('button', { name: 'Approve and apply' }).click();

    const rules = thread.locator('article.message').filter({ hasText: 'as read back from Tencent Cloud' });
    await rules.waitFor(STEP_TIMEOUT);
    const rulesText = (await rules.textContent()) ?? '';
    expect(rulesText).toMatch(SG_ID);
    expect(rulesText).toContain('Created');
    expect(rulesText).toContain('3389');
    await expect.poll(() => card().textContent(), STEP_TIMEOUT).toMatch(SG_ID);
    expect(await card().textContent()).toContain('Created');
    // The final card leads with the group's name and id, and links to it in the console.
    const groupId = ((await card().textContent()) ?? '').match(SG_ID)?.[0] ?? '';
    expect(await card().textContent()).toContain(`web-prod (${groupId})`);
    expect(
      await card()
        .getByRole('link', { name: `Open ${groupId} in the Tencent Cloud console` })
        .count(),
    ).toBe(1);
    expect(await card().textContent()).not.toContain('expires');
    // Show the card's header and status, and the thread's rules, side by side.
    await card().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await rules.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('06-created');

    // The README's screenshot is refreshed on request only, so a test run leaves the checkout clean.
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
      mkdirSync(new URL('../../docs/images/', import.meta.url), { recursive: true });
      copyFileSync(screenshotPath('06-created'), new URL('../../docs/images/local-workspace.png', import.meta.url));
    }
  });

  it('asks for /invite in a channel the app is not in, and posts the request once the app is invited', async () => {
    await page.getByLabel('Viewing as').selectOption(REQUESTER);
    await page.getByRole('button', { name: '# random-without-bot' }).click();
    await expect.poll(() => page.locator('.channel-warning').textContent()).toContain('/invite @secgroup');

    const composer = page.getByLabel('Message', { exact: true });
    await composer.fill('/secgroup new');
    await composer.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(STEP_TIMEOUT);
    await dialog.getByLabel(TEMPLATE).check();
    // The form shows the chosen template in full (it is updated): wait for it, as a person would.
    await dialog.getByText(`${TEMPLATE} · needs 1 approval`).waitFor(STEP_TIMEOUT);
    await dialog.getByLabel('Name').fill('web-side');
    await dialog.getByRole('button', { name: 'Submit for approval' }).click();
    await dialog.waitFor({ state: 'detached', ...STEP_TIMEOUT });

    // The app tells the requester privately what to do.
    const advice = page.locator('article.message.ephemeral').filter({ hasText: '/invite @secgroup' });
    await advice.waitFor(STEP_TIMEOUT);
    const requestId = ((await advice.textContent()) ?? '').match(/req-[0-9a-z]+/)?.[0];
    expect(requestId).toBeDefined();
    await shot('07-app-not-in-channel');

    await composer.fill('/invite @secgroup');
    await composer.press('Enter');
    await page.locator('article.system-message').filter({ hasText: 'has joined the channel' }).waitFor(STEP_TIMEOUT);
    await expect.poll(() => page.locator('.channel-warning').count()).toBe(0);

    await composer.fill(`/secgroup show ${requestId}`);
    await composer.press('Enter');
    const posted = page.locator('#messages article.message').filter({ hasText: 'Security group request' });
    await posted.waitFor(STEP_TIMEOUT);
    expect(await posted.textContent()).toContain('web-side');
    await shot('08-posted-after-invite');
  });
});

if (!chromiumPath) {
  describe('the whole story in a browser (local mode)', () => {
    it.skip(SKIP_MESSAGE, () => {});
  });
}
