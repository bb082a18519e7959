/**
 * Slack's Web API failing under the real app (Web API retries on, as in production): rate limits
 * and 5xx are retried and the messages arrive; a channel the bot may not post in keeps the
 * request and tells the requester; nothing rejects unhandled, and the app keeps serving.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import { statusLine } from '../../src/slack/blocks/request-status.js';
import { startTestSecgroup } from '../helpers/test-secgroup.js';
import * as testAppFlow from '../integration/slack/flow.js';
import { slashCommand } from '../integration/slack/payloads.js';
import {
  cardUpdates,
  click,
  findByName,
  privateTexts,
  rulesPosts,
  sendSubmission,
  submitNewGroup,
  taggedGroups,
  uniqueName,
  waitForStatus,
} from './support/flow.js';
import { APPROVER_1 } from './support/real-app.js';
import { realAppPerFile } from './support/real-app-per-file.js';

const APPROVE = 'secgroup_approve';
const app = realAppPerFile();

async function expectCardShows(request: ChangeRequest): Promise<void> {
  await vi.waitFor(
    async () => {
      const stored = await app().store.get(request.id);
      const blocks = (cardUpdates(app().slackApi, request).at(-1)?.args.blocks ?? []) as { text?: { text?: string } }[];
      expect(stored && blocks[1]?.text?.text).toBe(stored && statusLine(stored));
    },
    { timeout: 20_000, interval: 50 },
  );
}

describe('rate limits and server errors are retried', () => {
  it('a 429 with Retry-After on the card: the card is posted after the wait, once', async () => {
    app().slackApi.failNextHttp('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const failedBefore = app().slackApi.failedHttp.length;
    const request = await submitNewGroup(app());
    expect(app().slackApi.failedHttp.length).toBe(failedBefore + 1);
    const cards = app()
      .slackApi.callsTo('chat.postMessage')
      .filter((c) => String(c.args.text).includes(request.id) && !c.args.thread_ts);
    expect(cards).toHaveLength(1);
  });

  it('a 500 on the card update and a 503 on the rules: both retried, the card and the rules arrive once', async () => {
    const request = await submitNewGroup(app());
    app().slackApi.failNextHttp('chat.update', { status: 500 });
    app().slackApi.failNextHttp('chat.postMessage', { status: 503 });
    await click(app(), APPROVE, request.id, APPROVER_1, `5xx:${request.id}`);
    const done = await waitForStatus(app(), request.id, 'done');
    await expectCardShows(done);
    await vi.waitFor(() => expect(rulesPosts(app().slackApi, done)).toHaveLength(1), { timeout: 20_000 });
    expect(app().slackApi.failedHttp.map((c) => c.method)).toEqual(
      expect.arrayContaining(['chat.update', 'chat.postMessage']),
    );
    expect(taggedGroups(app().emulator.state(), request.id)).toHaveLength(1);
  });
});

describe('a channel the bot may not post in', () => {
  it('not_in_channel on the card: the request is kept and the requester is told how to post it', async () => {
    app().slackApi.failNext('chat.postMessage', 'not_in_channel');
    const name = uniqueName('no-channel');
    expect((await sendSubmission(app(), { name })).status).toBe(200);
    const told = await vi.waitFor(() => {
      const texts = privateTexts(app().slackApi, `submit:${name}`);
      expect(texts).toHaveLength(1);
      return texts[0] ?? '';
    });
    const request = await findByName(app().store, name);
    expect(request?.status).toBe('pending');
    expect(told).toBe(`Your request ${request?.id} is saved, but I couldn't post it here.`);
  });

  it('not_in_channel when the card is updated (the bot was removed): the change still happens, and is not retried forever', async () => {
    const request = await submitNewGroup(app());
    for (let i = 0; i < 3; i += 1) app().slackApi.failNext('chat.update', 'not_in_channel');
    await click(app(), APPROVE, request.id, APPROVER_1, `removed:${request.id}`);
    const done = await waitForStatus(app(), request.id, 'done');
    expect(taggedGroups(app().emulator.state(), request.id)).toHaveLength(1);
    await vi.waitFor(async () => {
      expect((await app().presentations.get(request.id))?.shownHistory).toBe(done.history.length);
    });
    expect(app().logs.some((l) => l.includes(`could not update its messages for ${request.id}`))).toBe(true);
  });
});

describe('a response_url that never answers', () => {
  it('is given up after the Web API timeout', async () => {
    app().slackApi.holdResponses('help-hung');
    const res = await app().send(
      'command',
      slashCommand('help', { response_url: app().slackApi.responseUrl('help-hung') }),
    );
    expect(res.status).toBe(200);
    const [held] = await vi.waitFor(() => {
      const posts = app().slackApi.heldResponses.filter((r) => r.name === 'help-hung');
      expect(posts).toHaveLength(1);
      return posts;
    });
    // The app's connection to it is closed after the timeout (10 s in production), not kept forever.
    await vi.waitFor(() => expect(held?.waiting()).toBe(false), { timeout: 60_000, interval: 100 });
  }, 90_000);
});

describe('after all that', () => {
  it('the app still serves: a command is answered and a new request goes through', async () => {
    const res = await app().send(
      'command',
      slashCommand('help', { response_url: app().slackApi.responseUrl('help-after-faults') }),
    );
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(privateTexts(app().slackApi, 'help-after-faults')).toHaveLength(1));
    const request = await submitNewGroup(app());
    await click(app(), APPROVE, request.id, APPROVER_1, `after:${request.id}`);
    const done = await waitForStatus(app(), request.id, 'done');
    await vi.waitFor(() => expect(rulesPosts(app().slackApi, done)).toHaveLength(1));
  });
});

describe('a failure that outlasts the Web API retries', () => {
  it('is tried again with backoff, then left to the presentation sweep, which posts it once', async () => {
    // The test app has Web API retries off, so each 500 is a failure that outlasted them.
    const t = await startTestSecgroup();
    try {
      const request = await testAppFlow.submitNewGroup(t);
      const thread = testAppFlow.cardTsOf(request);
      const outage = t.slackApi.failHttpUntilStopped('chat.postMessage', { status: 500 });
      await testAppFlow.click(t, APPROVE, request.id, 'U0APPROVER1');
      const done = await vi.waitFor(async () => {
        const stored = await t.service.get(request.id);
        expect(stored.status).toBe('done');
        return stored;
      });
      await vi.waitFor(
        () =>
          expect(
            t.logger.lines.some((l) => l.text.includes(`could not show ${request.id} yet`) && l.text.includes('sweep')),
          ).toBe(true),
        { timeout: 20_000 },
      );
      const rules = () =>
        t.slackApi
          .callsTo('chat.postMessage')
          .filter((c) => c.args.thread_ts === thread && JSON.stringify(c.args.blocks).includes('as read back from'));
      await t.settled();
      expect(rules()).toEqual([]);
      // Each showing tried four times, with backoff, before leaving it to the sweep.
      expect(t.slackApi.failedHttp.filter((c) => c.method === 'chat.postMessage').length % 4).toBe(0);
      expect((await t.shown(request.id))?.shownHistory).toBeLessThan(done.history.length);

      outage();
      await t.running.sweep.runOnce();
      expect(rules()).toHaveLength(1);
      await t.running.sweep.runOnce();
      expect(rules()).toHaveLength(1);
      expect((await t.shown(request.id))?.shownHistory).toBe(done.history.length);
    } finally {
      await t.stop();
    }
  });
});
