/**
 * `/invite @secgroup`, as Slack runs it: a built-in command that never reaches the app, adding
 * the bot to the channel with Slack's channel_join notice, after which the bot may post there.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLocalWorkspace } from '../../../../src/devtools/local-workspace/server.js';
import { recordingLogger } from '../../../helpers/recording-logger.js';
import {
  APPROVER,
  BOT_TOKEN,
  CHANNEL,
  CHANNEL_WITHOUT_BOT,
  callApi,
  REQUESTER,
  type Setup,
  SIGNING_SECRET,
  snapshot,
  startWorkspaceWithFakeBot,
  ui,
} from './harness.js';
import { reference, shapeDifferences } from './shape.js';

const BOT_USER = 'U0LOCALBOT';
const invite = (setup: Setup, text: string, channel = CHANNEL_WITHOUT_BOT, user = REQUESTER) =>
  ui(setup.workspace, 'compose', { user, channel, text });

describe('local workspace: /invite', () => {
  let setup: Setup | undefined;

  afterEach(async () => {
    await setup?.stop();
    setup = undefined;
  });

  const start = async (options: { botEvents?: string[] } = {}) => {
    setup = await startWorkspaceWithFakeBot(options);
    return setup;
  };

  it('adds the bot to a channel it is not in, with the channel_join notice, and lets it post there', async () => {
    const s = await start();
    const refused = await callApi(s.workspace, 'chat.postMessage', { channel: CHANNEL_WITHOUT_BOT, text: 'hi' });
    expect(refused.body).toEqual({ ok: false, error: 'not_in_channel' });

    expect((await invite(s, '/invite @secgroup')).body).toEqual({ ok: true });

    // Everyone in the channel sees it, as Slack's message: the bot's user, subtype channel_join, the inviter.
    const seen = await snapshot(s.workspace, APPROVER, CHANNEL_WITHOUT_BOT);
    expect(seen.messages).toEqual([
      expect.objectContaining({
        user: BOT_USER,
        text: `<@${BOT_USER}> has joined the channel`,
        subtype: 'channel_join',
        inviter: REQUESTER,
        ephemeral: false,
      }),
    ]);
    expect(seen.channels.find((c: { id: string }) => c.id === CHANNEL_WITHOUT_BOT).botIsMember).toBe(true);
    const info = await callApi(s.workspace, 'conversations.info', { channel: CHANNEL_WITHOUT_BOT });
    expect(info.body.channel.is_member).toBe(true);
    const posted = await callApi(s.workspace, 'chat.postMessage', { channel: CHANNEL_WITHOUT_BOT, text: 'hi' });
    expect(posted.body.ok).toBe(true);
    // Slack's notice is not the bot's to edit.
    const edit = await callApi(s.workspace, 'chat.update', {
      channel: CHANNEL_WITHOUT_BOT,
      ts: seen.messages[0].ts,
      text: 'x',
    });
    expect(edit.body).toEqual({ ok: false, error: 'cant_update_message' });
    // A built-in command: the app never hears of it.
    expect(s.bot.received).toEqual([]);
  });

  it('takes the bot by mention too, and tells the person privately when there is nothing to do', async () => {
    const s = await start();
    expect((await invite(s, `/invite <@${BOT_USER}|secgroup>`)).body).toEqual({ ok: true });
    await invite(s, '/invite @secgroup');
    await invite(s, '/invite @alex');
    const nobody = await invite(s, '/invite @nobody');
    expect(nobody.body).toEqual({ ok: false, error: 'no such user: @nobody' });
    await invite(s, '/invite', CHANNEL);

    const notices = (await snapshot(s.workspace, REQUESTER, CHANNEL_WITHOUT_BOT)).messages
      .filter((m: { ephemeral: boolean }) => m.ephemeral)
      .map((m: { text: string }) => m.text);
    expect(notices).toEqual([
      'secgroup is already in #random-without-bot.',
      'Alex (approver) is already in #random-without-bot.',
      'No one in this workspace is called @nobody. Try `/invite @secgroup`.',
    ]);
    expect((await snapshot(s.workspace, APPROVER, CHANNEL_WITHOUT_BOT)).messages).toHaveLength(1);
    expect((await snapshot(s.workspace, REQUESTER, CHANNEL)).messages.map((m: { text: string }) => m.text)).toEqual([
      'Name who to add to this channel, for example `/invite @secgroup`.',
    ]);
    expect(s.bot.received).toEqual([]);
  });

  it('tells an app subscribed to member_joined_channel, with the Events API payload Slack sends', async () => {
    const s = await start({ botEvents: ['member_joined_channel'] });
    await invite(s, '/invite @secgroup');
    const event = await vi.waitFor(() => {
      const received = s.bot.received[0];
      expect(received?.json).toBeDefined();
      return received;
    });
    expect(event?.signatureValid).toBe(true);
    expect(event?.headers['content-type']).toBe('application/json');
    expect(
      shapeDifferences(event?.json, reference('event_callback.member_joined_channel.json'), ['event.enterprise']),
    ).toEqual([]);
    expect(event?.json.event).toMatchObject({
      type: 'member_joined_channel',
      user: BOT_USER,
      channel: CHANNEL_WITHOUT_BOT,
      inviter: REQUESTER,
    });
  });

  it("reaches a real Bolt app's app.event('member_joined_channel') over HTTP", async () => {
    let botUrl = '';
    const workspace = await startLocalWorkspace({
      port: 0,
      botEventsUrl: () => botUrl,
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      log: recordingLogger(),
      botEvents: ['member_joined_channel'],
    });
    const app = new App({
      token: BOT_TOKEN,
      receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' }),
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: workspace.apiUrl, retryConfig: { retries: 0 } },
    });
    app.event('member_joined_channel', async ({ event, client }) => {
      await client.chat.postMessage({ channel: event.channel, text: `Thanks for adding me, <@${event.inviter}>` });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    try {
      await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL_WITHOUT_BOT, text: '/invite @secgroup' });
      await vi.waitFor(async () => {
        const texts = (await snapshot(workspace, APPROVER, CHANNEL_WITHOUT_BOT)).messages.map(
          (m: { text: string }) => m.text,
        );
        expect(texts).toEqual([`<@${BOT_USER}> has joined the channel`, `Thanks for adding me, <@${REQUESTER}>`]);
      });
    } finally {
      await app.stop();
      await workspace.stop();
    }
  });
});
