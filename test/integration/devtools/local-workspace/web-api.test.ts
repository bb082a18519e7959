import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APPROVER,
  BOT_TOKEN,
  CHANNEL,
  CHANNEL_WITHOUT_BOT,
  callApi,
  REQUESTER,
  type Setup,
  snapshot,
  startWorkspaceWithFakeBot,
} from './harness.js';
import { reference, shapeDifferences } from './shape.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('local workspace: the Web API subset', () => {
  let setup: Setup;
  let client: WebClient;

  beforeEach(async () => {
    setup = await startWorkspaceWithFakeBot();
    client = new WebClient(BOT_TOKEN, { slackApiUrl: setup.workspace.apiUrl, retryConfig: { retries: 0 } });
  });

  afterEach(async () => {
    await setup.stop();
  });

  it('answers auth.test with the bot identity, shaped like Slack answers a bot token', async () => {
    const answer = await client.auth.test();
    expect(shapeDifferences(answer, reference('api.auth.test.bot.json'))).toEqual([]);
    expect(answer).toMatchObject({ ok: true, user_id: 'U0LOCALBOT', bot_id: 'B0LOCALBOT', team_id: 'T0LOCAL01' });
    expect(answer.url).toBe(`${setup.workspace.url}/`);
  });

  it("takes the WebClient's form-encoded chat.postMessage (blocks as a JSON string) and shows the message", async () => {
    const posted = await client.chat.postMessage({
      channel: CHANNEL,
      text: 'Request sr-1 is pending',
      blocks: [section('*Request* sr-1'), { type: 'divider' }],
    });
    expect(
      shapeDifferences(posted, reference('api.chat.postMessage.json'), [
        // The reference shows a legacy webhook-style message; bot-token messages carry none of these.
        'message.attachments',
        'message.subtype',
        'message.username',
      ]),
    ).toEqual([]);
    expect(posted.channel).toBe(CHANNEL);
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);

    const call = setup.workspace.calls().at(-1);
    expect(call).toMatchObject({ method: 'chat.postMessage', ok: true, status: 200 });
    expect(call?.args.blocks).toEqual([section('*Request* sr-1'), { type: 'divider' }]);
    expect(call?.args).not.toHaveProperty('token');

    for (const user of [REQUESTER, APPROVER]) {
      const seen = await snapshot(setup.workspace, user);
      expect(seen.messages).toHaveLength(1);
      expect(seen.messages[0]).toMatchObject({ ts: posted.ts, user: 'U0LOCALBOT', text: 'Request sr-1 is pending' });
      // Slack gives every block a block_id.
      expect(seen.messages[0].blocks.every((b: { block_id?: string }) => typeof b.block_id === 'string')).toBe(true);
    }
  });

  it('posts thread replies under their parent', async () => {
    const parent = await client.chat.postMessage({ channel: CHANNEL, text: 'card' });
    const reply = await client.chat.postMessage({ channel: CHANNEL, text: 'reply', thread_ts: parent.ts });
    expect(reply.message?.thread_ts).toBe(parent.ts);
    const seen = await snapshot(setup.workspace, REQUESTER);
    expect(seen.messages.map((m: { text: string; threadTs: string | null }) => [m.text, m.threadTs])).toEqual([
      ['card', null],
      ['reply', parent.ts],
    ]);
  });

  it('updates a message in place with chat.update, keeping its blocks when none are sent', async () => {
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: 'pending', blocks: [section('pending')] });
    const updated = await client.chat.update({ channel: CHANNEL, ts: posted.ts as string, text: 'approved' });
    expect(shapeDifferences(updated, reference('api.chat.update.json'))).toEqual([]);
    expect(updated).toMatchObject({ ok: true, channel: CHANNEL, ts: posted.ts, text: 'approved' });

    const seen = await snapshot(setup.workspace, REQUESTER);
    expect(seen.messages).toHaveLength(1);
    expect(seen.messages[0]).toMatchObject({ ts: posted.ts, text: 'approved', edited: true });
    expect(seen.messages[0].blocks[0].text.text).toBe('pending');

    await client.chat.update({ channel: CHANNEL, ts: posted.ts as string, blocks: [section('approved')] });
    expect((await snapshot(setup.workspace, REQUESTER)).messages[0].blocks[0].text.text).toBe('approved');
  });

  it('answers chat.postEphemeral with message_ts and shows the message to that user only', async () => {
    const answer = await client.chat.postEphemeral({ channel: CHANNEL, user: REQUESTER, text: 'only you' });
    expect(shapeDifferences(answer, reference('api.chat.postEphemeral.json'))).toEqual([]);
    expect(answer).not.toHaveProperty('ts');

    const mine = await snapshot(setup.workspace, REQUESTER);
    expect(mine.messages).toEqual([expect.objectContaining({ text: 'only you', ephemeral: true })]);
    expect((await snapshot(setup.workspace, APPROVER)).messages).toEqual([]);
  });

  it('describes the workspace: conversations.info, users.info, usergroups.users.list', async () => {
    const info = await client.conversations.info({ channel: CHANNEL });
    expect(shapeDifferences(info, reference('api.conversations.info.json'))).toEqual([]);
    expect(info.channel).toMatchObject({ id: CHANNEL, name: 'cloud-requests', is_member: true });
    expect((await client.conversations.info({ channel: CHANNEL_WITHOUT_BOT })).channel?.is_member).toBe(false);

    const user = await client.users.info({ user: APPROVER });
    expect(user.user).toMatchObject({ id: APPROVER, is_bot: false, real_name: 'Alex (approver)' });

    const group = await client.usergroups.users.list({ usergroup: 'S0LOCALAPPR' });
    expect(shapeDifferences(group, reference('api.usergroups.users.list.json'))).toEqual([]);
    expect(group.users).toEqual(['U0LOCALAP1', 'U0LOCALAP2']);
  });

  it('refuses a call without a token (not_authed) and with a wrong one (invalid_auth)', async () => {
    const none = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'x' }, null);
    expect(none.body).toEqual({ ok: false, error: 'not_authed' });
    const wrong = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'x' }, 'xoxb-wrong');
    expect(wrong.status).toBe(200);
    expect(wrong.body).toEqual(reference('api.error.invalid_auth.json'));
    expect((await snapshot(setup.workspace, REQUESTER)).messages).toEqual([]);
  });

  it('answers channel_not_found for an unknown channel and not_in_channel where the bot is not a member', async () => {
    const unknown = await callApi(setup.workspace, 'chat.postMessage', { channel: 'C0NOSUCH', text: 'x' });
    expect(unknown.body).toEqual(reference('api.error.channel_not_found.json'));
    const outside = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL_WITHOUT_BOT, text: 'x' });
    expect(outside.body).toEqual(reference('api.error.not_in_channel.json'));
    await expect(client.chat.postMessage({ channel: CHANNEL_WITHOUT_BOT, text: 'x' })).rejects.toMatchObject({
      data: { ok: false, error: 'not_in_channel' },
    });
  });

  it('refuses more than 50 blocks and a section over 3000 characters with invalid_blocks, storing nothing', async () => {
    const tooMany = await callApi(setup.workspace, 'chat.postMessage', {
      channel: CHANNEL,
      text: 'x',
      blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })),
    });
    expect(tooMany.body).toEqual({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    const tooLong = await callApi(setup.workspace, 'chat.postMessage', {
      channel: CHANNEL,
      text: 'x',
      blocks: [section('a'.repeat(3001))],
    });
    expect(tooLong.body.error).toBe('invalid_blocks');
    expect(tooLong.body.response_metadata.messages).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const fits = await callApi(setup.workspace, 'chat.postMessage', {
      channel: CHANNEL,
      text: 'x',
      blocks: [section('a'.repeat(3000))],
    });
    expect(fits.body.ok).toBe(true);
    expect((await snapshot(setup.workspace, REQUESTER)).messages).toHaveLength(1);
  });

  it('answers no_text, invalid_blocks_format, message_not_found, cant_update_message and unknown_method', async () => {
    const call = (method: string, args: Record<string, unknown>) => callApi(setup.workspace, method, args);
    expect((await call('chat.postMessage', { channel: CHANNEL })).body.error).toBe('no_text');
    expect((await call('chat.postMessage', { channel: CHANNEL, blocks: '[{' })).body.error).toBe(
      'invalid_blocks_format',
    );
    expect((await call('chat.update', { channel: CHANNEL, ts: '1.000001', text: 'x' })).body.error).toBe(
      'message_not_found',
    );
    await fetch(`${setup.workspace.url}/ui/compose`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: REQUESTER, channel: CHANNEL, text: 'hello from a person' }),
    });
    const personal = (await snapshot(setup.workspace, REQUESTER)).messages[0];
    expect((await call('chat.update', { channel: CHANNEL, ts: personal.ts, text: 'x' })).body.error).toBe(
      'cant_update_message',
    );
    expect((await call('files.upload', {})).body).toEqual({
      ok: false,
      error: 'unknown_method',
      req_method: 'files.upload',
    });
  });

  it('records every call, failed ones too, without the token', async () => {
    await callApi(setup.workspace, 'chat.postMessage', { channel: 'C0NOSUCH', text: 'x' });
    await client.auth.test();
    const calls = setup.workspace.calls();
    expect(calls.map((c) => [c.method, c.ok, c.error])).toEqual([
      ['chat.postMessage', false, 'channel_not_found'],
      ['auth.test', true, undefined],
    ]);
    expect(JSON.stringify(calls)).not.toContain(BOT_TOKEN);
  });
});
