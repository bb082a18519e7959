/**
 * Temporary access in a real browser, through startSecgroup in local mode: a group whose rules
 * are kept for 1 hour, approved; the card and thread say until when and offer Extend and Remove
 * now; `/secgroup temporary` lists it; Remove now takes the rules away and the thread says so.
 * Screenshots under test-results/screenshots/ (UPDATE_DOCS_SCREENSHOT=1 also refreshes
 * docs/images/temporary-access.png).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, refreshDocsImage, screenshot } from './chromium.js';
import {
  APPROVER,
  type LocalAppInBrowser,
  openLocalApp,
  REQUESTER,
  STEP_TIMEOUT,
  typeMessage,
  WEB_TEMPLATE,
} from './local-app.js';

describeInChromium('temporary access in a browser (local mode)', (chromiumPath) => {
  let local: LocalAppInBrowser;
  let page: Page;

  beforeAll(async () => {
    local = await openLocalApp(chromiumPath);
    page = local.page;
  }, 60_000);

  afterAll(() => local?.stop());

  const shot = (name: string) => screenshot(page, name);
  const card = (): Locator => page.locator('#messages article.message').filter({ hasText: 'Requester' });

  it('keeps the rules for 1 hour, lists them, and removes them now', async () => {
    await expect.poll(() => page.locator('.local-banner').textContent()).toContain('this is not Slack');
    await typeMessage(page, '/secgroup new');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(STEP_TIMEOUT);
    await dialog.getByLabel(WEB_TEMPLATE).check();
    await dialog.getByText(`${WEB_TEMPLATE} · needs 1 approval`).waitFor(STEP_TIMEOUT);
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
    refreshDocsImage('temporary-02-in-place', 'temporary-access.png');

    await page.getByLabel('Viewing as').selectOption(REQUESTER);
    await typeMessage(page, '/secgroup temporary');
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
