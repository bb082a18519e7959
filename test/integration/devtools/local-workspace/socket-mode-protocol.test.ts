/**
 * The local workspace's Socket Mode, message by message, with a bare WebSocket client standing in
 * for the app: the one-time URL, hello, envelopes and their fields, acknowledgements, disconnect
 * messages, pings, the connection limit, and what happens to an envelope when its connection
 * closes before it was acknowledged. Field-level facts are pinned to Slack's docs
 * (https://docs.slack.dev/apis/events-api/using-socket-mode) and to envelopes captured in
 * slackapi/python-slack-sdk (tests/slack_sdk/socket_mode/mock_socket_mode_server.py), copied
 * into ./reference.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  type LocalWorkspace,
  type SocketModeSettings,
  startLocalWorkspace,
} from '../../../../src/devtools/local-workspace/server.js';
import { recordingLogger } from '../../../helpers/recording-logger.js';
import { APPROVER, BOT_TOKEN, CHANNEL, CHANNEL_WITHOUT_BOT, REQUESTER, snapshot, ui } from './harness.js';
import { reference, shapeDifferences } from './shape.js';

const APP_TOKEN = 'xapp-1-A0LOCALAPP-1-local-protocol-token';

// biome-ignore lint/suspicious/noExplicitAny: Socket Mode messages are JSON, inspected field by field
type Message = any;

/** A bare Socket Mode client: every message it receives, in order, and whether it was closed. */
interface RawClient {
  ws: WebSocket;
  messages: Message[];
  closed: boolean;
  /** The next message matching `match`, waiting for it. */
  next(match: (m: Message) => boolean): Promise<Message>;
  send(message: object): void;
}

async function openUrl(workspace: LocalWorkspace): Promise<string> {
  const res = await fetch(`${workspace.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${APP_TOKEN}` },
  });
  const body = (await res.json()) as { ok: boolean; url: string };
  if (!body.ok) throw new Error(`apps.connections.open: ${JSON.stringify(body)}`);
  return body.url;
}

async function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
  const ws = new WebSocket(url, options);
  const client: RawClient = {
    ws,
    messages: [],
    closed: false,
    next: (match) =>
      vi.waitFor(
        () => {
          const found = client.messages.find(match);
          expect(found).toBeDefined();
          client.messages.splice(client.messages.indexOf(found), 1);
          return found;
        },
        { timeout: 5_000 },
      ),
    send: (message) => ws.send(JSON.stringify(message)),
  };
  ws.on('message', (data) => client.messages.push(JSON.parse(data.toString())));
  ws.on('close', () => {
    client.closed = true;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return client;
}

const isHello = (m: Message) => m.type === 'hello';
const envelopeOf = (type: string) => (m: Message) => m.type === type && typeof m.envelope_id === 'string';

describe('local workspace: the Socket Mode protocol', () => {
  let workspace: LocalWorkspace;
  let log: ReturnType<typeof recordingLogger>;
  const clients: RawClient[] = [];

  const start = async (settings: SocketModeSettings = {}, botEvents: string[] = []) => {
    log = recordingLogger();
    workspace = await startLocalWorkspace({
      port: 0,
      transport: 'socket',
      appToken: APP_TOKEN,
      botToken: BOT_TOKEN,
      log,
      socketMode: settings,
      botEvents,
    });
    return workspace;
  };
  const client = async (options?: WebSocket.ClientOptions, url?: string) => {
    const opened = await connect(url ?? (await openUrl(workspace)), options);
    clients.push(opened);
    return opened;
  };

  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await workspace.stop();
    // Neither token, nor a connection's one-time ticket, ever reaches the log.
    expect(log.texts().filter((l) => l.includes(APP_TOKEN) || l.includes(BOT_TOKEN) || l.includes('ticket='))).toEqual(
      [],
    );
    expect(log.texts().some((l) => l.includes('Socket Mode'))).toBe(true);
  });

  it('greets each connection with hello as Slack does, and hands out one-time URLs', async () => {
    await start();
    const first = await client();
    const hello = await first.next(isHello);
    expect(shapeDifferences(hello, reference('socket-mode.hello.json'))).toEqual([]);
    expect(hello).toMatchObject({
      num_connections: 1,
      connection_info: { app_id: 'A0LOCALAPP' },
      debug_info: {
        approximate_connection_time: 3600,
        started: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/),
      },
    });
    const second = await client();
    expect((await second.next(isHello)).num_connections).toBe(2);

    // A ticket is good for one connection; a made-up one for none.
    const url = await openUrl(workspace);
    clients.push(await connect(url));
    await expect(connect(url)).rejects.toThrow('HTTP 401');
    await expect(connect(url.replace(/ticket=[^&]+/, 'ticket=made-up'))).rejects.toThrow('HTTP 401');
    // "append &debug_reconnects=true ... connection time significantly shorter (360 seconds)"
    const debug = await client(undefined, `${await openUrl(workspace)}&debug_reconnects=true`);
    expect((await debug.next(isHello)).debug_info.approximate_connection_time).toBe(360);
  });

  it('sends a slash command as a slash_commands envelope that accepts a response, and shows the ack payload', async () => {
    await start();
    const app = await client();
    await app.next(isHello);
    const typed = ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup help' });
    const command = await app.next(envelopeOf('slash_commands'));
    expect(shapeDifferences(command, reference('socket-mode.slash_commands.json'))).toEqual([]);
    expect(command.accepts_response_payload).toBe(true);
    expect(command).not.toHaveProperty('retry_attempt');
    expect(command.payload).toMatchObject({
      command: '/secgroup',
      text: 'help',
      user_id: REQUESTER,
      channel_id: CHANNEL,
    });
    app.send({ envelope_id: command.envelope_id, payload: { text: 'Usage: /secgroup new' } });
    expect((await typed).body).toEqual({ ok: true });
    expect((await snapshot(workspace, REQUESTER)).messages).toEqual([
      expect.objectContaining({ text: 'Usage: /secgroup new', ephemeral: true }),
    ]);
  });

  it('sends clicks and submissions as interactive envelopes; only a submission accepts a response', async () => {
    await start();
    const app = await client();
    await app.next(isHello);
    const typed = ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup new' });
    const command = await app.next(envelopeOf('slash_commands'));
    const opened = await fetch(`${workspace.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        trigger_id: command.payload.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'new_group',
          title: { type: 'plain_text', text: 'New group' },
          submit: { type: 'plain_text', text: 'Submit' },
          blocks: [
            {
              type: 'input',
              block_id: 'name',
              label: { type: 'plain_text', text: 'Name' },
              element: { type: 'plain_text_input', action_id: 'name' },
            },
            {
              type: 'actions',
              block_id: 'more',
              elements: [{ type: 'button', action_id: 'hint', text: { type: 'plain_text', text: 'Hint' } }],
            },
          ],
        },
      }),
    }).then((r) => r.json());
    app.send({ envelope_id: command.envelope_id, payload: {} });
    await typed;

    const clicked = ui(workspace, 'view-action', {
      user: REQUESTER,
      viewId: opened.view.id,
      blockId: 'more',
      actionId: 'hint',
      values: {},
    });
    const click = await app.next(envelopeOf('interactive'));
    expect(shapeDifferences(click, reference('socket-mode.interactive.block_actions.json'))).toEqual([]);
    expect([click.payload.type, click.accepts_response_payload]).toEqual(['block_actions', false]);
    app.send({ envelope_id: click.envelope_id, payload: {} });
    expect((await clicked).body).toEqual({ ok: true });

    const submitted = ui(workspace, 'view-submit', {
      user: REQUESTER,
      viewId: opened.view.id,
      values: { name: { name: '' } },
    });
    const submission = await app.next(envelopeOf('interactive'));
    expect([submission.payload.type, submission.accepts_response_payload]).toEqual(['view_submission', true]);
    app.send({
      envelope_id: submission.envelope_id,
      payload: { response_action: 'errors', errors: { name: 'Give the group a name.' } },
    });
    await submitted;
    expect((await snapshot(workspace, REQUESTER)).modal.errors).toEqual({ name: 'Give the group a name.' });
  });

  it('sends events as events_api envelopes with retry_attempt and retry_reason', async () => {
    await start({}, ['member_joined_channel']);
    const app = await client();
    await app.next(isHello);
    await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL_WITHOUT_BOT, text: '/invite @secgroup' });
    const event = await app.next(envelopeOf('events_api'));
    expect(shapeDifferences(event, reference('socket-mode.events_api.json'), ['payload.event'])).toEqual([]);
    expect(event).toMatchObject({ accepts_response_payload: false, retry_attempt: 0, retry_reason: '' });
    expect(event.payload.event).toMatchObject({ type: 'member_joined_channel', channel: CHANNEL_WITHOUT_BOT });
    app.send({ envelope_id: event.envelope_id });
  });

  it('sends an envelope again on the next connection when its connection closes unacknowledged, never once acknowledged', async () => {
    await start({}, ['member_joined_channel']);
    const first = await client();
    await first.next(isHello);
    const typed = ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup help' });
    const lost = await first.next(envelopeOf('slash_commands'));
    first.ws.terminate();

    const second = await client();
    await second.next(isHello);
    const again = await second.next(envelopeOf('slash_commands'));
    expect(again.envelope_id).toBe(lost.envelope_id);
    // Built again when sent again: a fresh trigger_id, with its own 3 seconds.
    expect(again.payload.trigger_id).not.toBe(lost.payload.trigger_id);
    second.send({ envelope_id: again.envelope_id, payload: { text: 'once' } });
    expect((await typed).body).toEqual({ ok: true });

    // An event sent again says so (retry_attempt 1, retry_reason "timeout", as Slack's retries do).
    await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL_WITHOUT_BOT, text: '/invite @secgroup' });
    const event = await second.next(envelopeOf('events_api'));
    second.ws.terminate();
    const third = await client();
    const retried = await third.next(envelopeOf('events_api'));
    expect(retried).toMatchObject({ envelope_id: event.envelope_id, retry_attempt: 1, retry_reason: 'timeout' });
    expect(retried.payload.event_id).toBe(event.payload.event_id);
    third.send({ envelope_id: retried.envelope_id });

    // The acknowledged command was not sent to the third connection.
    const listed = ui(workspace, 'compose', { user: APPROVER, channel: CHANNEL, text: '/secgroup list' });
    const next = await third.next(envelopeOf('slash_commands'));
    expect(next.payload.text).toBe('list');
    third.send({ envelope_id: next.envelope_id });
    expect((await listed).body).toEqual({ ok: true });
    expect(third.messages.filter((m: Message) => m.envelope_id === lost.envelope_id)).toEqual([]);
    expect(
      (await snapshot(workspace, REQUESTER)).messages.filter((m: { text: string }) => m.text === 'once'),
    ).toHaveLength(1);
  });

  it('fails with dispatch_failed when no app connects in time, and operation_timeout when it does not acknowledge', async () => {
    await start({ reconnectWaitMs: 200 });
    const nobody = await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup new' });
    expect(nobody.body).toEqual({ ok: false, error: '/secgroup failed with the error "dispatch_failed"' });

    const silent = await client();
    await silent.next(isHello);
    const ignored = await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup new' });
    expect(ignored.body).toEqual({ ok: false, error: '/secgroup failed with the error "operation_timeout"' });
  });

  it('tells connections to leave with Slack disconnect messages, and sends retiring ones no new envelopes', async () => {
    await start({ warningLeadMs: 200 });
    const app = await client();
    await app.next(isHello);
    expect(workspace.socketMode?.disconnect('warning')).toBe(1);
    expect(await app.next((m) => m.type === 'disconnect')).toEqual({
      type: 'disconnect',
      reason: 'warning',
      debug_info: { host: expect.stringMatching(/^applink-/) },
    });
    // A warning comes about 10 s (here 200 ms) before the refresh itself.
    expect((await app.next((m) => m.type === 'disconnect')).reason).toBe('refresh_requested');
    expect(workspace.socketMode?.connections()).toEqual([expect.objectContaining({ retiring: true })]);

    const fresh = await client();
    await fresh.next(isHello);
    const typed = ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup help' });
    const command = await fresh.next(envelopeOf('slash_commands'));
    fresh.send({ envelope_id: command.envelope_id });
    await typed;
    expect(app.messages.filter((m: Message) => m.envelope_id)).toEqual([]);

    expect(workspace.socketMode?.disconnect('link_disabled')).toBe(1);
    expect(await fresh.next((m) => m.type === 'disconnect')).toMatchObject({ reason: 'link_disabled' });

    // The admin endpoint does the same for a person with curl.
    const admin = await fetch(`${workspace.url}/__admin/socket-mode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'now' }),
    });
    expect(admin.status).toBe(400);
    const listed = await (await fetch(`${workspace.url}/__admin/socket-mode`)).json();
    expect(listed.connections).toHaveLength(2);
  });

  it('refreshes a connection when its lifetime is up', async () => {
    await start({ connectionLifetimeMs: 300, warningLeadMs: 100 });
    const app = await client();
    expect((await app.next(isHello)).debug_info.approximate_connection_time).toBe(0);
    expect((await app.next((m) => m.type === 'disconnect')).reason).toBe('warning');
    expect((await app.next((m) => m.type === 'disconnect')).reason).toBe('refresh_requested');
  });

  it('pings each connection and closes one that stops answering', async () => {
    await start({ pingIntervalMs: 100 });
    const answering = await client();
    let pings = 0;
    answering.ws.on('ping', () => {
      pings += 1;
    });
    const mute = await client({ autoPong: false });
    await vi.waitFor(() => expect(mute.closed).toBe(true));
    expect(pings).toBeGreaterThan(0);
    expect(answering.closed).toBe(false);
  });

  it('allows 10 connections and tells an 11th too_many_websockets', async () => {
    await start();
    for (let i = 0; i < 10; i += 1) await (await client()).next(isHello);
    const eleventh = await client();
    expect(await eleventh.next((m) => m.type === 'disconnect')).toMatchObject({ reason: 'too_many_websockets' });
    await vi.waitFor(() => expect(eleventh.closed).toBe(true));
    expect(workspace.socketMode?.connections()).toHaveLength(10);
  });

  it('answers no WebSocket on another path, and none over HTTP delivery', async () => {
    await start();
    const url = (await openUrl(workspace)).replace('/link/', '/other/');
    await expect(connect(url)).rejects.toThrow('HTTP 404');
    await workspace.stop();
    workspace = await startLocalWorkspace({
      port: 0,
      botEventsUrl: 'http://127.0.0.1:9/slack/events',
      signingSecret: 'x',
      botToken: BOT_TOKEN,
      log: recordingLogger(),
    });
    const open = await fetch(`${workspace.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${APP_TOKEN}` },
    });
    expect(await open.json()).toEqual({ ok: false, error: 'invalid_auth' });
    expect(workspace.socketMode).toBeUndefined();
  });
});
