/**
 * Editing a group's rules in a real browser, through startSecgroup in local mode: Edit rules on
 * the final card of a created group opens its rules one per line; the plan is a diff; the group is
 * then changed through the emulator (as someone using the console would) before the approval, so
 * the change applies nothing and says what changed, and Re-plan asks again from the rules now.
 * Screenshots under test-results/screenshots/ (edit-*.png).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callWithSdk } from '../integration/cloud/support/emulator-harness.js';
import { describeInChromium, screenshot } from './chromium.js';
import {
  approveInThread,
  type LocalAppInBrowser,
  openLocalApp,
  REQUESTER,
  requestGroup,
  STEP_TIMEOUT,
  viewAs,
  WEB_TEMPLATE,
} from './local-app.js';

describeInChromium('editing rules in a browser: a diff, and a group changed before the approval', (chromiumPath) => {
  let local: LocalAppInBrowser;
  let page: Page;

  beforeAll(async () => {
    local = await openLocalApp(chromiumPath);
    page = local.page;
  }, 60_000);

  afterAll(() => local?.stop());

  const shot = (name: string) => screenshot(page, `edit-${name}`);
  const dialog = () => page.getByRole('dialog');
  const thread = () => page.getByRole('complementary', { name: 'Thread' });
  const messages = () => page.locator('#messages article.message');
  const textOf = async (locator: Locator) => (await locator.textContent()) ?? '';

  it('plans an edit as a diff, applies nothing once the group changed, and re-plans from its rules now', async () => {
    // A group made from the web template, approved and created.
    const created = await requestGroup(page, WEB_TEMPLATE, 'edit-me');
    await approveInThread(page, created);
    await expect.poll(() => textOf(created), STEP_TIMEOUT).toMatch(/edit-me \(sg-[0-9a-z]{8}\)/);
    const groupId = (await textOf(created)).match(/sg-[0-9a-z]{8}/)?.[0] ?? '';

    // Edit rules on its final card: the form holds its rules now, one per line.
    await viewAs(page, REQUESTER);
    await created.getByRole('button', { name: 'Edit rules' }).click();
    await dialog().getByRole('heading', { name: 'Edit rules' }).waitFor(STEP_TIMEOUT);
    const inbound = dialog().getByLabel('Inbound rules (from the source)');
    await expect.poll(() => inbound.inputValue(), STEP_TIMEOUT).toContain('0.0.0.0/0 TCP:3389 Allow');
    const lines = (await inbound.inputValue()).split('\n');
    // Remove remote desktop (two lines), narrow SSH to the office, add Postgres from the VPC.
    const next = lines
      .filter((line) => !line.includes('TCP:3389'))
      .map((line) => line.replace('0.0.0.0/0 TCP:22 Allow', '203.0.113.0/24 TCP:22 Allow'));
    await inbound.fill([...next, '10.0.0.0/8 TCP:5432 Allow Postgres from the VPC'].join('\n'));
    await shot('01-form');
    await dialog().getByRole('button', { name: 'Plan the change' }).click();
    await dialog().waitFor({ state: 'detached', ...STEP_TIMEOUT });

    const edit = messages().filter({ hasText: 'Edit rules request' }).last();
    await edit.waitFor(STEP_TIMEOUT);
    const plan = await textOf(edit);
    expect(plan).toContain('Planned change');
    expect(plan).toContain('Inbound rules: 1 added, 2 removed, 1 changed');
    expect(plan).toContain('0.0.0.0/0 · TCP:3389 · Allow');
    expect(plan).toContain('203.0.113.0/24 · TCP:22 · Allow');
    expect(plan).toContain('10.0.0.0/8 · TCP:5432 · Allow · Postgres from the VPC');
    await edit.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('02-plan');

    // Someone changes the group in the console before the approval.
    const outside = await callWithSdk(
      local.app.emulatorUrl ?? '',
      'vpc',
      'CreateSecurityGroupPolicies',
      {
        SecurityGroupId: groupId,
        SecurityGroupPolicySet: {
          Ingress: [
            { Protocol: 'UDP', Port: '53', CidrBlock: '10.0.0.0/8', Action: 'ACCEPT', PolicyDescription: 'DNS' },
          ],
        },
      },
      { region: 'ap-guangzhou', secretId: local.config.emulator.secretId, secretKey: local.config.emulator.secretKey },
    );
    expect(outside.ok).toBe(true);

    await approveInThread(page, edit);
    const conflict = thread().locator('article.message').filter({ hasText: 'What changed meanwhile' });
    await conflict.waitFor(STEP_TIMEOUT);
    expect(await textOf(conflict)).toContain(`The rules of ${groupId} changed since`);
    expect(await textOf(conflict)).toContain('nothing was applied');
    expect(await textOf(conflict)).toContain('10.0.0.0/8 · UDP:53 · Allow · DNS');
    await shot('03-changed-since-plan');

    // Re-plan: the same change, planned on the rules the group has now, keeping the rule added meanwhile.
    await viewAs(page, REQUESTER);
    await conflict.getByRole('button', { name: 'Re-plan' }).click();
    // It is shown in the thread of the request it re-plans.
    const again = thread()
      .locator('article.message')
      .filter({ hasText: 'Edit rules request' })
      .filter({ hasText: 'Pending approval' });
    await again.waitFor(STEP_TIMEOUT);
    expect(await textOf(again)).toContain('Inbound rules: 1 added, 2 removed, 1 changed');
    const againTs = await again.getAttribute('data-ts');
    await approveInThread(page, edit);
    const applied = thread().locator(`article.message[data-ts="${againTs}"]`);
    await expect.poll(() => textOf(applied), STEP_TIMEOUT).toContain(`Rules of ${groupId} changed`);
    // The rule added in the console is kept, and the card says it came from outside secgroup.
    expect(await textOf(applied)).toMatch(/Changed outside secgroup[\s\S]*10.0.0.0\/8 · UDP:53/);
    await applied.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('04-replanned-and-applied');
  }, 120_000);
});
