import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, CHANNEL, callApi, REQUESTER, type Setup, snapshot, startWorkspaceWithFakeBot } from './harness.js';
import { reference } from './shape.js';

async function admin(setup: Setup, body: unknown) {
  const res = await fetch(`${setup.workspace.url}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('local workspace: injected faults', () => {
  let setup: Setup;

  beforeEach(async () => {
    setup = await startWorkspaceWithFakeBot();
  });

  afterEach(async () => {
    await setup.stop();
  });

  it("answers a 429 with Retry-After and Slack's exact body, for the given count only", async () => {
    setup.workspace.setFaults({ method: 'chat.postMessage', status: 429, retryAfter: 7, count: 1 });
    const limited = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toEqual(reference('api.error.ratelimited.json'));
    expect((await snapshot(setup.workspace, REQUESTER)).messages).toEqual([]);

    const next = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'x' });
    expect(next.status).toBe(200);
    expect(next.body.ok).toBe(true);
  });

  it('lets a WebClient with retries on honour Retry-After and succeed on its second try', async () => {
    setup.workspace.setFaults({ method: 'chat.postMessage', status: 429, retryAfter: 0, count: 1 });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: setup.workspace.apiUrl, retryConfig: { retries: 2 } });
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: 'after a 429' });
    expect(posted.ok).toBe(true);
    expect(setup.workspace.calls().map((c) => [c.method, c.status])).toEqual([
      ['chat.postMessage', 429],
      ['chat.postMessage', 200],
    ]);
    expect((await snapshot(setup.workspace, REQUESTER)).messages).toHaveLength(1);
  });

  it('answers a 5xx fault with that status and no JSON, touching nothing', async () => {
    setup.workspace.setFaults({ method: '*', status: 503 });
    const failed = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'x' });
    expect(failed.status).toBe(503);
    expect(typeof failed.body).toBe('string');
    expect((await snapshot(setup.workspace, REQUESTER)).messages).toEqual([]);
  });

  it('answers an injected Slack error code as HTTP 200 { ok: false, error }, only for that method', async () => {
    setup.workspace.setFaults({ method: 'chat.update', error: 'not_in_channel' });
    const posted = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'x' });
    expect(posted.body.ok).toBe(true);
    const update = await callApi(setup.workspace, 'chat.update', { channel: CHANNEL, ts: posted.body.ts, text: 'y' });
    expect(update).toMatchObject({ status: 200, body: reference('api.error.not_in_channel.json') });
    expect((await snapshot(setup.workspace, REQUESTER)).messages[0].text).toBe('x');
  });

  it('applies a fault at rate 1 always and at rate 0 never', async () => {
    setup.workspace.setFaults({ method: 'auth.test', error: 'fatal_error', rate: 0 });
    for (let i = 0; i < 5; i++) expect((await callApi(setup.workspace, 'auth.test', {})).body.ok).toBe(true);
    setup.workspace.setFaults({ method: 'auth.test', error: 'fatal_error', rate: 1 });
    for (let i = 0; i < 5; i++)
      expect((await callApi(setup.workspace, 'auth.test', {})).body.error).toBe('fatal_error');
    setup.workspace.setFaults([]);
    expect((await callApi(setup.workspace, 'auth.test', {})).body.ok).toBe(true);
  });

  it('takes faults over POST /__admin/faults, lists them, and explains a bad one', async () => {
    const set = await admin(setup, [{ method: 'views.open', error: 'expired_trigger_id', count: 2 }]);
    expect(set).toEqual({
      status: 200,
      body: { ok: true, faults: [{ method: 'views.open', error: 'expired_trigger_id', count: 2 }] },
    });
    const listed = await fetch(`${setup.workspace.url}/__admin/faults`);
    expect((await listed.json()).faults).toHaveLength(1);

    const bad = await admin(setup, { method: 'chat.postMessage' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('give a status (429, 500, 502, 503), an error code, or delayMs');
    const badMethod = await admin(setup, { method: 'not a method', status: 500 });
    expect(badMethod.body.error).toContain('a Web API method such as chat.postMessage');
    // The refused requests left the earlier fault in place.
    expect((await (await fetch(`${setup.workspace.url}/__admin/faults`)).json()).faults).toHaveLength(1);
  });
});
