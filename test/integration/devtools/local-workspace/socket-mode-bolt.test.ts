/**
 * A real Bolt app in Socket Mode (socketMode: true, an app-level token, clientOptions.slackApiUrl
 * at the workspace) against the local workspace delivering over Socket Mode: Bolt's
 * @slack/socket-mode client opens the connection with apps.connections.open, receives the
 * envelopes and acknowledges them, and reconnects when the workspace refreshes or drops it.
 */
import { App, LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalWorkspace, startLocalWorkspace } from '../../../../src/devtools/local-workspace/server.js';
import { recordingLogger } from '../../../helpers/recording-logger.js';
import { APPROVER, BOT_TOKEN, CHANNEL, CHANNEL_WITHOUT_BOT, callApi, REQUESTER, snapshot, ui } from './harness.js';

const APP_TOKEN = 'xapp-1-A0LOCALAPP-1-local-test-app-token';

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

// biome-ignore lint/suspicious/noExplicitAny: the page's JSON snapshot
const texts = (messages: any[]) => messages.map((m) => [m.text, m.threadTs]);

/** A Bolt app with the listeners the HTTP Bolt test has, counting what each ran. */
function socketModeApp(workspace: LocalWorkspace, appToken = APP_TOKEN) {
  const ran = { commands: 0, submissions: 0, approvals: 0, joins: 0 };
  const errors: unknown[] = [];
  const app = new App({
    token: BOT_TOKEN,
    appToken,
    socketMode: true,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: workspace.apiUrl, retryConfig: { retries: 0 } },
  });
  app.error(async (error) => {
    errors.push(error);
  });
  app.command('/secgroup', async ({ ack, body, client }) => {
    ran.commands += 1;
    if (body.text === 'new') {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: MODAL });
    } else {
      // The acknowledgement's payload is the command's answer, as over HTTP.
      await ack({ text: `Unknown: ${body.text}` });
    }
  });
  app.view('new_group', async ({ ack, view, body, client }) => {
    ran.submissions += 1;
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
    ran.approvals += 1;
    await ack();
    if (body.type !== 'block_actions' || !body.message || !body.channel) return;
    await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
    await client.chat.postMessage({
      channel: body.channel.id,
      thread_ts: body.message.ts,
      text: 'Created sg-1a2b3c4d',
    });
  });
  app.event('member_joined_channel', async ({ event, client }) => {
    ran.joins += 1;
    await client.chat.postMessage({ channel: event.channel, text: `Thanks for adding me, <@${event.inviter}>` });
  });
  return { app, ran, errors };
}

describe('local workspace in Socket Mode with a real Bolt app', () => {
  let workspace: LocalWorkspace;
  let app: App | undefined;

  beforeEach(async () => {
    workspace = await startLocalWorkspace({
      port: 0,
      transport: 'socket',
      appToken: APP_TOKEN,
      botToken: BOT_TOKEN,
      log: recordingLogger(),
      botEvents: ['member_joined_channel'],
    });
  });

  afterEach(async () => {
    await app?.stop();
    app = undefined;
    // The app's client closes its connection itself; closing the workspace under it would log errors.
    await vi.waitFor(() => expect(connectionIds()).toEqual([]));
    await workspace.stop();
  });

  const connectionIds = () => (workspace.socketMode?.connections() ?? []).map((c) => c.id);

  it('plays command → modal → inline errors → (refresh) → submit → (dropped connection) → approve, each delivered once', {
    timeout: 60_000,
  }, async () => {
    const bolt = socketModeApp(workspace);
    app = bolt.app;
    await app.start();
    const [first] = connectionIds();
    expect(first).toBeDefined();

    await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup new' });
    const opened = await vi.waitFor(async () => {
      const modal = (await snapshot(workspace, REQUESTER)).modal;
      expect(modal).not.toBeNull();
      return modal;
    });
    const tooLong = await ui(workspace, 'view-submit', {
      user: REQUESTER,
      viewId: opened.id,
      values: { name: { name: 'x'.repeat(61) } },
    });
    expect(tooLong.body).toEqual({ ok: true });
    // The acknowledgement's payload (response_action: errors) reached the modal.
    expect((await snapshot(workspace, REQUESTER)).modal.errors).toEqual({ name: 'At most 60 characters.' });

    // Slack refreshes the connection: the app's client leaves and opens a new one.
    expect(workspace.socketMode?.disconnect('refresh_requested')).toBe(1);
    await vi.waitFor(
      () => {
        expect(connectionIds()).toHaveLength(1);
        expect(connectionIds()).not.toContain(first);
      },
      { timeout: 20_000 },
    );

    await ui(workspace, 'view-submit', { user: REQUESTER, viewId: opened.id, values: { name: { name: 'web-prod' } } });
    expect((await snapshot(workspace, REQUESTER)).modal).toBeNull();
    const card = await vi.waitFor(async () => {
      const [message] = (await snapshot(workspace, APPROVER)).messages;
      expect(message?.text).toBe(`Request by <@${REQUESTER}>: web-prod`);
      return message;
    });

    // The network drops the connection; a click made before the app is back waits for it.
    const second = connectionIds()[0];
    workspace.socketMode?.disconnect('drop');
    await vi.waitFor(() => expect(connectionIds()).toEqual([]));
    expect(second).not.toBe(first);
    const click = await ui(workspace, 'action', {
      user: APPROVER,
      channel: CHANNEL,
      ts: card.ts,
      blockId: 'decide',
      actionId: 'approve',
    });
    expect(click.body).toEqual({ ok: true });
    await vi.waitFor(async () => {
      expect(texts((await snapshot(workspace, REQUESTER)).messages)).toEqual([
        [`Approved by <@${APPROVER}>`, null],
        ['Created sg-1a2b3c4d', card.ts],
      ]);
    });
    expect(bolt.ran).toEqual({ commands: 1, submissions: 2, approvals: 1, joins: 0 });
    expect(bolt.errors).toEqual([]);
  });

  it("shows an acknowledgement's text payload to the user who ran the command, as an ephemeral answer", async () => {
    const bolt = socketModeApp(workspace);
    app = bolt.app;
    await app.start();
    await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup frobnicate' });
    expect((await snapshot(workspace, REQUESTER)).messages).toEqual([
      expect.objectContaining({ text: 'Unknown: frobnicate', ephemeral: true }),
    ]);
    expect((await snapshot(workspace, APPROVER)).messages).toEqual([]);
  });

  it('delivers member_joined_channel as an events_api envelope when someone runs /invite @secgroup', async () => {
    const bolt = socketModeApp(workspace);
    app = bolt.app;
    await app.start();
    await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL_WITHOUT_BOT, text: '/invite @secgroup' });
    await vi.waitFor(async () => {
      expect(texts((await snapshot(workspace, APPROVER, CHANNEL_WITHOUT_BOT)).messages)).toEqual([
        ['<@U0LOCALBOT> has joined the channel', null],
        [`Thanks for adding me, <@${REQUESTER}>`, null],
      ]);
    });
    expect(bolt.ran.joins).toBe(1);
  });

  it('refuses a wrong app-level token as Slack does (invalid_auth), and the app does not start', async () => {
    const bolt = socketModeApp(workspace, 'xapp-1-A0LOCALAPP-1-wrong');
    await expect(bolt.app.start()).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    expect(connectionIds()).toEqual([]);
    const open = workspace.calls().filter((c) => c.method === 'apps.connections.open');
    expect(open.map((c) => c.error)).toEqual(['invalid_auth']);
    await bolt.app.stop();
  });

  it('checks tokens as Slack does: the app-level token only in the header, and each token only for its own methods', async () => {
    const open = (headers: Record<string, string>, body = '') =>
      fetch(`${workspace.apiUrl}apps.connections.open`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      }).then((r) => r.json());
    expect(await open({ authorization: `Bearer ${APP_TOKEN}` })).toEqual({
      ok: true,
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f-]{36}&app_id=A0LOCALAPP$/),
    });
    expect(await open({})).toEqual({ ok: false, error: 'not_authed' });
    // "passing it as a POST parameter will result in an error" (docs.slack.dev/reference/methods/apps.connections.open)
    expect(await open({}, `token=${APP_TOKEN}`)).toEqual({ ok: false, error: 'not_authed' });
    expect(await open({ authorization: 'Bearer xapp-1-A0LOCALAPP-1-wrong' })).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await open({ authorization: `Bearer ${BOT_TOKEN}` })).toEqual({
      ok: false,
      error: 'not_allowed_token_type',
    });
    const withAppToken = await callApi(workspace, 'chat.postMessage', { channel: CHANNEL, text: 'x' }, APP_TOKEN);
    expect(withAppToken.body).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });
});
