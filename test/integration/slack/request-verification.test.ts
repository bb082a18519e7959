import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../../src/devtools/local-workspace/slack-signature.js';
import { encodeSlackBody, sendUnsigned } from '../../helpers/slack-request.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { slashCommand } from './payloads.js';

let t: TestSecgroup;
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  await t.stop();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('HTTP receiver: only requests signed by Slack, within 5 minutes either way, reach a listener', () => {
  it('answers a correctly signed command', async () => {
    const res = await t.send('command', slashCommand('help', { response_url: t.slackApi.responseUrl('help') }));
    expect(res.status).toBe(200);
    await expect.poll(() => t.slackApi.responses.length).toBe(1);
  });

  it('refuses an unsigned request with 401 and runs no listener', async () => {
    const res = await sendUnsigned(t.url, 'command', slashCommand('new'));
    expect(res.status).toBe(401);
    expect(t.slackApi.calls).toEqual([]);
  });

  it('refuses a request signed with another secret', async () => {
    const { body, contentType } = encodeSlackBody('command', slashCommand('new'));
    const ts = nowSeconds();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest('not-the-secret', ts, body),
      },
      body,
    });
    expect(res.status).toBe(401);
    expect(t.slackApi.calls).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const { body, contentType } = encodeSlackBody('command', slashCommand('help'));
    const ts = nowSeconds();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(t.signingSecret, ts, body),
      },
      body: body.replace('text=help', 'text=new'),
    });
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed request more than 5 minutes old', async () => {
    const res = await t.send('command', slashCommand('new'), { timestampSeconds: nowSeconds() - 6 * 60 });
    expect(res.status).toBe(401);
    expect(t.slackApi.calls).toEqual([]);
  });

  it('refuses a correctly signed request more than 5 minutes in the future', async () => {
    const res = await t.send('command', slashCommand('new'), { timestampSeconds: nowSeconds() + 6 * 60 });
    expect(res.status).toBe(401);
    expect(t.slackApi.calls).toEqual([]);
    expect(t.logger.lines.some((l) => l.text.includes('more than 5 minutes in the future'))).toBe(true);
  });

  it('accepts a request a little ahead of our clock (Slack and we may differ by seconds)', async () => {
    const res = await t.send('command', slashCommand('help', { response_url: t.slackApi.responseUrl('help') }), {
      timestampSeconds: nowSeconds() + 60,
    });
    expect(res.status).toBe(200);
  });
});
