/**
 * The local workspace page across a restart, in a real browser: /invite @secgroup in the channel
 * the app is not in, a card and a thread there, a choice of "Viewing as"; then the workspace
 * restarts on the same port with the same state file, and a fresh page shows it all as it was.
 * The page's favicon is its own, and the browser asks nothing of any other address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  APPROVER,
  CHANNEL_WITHOUT_BOT,
  callApi,
  REQUESTER,
  type Setup,
  startWorkspaceWithFakeBot,
} from '../integration/devtools/local-workspace/harness.js';
import { describeInChromium, type LaunchedBrowser, launchChromium, screenshot } from './chromium.js';
import { typeMessage } from './local-app.js';

describeInChromium('local workspace page across a restart', (chromiumPath) => {
  let dir: string;
  let setup: Setup | undefined;
  let browser: LaunchedBrowser;
  const requested: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-workspace-restart-'));
    setup = await startWorkspaceWithFakeBot({ stateFile: join(dir, 'local-workspace.json') });
    browser = await launchChromium(chromiumPath);
    browser.context.on('request', (request) => requested.push(request.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await setup?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async (query = ''): Promise<Page> => {
    const page = await browser.context.newPage();
    await page.goto(`${setup?.workspace.url}/${query}`);
    await expect.poll(() => page.locator('.local-banner').textContent()).toContain('this is not Slack');
    return page;
  };

  it('adds the app with /invite, then shows the channel as it was after a restart', async () => {
    const workspace = () => (setup as Setup).workspace;
    const page = await open(`?user=${REQUESTER}&channel=${CHANNEL_WITHOUT_BOT}`);
    expect(await page.locator('.channel-warning').textContent()).toContain('/invite @secgroup');

    await typeMessage(page, '/invite @secgroup');
    const joined = page.locator('article.system-message');
    await expect.poll(() => joined.textContent()).toContain('@secgroup has joined the channel');
    expect(await joined.textContent()).toContain('added by Riley (requester)');
    await expect.poll(() => page.locator('.channel-warning').count()).toBe(0);
    await screenshot(page, 'workspace-invited');

    const card = await callApi(workspace(), 'chat.postMessage', {
      channel: CHANNEL_WITHOUT_BOT,
      text: 'Security group request req-7',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Security group request* req-7' } }],
    });
    await callApi(workspace(), 'chat.postMessage', {
      channel: CHANNEL_WITHOUT_BOT,
      thread_ts: card.body.ts,
      text: 'Please review',
    });
    await page.getByLabel('Viewing as').selectOption(APPROVER);
    await expect.poll(() => page.getByLabel('Viewing as').inputValue()).toBe(APPROVER);
    await expect.poll(() => page.getByRole('button', { name: '1 reply' }).count()).toBe(1);
    // The page tells the workspace its choice on its own time: wait until the workspace has it.
    await expect.poll(async () => (await (await fetch(`${workspace().url}/ui/state`)).json()).me).toBe(APPROVER);

    // Restart on the same port with the same file; the open page reconnects by itself.
    const port = Number(new URL(workspace().url).port);
    const stateFile = join(dir, 'local-workspace.json');
    await setup?.stop();
    setup = await startWorkspaceWithFakeBot({ stateFile, port });
    expect(workspace().url).toBe(`http://127.0.0.1:${port}`);

    // A fresh page without ?user= or ?channel= opens as the last choice, on the same channel.
    const fresh = await open();
    await expect.poll(() => fresh.getByLabel('Viewing as').inputValue()).toBe(APPROVER);
    expect(await fresh.locator('.channel-name').textContent()).toBe('# random-without-bot');
    await expect.poll(() => fresh.locator('article.message').count()).toBe(2);
    expect(await fresh.locator('article.system-message').textContent()).toContain('has joined the channel');
    expect(await fresh.locator('article.message').last().textContent()).toContain('Security group request req-7');
    expect(await fresh.getByRole('button', { name: '1 reply' }).count()).toBe(1);
    expect(await fresh.locator('.channel-warning').count()).toBe(0);
    await screenshot(fresh, 'workspace-after-restart');

    // The page that was open all along reconnects by itself and follows the restarted workspace.
    await callApi(workspace(), 'chat.postMessage', { channel: CHANNEL_WITHOUT_BOT, text: 'After the restart' });
    await expect.poll(() => page.locator('article.message').last().textContent()).toContain('After the restart');
    expect(await page.locator('article.message').count()).toBe(3);
  });

  it('serves its own favicon, and the browser asked nothing outside the workspace', async () => {
    const page = await open();
    const icon = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
      const res = await fetch(link?.href ?? '');
      return { href: link?.href, status: res.status, type: res.headers.get('content-type') };
    });
    expect(icon).toEqual({
      href: `${setup?.workspace.url}/favicon.ico`,
      status: 200,
      type: 'image/svg+xml',
    });
    const origin = new URL(setup?.workspace.url ?? '').origin;
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  });
});
