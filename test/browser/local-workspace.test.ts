/**
 * The whole story in a real browser, through startSecgroup in local mode (local workspace,
 * bot, Tencent Cloud emulator): a requester asks for a security group, an approver approves
 * it in the thread, and the group is created. Each step is saved as a screenshot under
 * test-results/screenshots/ (UPDATE_DOCS_SCREENSHOT=1 also refreshes docs/images/local-workspace.png).
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

const SG_ID = /sg-[0-9a-z]{8}/;

describeInChromium('the whole story in a browser (local mode)', (chromiumPath) => {
  let local: LocalAppInBrowser;
  let page: Page;

  beforeAll(async () => {
    local = await openLocalApp(chromiumPath);
    page = local.page;
  }, 60_000);

  afterAll(() => local?.stop());

  const shot = (name: string) => screenshot(page, name);
  /** The request's card in the channel: the one message with a Requester field, whatever its header says. */
  const card = (): Locator => page.locator('#messages article.message').filter({ hasText: 'Requester' });

  it('requests a group, fixes a too-long name, gets it approved in the thread, and sees it created', async () => {
    await expect.poll(() => page.locator('.local-banner').textContent()).toContain('this is not Slack');
    await shot('01-local-workspace');

    await typeMessage(page, '/secgroup new');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(STEP_TIMEOUT);
    expect(await dialog.getByRole('heading', { name: 'New security group' }).count()).toBe(1);
    await shot('02-new-group-modal');

    await dialog.getByLabel(WEB_TEMPLATE).check();
    // The form shows the chosen template in full (it is updated): wait for it, as a person would.
    await dialog.getByText(`${WEB_TEMPLATE} · needs 1 approval`).waitFor(STEP_TIMEOUT);
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

    refreshDocsImage('06-created', 'local-workspace.png');
  });

  it('asks for /invite in a channel the app is not in, and posts the request once the app is invited', async () => {
    await page.getByLabel('Viewing as').selectOption(REQUESTER);
    await page.getByRole('button', { name: '# random-without-bot' }).click();
    await expect.poll(() => page.locator('.channel-warning').textContent()).toContain('/invite @secgroup');

    await typeMessage(page, '/secgroup new');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor(STEP_TIMEOUT);
    await dialog.getByLabel(WEB_TEMPLATE).check();
    // The form shows the chosen template in full (it is updated): wait for it, as a person would.
    await dialog.getByText(`${WEB_TEMPLATE} · needs 1 approval`).waitFor(STEP_TIMEOUT);
    await dialog.getByLabel('Name').fill('web-side');
    await dialog.getByRole('button', { name: 'Submit for approval' }).click();
    await dialog.waitFor({ state: 'detached', ...STEP_TIMEOUT });

    // The app tells the requester privately what to do.
    const advice = page.locator('article.message.ephemeral').filter({ hasText: '/invite @secgroup' });
    await advice.waitFor(STEP_TIMEOUT);
    const requestId = ((await advice.textContent()) ?? '').match(/req-[0-9a-z]+/)?.[0];
    expect(requestId).toBeDefined();
    await shot('07-app-not-in-channel');

    await typeMessage(page, '/invite @secgroup');
    await page.locator('article.system-message').filter({ hasText: 'has joined the channel' }).waitFor(STEP_TIMEOUT);
    await expect.poll(() => page.locator('.channel-warning').count()).toBe(0);

    await typeMessage(page, `/secgroup show ${requestId}`);
    const posted = page.locator('#messages article.message').filter({ hasText: 'Security group request' });
    await posted.waitFor(STEP_TIMEOUT);
    expect(await posted.textContent()).toContain('web-side');
    await shot('08-posted-after-invite');
  });
});
