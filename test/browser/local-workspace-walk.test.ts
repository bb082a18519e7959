/**
 * The rest of the README's story in a real browser, through startSecgroup in local mode: the
 * form showing the chosen template in full and refreshing its lists, Custom → Add rules now,
 * a rejection with its reason, a cancellation, then /secgroup list, history and show. Each step
 * is saved as a screenshot under test-results/screenshots/ (walk-*.png) and asserts what the
 * person at the screen reads.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, screenshot } from './chromium.js';
import {
  APPROVER,
  approveInThread,
  type LocalAppInBrowser,
  openLocalApp,
  openThread,
  REQUESTER,
  requestGroup,
  STEP_TIMEOUT,
  typeMessage,
  viewAs,
  WEB_TEMPLATE,
} from './local-app.js';

const SG_ID = /sg-[0-9a-z]{8}/;
const REQ_ID = /req-[0-9a-z]{8}/;

describeInChromium('list, history, show, reject, cancel and Custom → add rules in a browser', (chromiumPath) => {
  let local: LocalAppInBrowser;
  let page: Page;
  let blankGroup = '';

  beforeAll(async () => {
    local = await openLocalApp(chromiumPath);
    page = local.page;
  }, 60_000);

  afterAll(() => local?.stop());

  const shot = (name: string) => screenshot(page, `walk-${name}`);
  const dialog = () => page.getByRole('dialog');
  const thread = () => page.getByRole('complementary', { name: 'Thread' });
  const textOf = async (locator: Locator) => (await locator.textContent()) ?? '';

  /** The private answer that contains `text`, once it is shown. */
  async function privateAnswer(text: string): Promise<Locator> {
    const answer = page.locator('article.message.ephemeral').filter({ hasText: text }).last();
    await answer.waitFor(STEP_TIMEOUT);
    return answer;
  }

  it('the form shows the chosen template in full, and refreshes its lists on request', async () => {
    await typeMessage(page, '/secgroup new');
    await dialog().waitFor(STEP_TIMEOUT);
    expect(await textOf(dialog())).toContain(
      'Choose a template to see its rules, its risk and the approvals it needs.',
    );

    await dialog().getByLabel(WEB_TEMPLATE).check();
    // The whole description (87 characters), its risks and approvals, and its rules.
    await expect
      .poll(() => textOf(dialog()), STEP_TIMEOUT)
      .toContain('Port 22, 80, 443 and 3389, and the ICMP protocol are open. All ports are open internally.');
    const web = await textOf(dialog());
    expect(web).toContain(`${WEB_TEMPLATE} · needs 1 approval`);
    expect(web).toMatch(/SSH \(22\)[^.]*internet/);
    expect(web).toContain('TCP:3389 · Allow · Windows remote desktop (IPv4)');
    await shot('01-template-preview');

    await dialog().getByLabel('Open all ports').check();
    await expect.poll(() => textOf(dialog()), STEP_TIMEOUT).toContain('Open all ports · needs 2 approvals');
    expect(await textOf(dialog())).toContain('All ports are open. May present security issues.');
    expect(await textOf(dialog())).not.toContain('Windows remote desktop');

    await dialog().getByLabel('Name').fill('kept-while-refreshing');
    await dialog().getByRole('button', { name: 'Refresh lists' }).click();
    await expect.poll(() => textOf(dialog()), STEP_TIMEOUT).toMatch(/Lists refreshed from Tencent Cloud: \d+ regions/);
    // What was entered is still there, and so is the chosen template.
    expect(await dialog().getByLabel('Name').inputValue()).toBe('kept-while-refreshing');
    expect(await dialog().getByLabel('Open all ports').isChecked()).toBe(true);
    await shot('02-lists-refreshed');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached', ...STEP_TIMEOUT });
  });

  it('Custom creates a blank group, and Add rules now asks for its rules through approval', async () => {
    const blank = await requestGroup(page, 'Custom', 'blank-db');
    await approveInThread(page, blank);
    const offer = thread().locator('article.message').filter({ hasText: 'has no rules, so it denies all traffic' });
    await offer.waitFor(STEP_TIMEOUT);
    blankGroup = (await textOf(offer)).match(SG_ID)?.[0] ?? '';
    expect(blankGroup).toMatch(SG_ID);

    await viewAs(page, REQUESTER);
    await offer.getByRole('button', { name: 'Add rules now' }).click();
    await dialog().waitFor(STEP_TIMEOUT);
    expect(await dialog().getByRole('heading', { name: 'Add rules' }).count()).toBe(1);
    await dialog()
      .getByLabel('Inbound rules (from the source)')
      .fill('10.0.0.0/8 TCP:5432 Allow Postgres from the VPC');
    await shot('03-add-rules-form');
    await dialog().getByRole('button', { name: 'Submit for approval' }).click();
    await dialog().waitFor({ state: 'detached', ...STEP_TIMEOUT });

    // The add-rules request is shown beside the request that created the group, in its thread.
    const addRules = thread().locator('article.message').filter({ hasText: 'Add rules request' });
    await addRules.waitFor(STEP_TIMEOUT);
    expect(await textOf(addRules)).toContain(blankGroup);
    expect(await textOf(addRules)).toContain('10.0.0.0/8 · TCP:5432 · Allow · Postgres from the VPC');
    const cardTs = await addRules.getAttribute('data-ts');
    await approveInThread(page, blank);
    // Its card now leads with the outcome.
    const done = thread().locator(`article.message[data-ts="${cardTs}"]`);
    await expect.poll(() => textOf(done), STEP_TIMEOUT).toContain(`Rules added to ${blankGroup}`);
    expect(await textOf(done)).toMatch(/Inbound rules\s*1 of 100/);
    const added = thread()
      .locator('article.message')
      .filter({ hasText: 'as read back from Tencent Cloud' })
      .filter({ hasText: '5432' });
    await added.waitFor(STEP_TIMEOUT);
    expect(await textOf(added)).toContain('10.0.0.0/8 · TCP:5432 · Allow · Postgres from the VPC');
    await done.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('04-rules-added');
  });

  it('an approver rejects with a reason; the requester reads it on the card and in the thread', async () => {
    const request = await requestGroup(page, WEB_TEMPLATE, 'to-reject');
    await viewAs(page, APPROVER);
    await openThread(page, request);
    await thread().getByRole('button', { name: 'Reject' }).last().click();
    await dialog().waitFor(STEP_TIMEOUT);
    await dialog().getByLabel('Reason').fill('Use the shared web group sg-web instead');
    await shot('05-reject-reason');
    await dialog().getByRole('button', { name: 'Reject' }).click();
    await dialog().waitFor({ state: 'detached', ...STEP_TIMEOUT });

    await viewAs(page, REQUESTER);
    await expect.poll(() => textOf(request), STEP_TIMEOUT).toContain('Rejected');
    expect(await textOf(request)).toContain('Use the shared web group sg-web instead');
    expect(await textOf(request)).not.toContain('expires');
    await openThread(page, request);
    const told = thread().locator('article.message').filter({ hasText: 'was rejected' });
    await told.waitFor(STEP_TIMEOUT);
    expect(await textOf(told)).toMatch(/@Riley \(requester\) your request req-[0-9a-z]{8} was rejected by @Alex/);
    expect(await textOf(told)).toContain('Use the shared web group sg-web instead');
    await shot('06-rejected');
  });

  it('the requester cancels, after confirming; nothing is left to act on', async () => {
    const request = await requestGroup(page, WEB_TEMPLATE, 'to-cancel');
    await openThread(page, request);
    await thread().getByRole('button', { name: 'Cancel request' }).last().click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor(STEP_TIMEOUT);
    expect(await textOf(confirm)).toContain('Nothing will be changed on Tencent Cloud');
    await shot('07-cancel-confirm');
    await confirm.getByRole('button', { name: 'Cancel request' }).click();

    await expect.poll(() => textOf(request), STEP_TIMEOUT).toContain('Cancelled');
    const told = thread().locator('article.message').filter({ hasText: 'was cancelled' });
    await told.waitFor(STEP_TIMEOUT);
    expect(await textOf(told)).toMatch(/your request req-[0-9a-z]{8} was cancelled by @Riley/);
    await expect.poll(() => thread().getByRole('button', { name: 'Cancel request' }).count()).toBe(0);
    expect(await thread().getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await shot('08-cancelled');
  });

  it('/secgroup list, history and show answer privately with what there is', async () => {
    await viewAs(page, REQUESTER);
    await page
      .getByRole('button', { name: 'Close thread' })
      .click()
      .catch(() => undefined);
    await typeMessage(page, '/secgroup list');
    const list = await privateAnswer('Security groups in ap-guangzhou');
    expect(await textOf(list)).toContain(blankGroup);
    expect(await textOf(list)).toContain('blank-db');
    await shot('09-list');

    await typeMessage(page, '/secgroup history');
    const history = await privateAnswer('to-cancel');
    const lines = await textOf(history);
    expect(lines).toMatch(/to-cancel[^•]*cancelled/);
    expect(lines).toMatch(/to-reject[^•]*rejected/);
    expect(lines).toMatch(/blank-db[^•]*done/);
    expect(lines).toMatch(REQ_ID);
    await shot('10-history');

    await typeMessage(page, `/secgroup show ${blankGroup}`);
    const shown = await privateAnswer(`Security group ${blankGroup}`);
    const detail = await textOf(shown);
    expect(detail).toContain('in ap-guangzhou');
    expect(detail).toContain('blank-db');
    expect(detail).toContain('Default project');
    expect(detail).toMatch(/Inbound rules\s*1/);
    expect(detail).toMatch(/Outbound rules\s*0/);
    expect(detail).toContain('10.0.0.0/8 · TCP:5432 · Allow · Postgres from the VPC');
    expect(await shown.getByRole('link', { name: `Open ${blankGroup} in the Tencent Cloud console` }).count()).toBe(1);
    await shot('11-show-group');
  });
});
