import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../../src/devtools/local-workspace/slack-signature.js';
import { encodeSlackBody, sendRawSigned, sendUnsigned } from '../../helpers/slack-request.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { newGroupSubmission, slashCommand } from './payloads.js';

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

/** A signed request the app must answer before any listener runs, and the proof it did not run one. */
async function expectNothingProcessed() {
  // A genuine request afterwards is answered, so anything the refused one had set going would show by now.
  const probe = await t.send('command', slashCommand('help', { response_url: t.slackApi.responseUrl('probe') }));
  expect(probe.status).toBe(200);
  await expect.poll(() => t.slackApi.responses.map((r) => r.name)).toEqual(['probe']);
  expect(t.slackApi.calls).toEqual([]);
  expect((await t.service.history({ limit: 10 })).items).toEqual([]);
}

describe('HTTP receiver: a timestamp that is not plain seconds since the epoch is refused', () => {
  const now = String(nowSeconds());
  // Each is signed over the text Bolt's own check would compute from the header (`v0:${Number(header)}:…`),
  // the strongest a forger who holds a signed body could do; a real Slack request is always plain seconds.
  const timestamps: [string, string, string][] = [
    ['Infinity', 'Infinity', 'Infinity'],
    ['1e400 (read as Infinity)', '1e400', 'Infinity'],
    ['an exponent', `${Number(now) / 10}e1`, now],
    ['NaN', 'NaN', 'NaN'],
    ['negative', '-1', '-1'],
    ['negative now', `-${now}`, `-${now}`],
    ['fractional', `${now}.5`, `${now}.5`],
    ['empty', '', '0'],
    ['hex', `0x${Number(now).toString(16)}`, now],
    ['a plus sign', `+${now}`, now],
    ['spaces inside', `${now.slice(0, 5)} ${now.slice(5)}`, 'NaN'],
    ['two values', `${now}, ${now}`, 'NaN'],
  ];

  it.each(timestamps)('%s: 401 and nothing processed', async (_name, header, signedOver) => {
    for (const [kind, payload] of [
      ['command', slashCommand('new', { response_url: t.slackApi.responseUrl('refused') })],
      ['interaction', newGroupSubmission({ name: 'forged' })],
    ] as const) {
      const { body, contentType } = encodeSlackBody(kind, payload);
      const res = await sendRawSigned(t.url, {
        body,
        contentType,
        signingSecret: t.signingSecret,
        timestampHeader: header,
        signedTimestamp: signedOver,
      });
      expect(res.status).toBe(401);
    }
    await expectNothingProcessed();
  });

  it('the same request with the timestamp as Slack writes it is accepted', async () => {
    const { body, contentType } = encodeSlackBody(
      'command',
      slashCommand('help', { response_url: t.slackApi.responseUrl('plain') }),
    );
    const res = await sendRawSigned(t.url, { body, contentType, signingSecret: t.signingSecret });
    expect(res.status).toBe(200);
    await expect.poll(() => t.slackApi.responses.map((r) => r.name)).toEqual(['plain']);
  });
});

describe('HTTP receiver: a signed body Slack would never send gets a 400, and the app keeps serving', () => {
  const FORM = 'application/x-www-form-urlencoded';
  const JSON_TYPE = 'application/json';
  const form = (payload: string) => new URLSearchParams({ payload }).toString();
  const without = (field: string) =>
    Object.fromEntries(Object.entries(slashCommand('history')).filter(([name]) => name !== field));
  const malformed: [string, string, string][] = [
    ['payload=null', FORM, form('null')],
    ['a JSON body null', JSON_TYPE, 'null'],
    ['payload not JSON', FORM, form('{"type":')],
    ['payload an array', FORM, form('[{"type":"block_actions"}]')],
    ['payload a number', FORM, form('42')],
    ['payload a string', FORM, form('"block_actions"')],
    ['payload true', FORM, form('true')],
    ['payload without a type', FORM, form('{"user":{"id":"U0REQUESTER"}}')],
    ['payload with a type that is not text', FORM, form('{"type":{"x":1}}')],
    ['payload given twice', FORM, `${form('{"type":"block_actions"}')}&${form('{"type":"block_actions"}')}`],
    ['a form submission without its view', FORM, form('{"type":"view_submission","user":{"id":"U0REQUESTER"}}')],
    ['a click without a user', FORM, form('{"type":"block_actions","actions":[{"action_id":"secgroup_approve"}]}')],
    ['a click whose action is null', FORM, form('{"type":"block_actions","user":{"id":"U1"},"actions":[null]}')],
    ['an event callback without its event', JSON_TYPE, '{"type":"event_callback","event":null}'],
    ['a form that is neither a command nor a payload', FORM, 'user_id=U0REQUESTER&text=new'],
    ['a command without its text', FORM, new URLSearchParams(without('text')).toString()],
    ['a command without its response_url', FORM, new URLSearchParams(without('response_url')).toString()],
    ['a JSON body that is a string', JSON_TYPE, '"event_callback"'],
    ['a JSON body that is a number', JSON_TYPE, '7'],
    ['a JSON body that is an array', JSON_TYPE, '[]'],
    ['a JSON object without a type', JSON_TYPE, '{"event":{}}'],
    ['a body that is not JSON', JSON_TYPE, 'not json'],
    ['an empty body', JSON_TYPE, ''],
  ];

  it.each(malformed)('%s: 400, no listener runs, and the next request is served', async (_name, contentType, body) => {
    const res = await sendRawSigned(t.url, { body, contentType, signingSecret: t.signingSecret });
    expect(res.status).toBe(400);
    expect(t.logger.lines.some((l) => l.level === 'warn' && l.text.includes('malformed'))).toBe(true);
    await expectNothingProcessed();
  });

  it('the same bodies unsigned are refused with 401, before they are read', async () => {
    for (const [, contentType, body] of malformed) {
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': contentType }, body });
      expect(res.status).toBe(401);
    }
    await expectNothingProcessed();
  });
});
