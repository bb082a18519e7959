/**
 * The local workspace page in a real browser, with a fake bot: Block Kit and mrkdwn rendering
 * (safely), ephemeral messages, threads, the user switcher, and modals with inline errors.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import {
  APPROVER,
  CHANNEL,
  callApi,
  REQUESTER,
  type Setup,
  startWorkspaceWithFakeBot,
} from '../integration/devtools/local-workspace/harness.js';
import { describeInChromium, type LaunchedBrowser, launchChromium, screenshot } from './chromium.js';

const plain = (text: string) => ({ type: 'plain_text', text });

const MODAL = {
  type: 'modal',
  callback_id: 'new_group',
  title: plain('New security group'),
  submit: plain('Submit'),
  close: plain('Cancel'),
  blocks: [
    {
      type: 'input',
      block_id: 'region',
      label: plain('Region'),
      element: {
        type: 'static_select',
        action_id: 'region',
        options: [
          { text: plain('Guangzhou (ap-guangzhou)'), value: 'ap-guangzhou' },
          { text: plain('Shanghai (ap-shanghai)'), value: 'ap-shanghai' },
        ],
        initial_option: { text: plain('Guangzhou (ap-guangzhou)'), value: 'ap-guangzhou' },
      },
    },
    {
      type: 'input',
      block_id: 'template',
      label: plain('Template'),
      element: {
        type: 'radio_buttons',
        action_id: 'template',
        options: [
          { text: { type: 'mrkdwn', text: '*Open all ports* :warning:' }, value: 'open-all' },
          { text: { type: 'mrkdwn', text: '*Custom*' }, value: 'custom', description: plain('A blank group') },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'name',
      label: plain('Name'),
      hint: plain('Up to 60 characters.'),
      element: { type: 'plain_text_input', action_id: 'name', max_length: 60 },
    },
    {
      type: 'input',
      block_id: 'notes',
      optional: true,
      label: plain('Notes'),
      element: { type: 'plain_text_input', action_id: 'notes', multiline: true },
    },
  ],
};

describeInChromium('local workspace page in Chromium', (chromiumPath) => {
  let setup: Setup;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    setup = await startWorkspaceWithFakeBot();
    browser = await launchChromium(chromiumPath);
    page = await browser.context.newPage();
    await page.goto(`${setup.workspace.url}/?user=${REQUESTER}&channel=${CHANNEL}`);
  });

  afterAll(async () => {
    await browser?.close();
    await setup?.stop();
  });

  it('says on the page that it is a local workspace, not Slack', async () => {
    await expect.poll(() => page.locator('.local-banner').textContent()).toContain('LOCAL development workspace');
    expect(await page.title()).toContain('not Slack');
    expect(await page.locator('.local-footer').textContent()).toContain('127.0.0.1');
  });

  it('renders Block Kit and mrkdwn, with a visible placeholder for an unknown block', async () => {
    await callApi(setup.workspace, 'chat.postMessage', {
      channel: CHANNEL,
      text: 'fallback',
      blocks: [
        { type: 'header', text: plain('Request sr-1') },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Bold* _italic_ `code` <@U0LOCALAP1> <https://example.com/doc|the docs>' },
          fields: [
            { type: 'mrkdwn', text: '*Region*\nap-guangzhou' },
            { type: 'mrkdwn', text: '*Status*\n:hourglass: pending' },
          ],
          accessory: { type: 'button', action_id: 'details', text: plain('Details'), value: 'sr-1' },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Requested by <@U0LOCALREQ>' }] },
        { type: 'divider' },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Inbound rules*\n```Protocol  Port\nTCP       22```' },
        },
        {
          type: 'rich_text',
          elements: [
            { type: 'rich_text_section', elements: [{ type: 'text', text: 'rich bold', style: { bold: true } }] },
            { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'ALL  0.0.0.0/0' }] },
            {
              type: 'rich_text_list',
              style: 'bullet',
              elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'first item' }] }],
            },
          ],
        },
        {
          type: 'actions',
          block_id: 'decide',
          elements: [
            { type: 'button', action_id: 'approve', style: 'primary', text: plain('Approve'), value: 'sr-1' },
            { type: 'button', action_id: 'reject', style: 'danger', text: plain('Reject'), value: 'sr-1' },
          ],
        },
        { type: 'hologram', text: 'from the future' },
      ],
    });
    const message = page.locator('article.message').last();
    await expect.poll(() => message.locator('.bk-header').textContent()).toBe('Request sr-1');
    expect(await message.locator('strong').first().textContent()).toBe('Bold');
    expect(await message.locator('em').first().textContent()).toBe('italic');
    expect(await message.locator('code').first().textContent()).toBe('code');
    expect(await message.locator('.mention').first().textContent()).toBe('@Alex (approver)');
    expect(await message.locator('a').first().getAttribute('href')).toBe('https://example.com/doc');
    expect(await message.locator('.bk-field').count()).toBe(2);
    expect(await message.locator('.bk-field').last().textContent()).toContain('⌛ pending');
    expect(await message.locator('pre').first().textContent()).toBe('Protocol  Port\nTCP       22');
    expect(await message.locator('.bk-rich-pre').textContent()).toBe('ALL  0.0.0.0/0');
    expect(await message.locator('.bk-rich-list li').textContent()).toBe('first item');
    expect(await message.locator('.bk-button.primary').textContent()).toBe('Approve');
    expect(await message.locator('.bk-button.danger').textContent()).toBe('Reject');
    expect(await message.locator('.bk-unsupported').textContent()).toBe('Unsupported block: hologram');
    await screenshot(page, 'rendering-blocks');
  });

  it('shows what people and apps typed as text, never as markup', async () => {
    await page.evaluate(() => {
      (window as unknown as { __xss?: number }).__xss = undefined;
    });
    await callApi(setup.workspace, 'chat.postMessage', {
      channel: CHANNEL,
      text: '&lt;img src=x onerror="window.__xss=1"&gt; <javascript:window.__xss=2|click me> <!channel> &amp;',
    });
    const message = page.locator('article.message').last();
    await expect
      .poll(() => message.locator('.message-text').textContent())
      .toBe('<img src=x onerror="window.__xss=1"> click me @channel &');
    expect(await message.locator('img').count()).toBe(0);
    expect(await message.locator('a').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('sends a button click to the bot as block_actions', async () => {
    const before = setup.bot.received.length;
    await page
      .locator('article.message')
      .filter({ hasText: 'Request sr-1' })
      .getByRole('button', { name: 'Approve' })
      .click();
    await vi.waitFor(() => expect(setup.bot.received.length).toBe(before + 1));
    expect(setup.bot.received.at(-1)?.payload).toMatchObject({
      type: 'block_actions',
      user: { id: REQUESTER },
      actions: [{ action_id: 'approve', value: 'sr-1' }],
    });
  });

  it('shows ephemeral messages only to their user, and threads in a side pane', async () => {
    const parent = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'Thread parent' });
    await callApi(setup.workspace, 'chat.postMessage', {
      channel: CHANNEL,
      text: 'A reply',
      thread_ts: parent.body.ts,
    });
    await callApi(setup.workspace, 'chat.postEphemeral', { channel: CHANNEL, user: REQUESTER, text: 'Just for Riley' });

    const ephemeral = page.locator('article.message.ephemeral').filter({ hasText: 'Just for Riley' });
    await expect.poll(() => ephemeral.count()).toBe(1);
    expect(await ephemeral.textContent()).toContain('Only visible to you');

    await page
      .locator('article.message')
      .filter({ hasText: 'Thread parent' })
      .getByRole('button', { name: '1 reply' })
      .click();
    const pane = page.getByRole('complementary', { name: 'Thread' });
    await expect.poll(() => pane.isVisible()).toBe(true);
    expect(await pane.locator('article.message').last().textContent()).toContain('A reply');
    await screenshot(page, 'rendering-thread-and-ephemeral');

    await page.getByLabel('Viewing as').selectOption(APPROVER);
    await expect.poll(() => page.locator('article.message.ephemeral').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('user')).toBe(APPROVER);
    await page.getByLabel('Viewing as').selectOption(REQUESTER);
    await expect.poll(() => page.locator('article.message.ephemeral').count()).toBe(1);
  });

  it("runs a slash command, shows the modal, checks limits inline, and shows the app's errors", async () => {
    setup.bot.reply(async (req) => {
      if (req.form.get('command') === '/secgroup') {
        await callApi(setup.workspace, 'views.open', { trigger_id: req.form.get('trigger_id'), view: MODAL });
        return { status: 200 };
      }
      if (req.payload?.type === 'view_submission') {
        const name = req.payload.view.state.values.name.name.value as string;
        if (name === 'taken') return { json: { response_action: 'errors', errors: { name: 'That name is taken.' } } };
      }
      return { status: 200 };
    });
    await page.getByLabel('Message', { exact: true }).fill('/secgroup new');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('heading').first().textContent()).toBe('New security group');
    expect(await dialog.getByLabel('Region').inputValue()).toBe('ap-guangzhou');

    await dialog.getByLabel('Custom').check();
    await dialog.getByLabel('Name').fill('n'.repeat(61));
    await dialog.getByRole('button', { name: 'Submit' }).click();
    const nameBlock = dialog.locator('.bk-input').filter({ hasText: 'Name' }).first();
    await expect
      .poll(() => nameBlock.locator('.bk-error').textContent())
      .toBe('Please enter no more than 60 characters.');
    const sentBefore = setup.bot.received.length;

    await dialog.getByLabel('Name').fill('taken');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => nameBlock.locator('.bk-error').textContent()).toBe('That name is taken.');
    expect(setup.bot.received.length).toBe(sentBefore + 1);
    await screenshot(page, 'rendering-modal-error');

    await dialog.getByLabel('Name').fill('web-prod');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const submitted = setup.bot.received.at(-1)?.payload;
    expect(submitted.view.state.values).toMatchObject({
      region: { region: { selected_option: { value: 'ap-guangzhou' } } },
      template: { template: { selected_option: { value: 'custom' } } },
      name: { name: { value: 'web-prod' } },
      notes: { notes: { value: null } },
    });
  });
});
