import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalWorkspace } from '../../../../src/devtools/local-workspace/server.js';
import { recordingLogger } from '../../../helpers/recording-logger.js';
import { CHANNEL, REQUESTER, type Setup, startWorkspaceWithFakeBot } from './harness.js';

/** A raw request, so the Host header can be anything (fetch always sends the real one). */
function rawGet(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local workspace: the server itself', () => {
  let setup: Setup;

  beforeEach(async () => {
    setup = await startWorkspaceWithFakeBot();
  });

  afterEach(async () => {
    await setup.stop();
  });

  it('listens on 127.0.0.1 and refuses any other host', async () => {
    expect(setup.workspace.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(setup.workspace.apiUrl).toBe(`${setup.workspace.url}/api/`);
    await expect(
      startLocalWorkspace({
        host: '0.0.0.0' as '127.0.0.1',
        port: 0,
        botEventsUrl: 'http://127.0.0.1:9/slack/events',
        signingSecret: 's',
        botToken: 'xoxb-x',
        log: recordingLogger(),
      }),
    ).rejects.toThrow('127.0.0.1 only');
  });

  it('serves the page with a strict Content-Security-Policy and a local notice', async () => {
    const res = await fetch(`${setup.workspace.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('LOCAL development workspace');
    expect(html).toContain('not Slack');
    for (const file of ['app.js', 'block-kit.js', 'mrkdwn.js', 'style.css']) {
      expect((await fetch(`${setup.workspace.url}/page/${file}`)).status).toBe(200);
    }
    expect((await fetch(`${setup.workspace.url}/page/..%2Fserver.ts`)).status).toBe(404);
    expect((await fetch(`${setup.workspace.url}/page/secret.txt`)).status).toBe(404);
  });

  it('serves its own favicon (an SVG at /favicon.ico, named by the page), nothing from elsewhere', async () => {
    const res = await fetch(`${setup.workspace.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>\s*<title>/);
    const html = await (await fetch(`${setup.workspace.url}/`)).text();
    expect(html).toContain('<link rel="icon" href="/favicon.ico" type="image/svg+xml" />');
    // No address outside this server: every src and href is a path on it.
    expect(html.match(/(?:src|href)="[^"]*"/g)?.every((attr) => /="\/[^/]/.test(attr))).toBe(true);
  });

  it('answers only requests addressed to 127.0.0.1 or localhost (no DNS rebinding)', async () => {
    const port = new URL(setup.workspace.url).port;
    expect(await rawGet(`${setup.workspace.url}/ui/state`, `127.0.0.1:${port}`)).toBe(200);
    expect(await rawGet(`${setup.workspace.url}/ui/state`, `localhost:${port}`)).toBe(200);
    expect(await rawGet(`${setup.workspace.url}/ui/state`, `evil.example:${port}`)).toBe(403);
  });

  it("refuses the page's actions from another origin or without a JSON body", async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${setup.workspace.url}/ui/compose`, { method: 'POST', headers, body });
    const json = JSON.stringify({ user: REQUESTER, channel: CHANNEL, text: 'hi' });
    const foreign = await post({ 'content-type': 'application/json', origin: 'https://evil.example' }, json);
    expect(foreign.status).toBe(403);
    const form = await post({ 'content-type': 'application/x-www-form-urlencoded' }, `payload=${json}`);
    expect(form.status).toBe(400);
    expect(await form.json()).toEqual({ ok: false, error: 'send a JSON body (application/json)' });
    const same = await post({ 'content-type': 'application/json', origin: setup.workspace.url }, json);
    expect(same.status).toBe(200);
  });

  it('pushes a change event to the page over Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${setup.workspace.url}/ui/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = decoder.decode((await reader.read()).value);
    expect(seen).toContain('event: change');
    await fetch(`${setup.workspace.url}/ui/compose`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: REQUESTER, channel: CHANNEL, text: 'hello' }),
    });
    while (!seen.includes('data: 1\n')) seen += decoder.decode((await reader.read()).value);
    expect(seen).toContain('event: change\ndata: 1\n');
    controller.abort();
  });

  it('refuses a body over 1 MB', async () => {
    const res = await fetch(`${setup.workspace.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `text=${'x'.repeat(1_100_000)}`,
    });
    expect(res.status).toBe(413);
  });
});
