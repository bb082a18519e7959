/**
 * A real Bolt app (HTTPReceiver, WebClient) against the local workspace: Bolt verifies the
 * workspace's signatures, parses its payloads and calls its Web API with no adaptation.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalWorkspace, startLocalWorkspace } from '../../../../src/devtools/local-workspace/server.js';
import { recordingLogger } from '../../../helpers/recording-logger.js';
import { APPROVER, BOT_TOKEN, CHANNEL, REQUESTER, SIGNING_SECRET, snapshot, ui } from './harness.js';

const MODAL = {
  type: 'modal' as const,
  callback_id: 'new_group',
  title: { type: 'plain_text' as const, text: 'New group' },
  submit: { type: 'plain_text' as const, text: 'Submit' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'name',
      label: { type: 'plain_text' as const, text: 'Name' },
      element: { type: 'plain_text_input' as const, action_id: 'name' },
    },
  ],
};

describe('local workspace with a real Bolt app', () => {
  let workspace: LocalWorkspace;
  let app: App;
  let botUrl = '';
  const appErrors: unknown[] = [];

  beforeEach(async () => {
    workspace = await startLocalWorkspace({
      port: 0,
      botEventsUrl: () => botUrl,
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      log: recordingLogger(),
    });
    const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' });
    app = new App({
      token: BOT_TOKEN,
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: workspace.apiUrl, retryConfig: { retries: 0 } },
    });
    app.error(async (error) => {
      appErrors.push(error);
    });

    app.command('/secgroup', async ({ ack, body, client, respond }) => {
      await ack();
      if (body.text === 'new') await client.views.open({ trigger_id: body.trigger_id, view: MODAL });
      else await respond({ text: `Unknown: ${body.text}` });
    });
    app.view('new_group', async ({ ack, view, body, client }) => {
      const name = view.state.values.name?.name?.value ?? '';
      if (name.length > 60) {
        await ack({ response_action: 'errors', errors: { name: 'At most 60 characters.' } });
        return;
      }
      await ack();
      await client.chat.postMessage({
        channel: CHANNEL,
        text: `Request by <@${body.user.id}>: ${name}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `Request by <@${body.user.id}>: ${name}` } },
          {
            type: 'actions',
            block_id: 'decide',
            elements: [
              { type: 'button', action_id: 'approve', value: name, text: { type: 'plain_text', text: 'Approve' } },
            ],
          },
        ],
      });
    });
    app.action('approve', async ({ ack, body, respond, client }) => {
      await ack();
      if (body.type !== 'block_actions' || !body.message || !body.channel) return;
      await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
      await client.chat.postMessage({
        channel: body.channel.id,
        thread_ts: body.message.ts,
        text: 'Created sg-1a2b3c4d',
      });
    });

    const server = await app.start({ port: 0, host: '127.0.0.1' });
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(async () => {
    await app.stop();
    await workspace.stop();
    appErrors.length = 0;
  });

  it('plays command → modal → inline error → submit → approve in the thread', async () => {
    await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup new' });
    const opened = await vi.waitFor(async () => {
      const modal = (await snapshot(workspace, REQUESTER)).modal;
      expect(modal).not.toBeNull();
      return modal;
    });

    await ui(workspace, 'view-submit', {
      user: REQUESTER,
      viewId: opened.id,
      values: { name: { name: 'x'.repeat(61) } },
    });
    expect((await snapshot(workspace, REQUESTER)).modal.errors).toEqual({ name: 'At most 60 characters.' });

    await ui(workspace, 'view-submit', { user: REQUESTER, viewId: opened.id, values: { name: { name: 'web-prod' } } });
    expect((await snapshot(workspace, REQUESTER)).modal).toBeNull();
    const card = await vi.waitFor(async () => {
      const [message] = (await snapshot(workspace, APPROVER)).messages;
      expect(message?.text).toBe(`Request by <@${REQUESTER}>: web-prod`);
      return message;
    });

    await ui(workspace, 'action', {
      user: APPROVER,
      channel: CHANNEL,
      ts: card.ts,
      blockId: 'decide',
      actionId: 'approve',
    });
    await vi.waitFor(async () => {
      const messages = (await snapshot(workspace, REQUESTER)).messages;
      expect(messages.map((m: { text: string; threadTs: string | null }) => [m.text, m.threadTs])).toEqual([
        [`Approved by <@${APPROVER}>`, null],
        ['Created sg-1a2b3c4d', card.ts],
      ]);
    });
    expect(appErrors).toEqual([]);
    expect(workspace.calls().map((c) => c.method)).toEqual(
      expect.arrayContaining(['auth.test', 'views.open', 'chat.postMessage']),
    );
  });

  it("delivers respond() to the command's response_url as an ephemeral message", async () => {
    await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup frobnicate' });
    await vi.waitFor(async () => {
      const messages = (await snapshot(workspace, REQUESTER)).messages;
      expect(messages).toEqual([expect.objectContaining({ text: 'Unknown: frobnicate', ephemeral: true })]);
    });
    expect((await snapshot(workspace, APPROVER)).messages).toEqual([]);
  });
});
