/**
 * Slack's slowness stays with the request it is for (issue 11, item 1): a hung chat.update of one
 * request's card, or a 429 on it, holds up neither the cloud work of any request nor the Slack
 * work of the others; the call itself is given up after its timeout, or tried again after its
 * Retry-After, and the card then shows the request as it stands. The cloud work never waits for
 * Slack: ten approvals at once create their groups while every card update is still unanswered.
 * Assertions are on order (what happened while a call was held), never on how long things took;
 * the last test measures the times docs/RELIABILITY.md quotes.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import { statusLine } from '../../src/slack/blocks/request-status.js';
import type { ApiCall } from '../helpers/slack-api.js';
import {
  cardTsOf,
  cardUpdates,
  click,
  findByName,
  publishedRecord,
  sendSubmission,
  submitNewGroup,
  taggedGroups,
  uniqueName,
  waitForStatus,
} from './support/flow.js';
import { APPROVER_1 } from './support/real-app.js';
import { realAppPerFile } from './support/real-app-per-file.js';

const APPROVE = 'secgroup_approve';
/** Longer than the production 10 s, so a held call is still held while the test looks, even under load. */
const WEB_API_TIMEOUT_MS = 30_000;
const app = realAppPerFile({ overrides: { webApiTimeoutMs: WEB_API_TIMEOUT_MS } });

const statusOf = (call: ApiCall | undefined) =>
  ((call?.args.blocks ?? []) as { text?: { text?: string } }[])[1]?.text?.text;

/** Waits until the card's last update shows the stored request; returns the index of that update among all calls. */
async function cardShowsStored(request: ChangeRequest, timeout = 20_000): Promise<number> {
  return vi.waitFor(
    async () => {
      const stored = await app().store.get(request.id);
      const last = cardUpdates(app().slackApi, request).at(-1);
      expect(stored && statusOf(last)).toBe(stored && statusLine(stored));
      return app().slackApi.calls.indexOf(last as ApiCall);
    },
    { timeout, interval: 50 },
  );
}

/** Submits without waiting for the card; resolves with the request once stored. */
async function submitOnly(name: string): Promise<ChangeRequest> {
  expect((await sendSubmission(app(), { name })).status).toBe(200);
  const request = await findByName(app().store, name);
  if (!request) throw new Error(`${name} was acknowledged but not stored`);
  return request;
}

const published = (request: ChangeRequest) =>
  vi.waitFor(() => publishedRecord(app(), request), { timeout: 20_000, interval: 50 });

// The two waits (a 30 s timeout, a 30 s Retry-After) run at once, on requests of their own; the
// tests after them hold or slow every card update, so they run alone.
describe.concurrent('one slow call', () => {
  describe('one hung chat.update of request A', () => {
    it('delays neither A’s group nor B’s group and card, nor a new request C; A’s card catches up after the timeout', async () => {
      const [a, b] = await Promise.all([submitNewGroup(app()), submitNewGroup(app())]);
      const hung = app().slackApi.holdNext('chat.update', (args) => args.ts === cardTsOf(a));
      await click(app(), APPROVE, a.id, APPROVER_1, `hung:${a.id}`);
      await hung.arrived;
      await click(app(), APPROVE, b.id, APPROVER_1, `hung:${b.id}`);
      const c = await submitOnly(uniqueName('while-hung'));

      const [aDone, bDone] = await Promise.all([
        waitForStatus(app(), a.id, 'done'),
        waitForStatus(app(), b.id, 'done'),
      ]);
      expect(taggedGroups(app().emulator.state(), a.id)).toHaveLength(1);
      expect(taggedGroups(app().emulator.state(), b.id)).toHaveLength(1);
      const bShown = await cardShowsStored(bDone);
      await published(c);
      // All of that while A's card update is still unanswered.
      expect(hung.waiting()).toBe(true);
      expect(cardUpdates(app().slackApi, a)).toEqual([]);

      // The hung call is given up after its timeout and tried again: A's card shows it done.
      const aShown = await cardShowsStored(aDone, WEB_API_TIMEOUT_MS + 30_000);
      expect(aShown).toBeGreaterThan(bShown);
      expect(hung.waiting()).toBe(false);
    }, 120_000);
  });

  describe('a 429 with Retry-After on one chat.update of request A', () => {
    it('delays only that call: B and a new request C go on, A’s card is updated after the wait', async () => {
      const [a, b] = await Promise.all([submitNewGroup(app()), submitNewGroup(app())]);
      const limitedBefore = app().slackApi.failedHttp.length;
      app().slackApi.failNextHttp(
        'chat.update',
        { status: 429, retryAfterSeconds: 30 },
        (args) => args.ts === cardTsOf(a),
      );
      await click(app(), APPROVE, a.id, APPROVER_1, `limited:${a.id}`);
      await vi.waitFor(() => expect(app().slackApi.failedHttp.length).toBe(limitedBefore + 1), { timeout: 20_000 });
      await click(app(), APPROVE, b.id, APPROVER_1, `limited:${b.id}`);
      const c = await submitOnly(uniqueName('while-limited'));

      const [aDone, bDone] = await Promise.all([
        waitForStatus(app(), a.id, 'done'),
        waitForStatus(app(), b.id, 'done'),
      ]);
      expect(taggedGroups(app().emulator.state(), a.id)).toHaveLength(1);
      const bShown = await cardShowsStored(bDone);
      await published(c);
      const cCard = app().slackApi.calls.findIndex(
        (call) => !call.args.thread_ts && String(call.args.text).includes(c.id),
      );

      // A's card is updated once the 30 s are over, after everything B and C needed.
      const aShown = await cardShowsStored(aDone, 90_000);
      const aFirstUpdate = app().slackApi.calls.indexOf(cardUpdates(app().slackApi, a)[0] as ApiCall);
      expect(aFirstUpdate).toBeGreaterThan(bShown);
      expect(aFirstUpdate).toBeGreaterThan(cCard);
      expect(aShown).toBeGreaterThanOrEqual(aFirstUpdate);
      expect(app().slackApi.failedHttp.length).toBe(limitedBefore + 1);
    }, 150_000);
  });
});

describe('ten approvals at once', () => {
  it('every group is created while every card update is still unanswered', async () => {
    const requests = await Promise.all(Array.from({ length: 10 }, () => submitNewGroup(app())));
    const updates = app().slackApi.pause('chat.update');
    const answeredBefore = app().slackApi.callsTo('chat.update').length;
    await Promise.all(requests.map((r) => click(app(), APPROVE, r.id, APPROVER_1, `ten:${r.id}`)));
    const done = await Promise.all(requests.map((r) => waitForStatus(app(), r.id, 'done')));
    for (const request of requests) expect(taggedGroups(app().emulator.state(), request.id)).toHaveLength(1);
    // Each request's first card update is waiting at once: no request's Slack work queues behind another's.
    await vi.waitFor(() => expect(updates.count()).toBe(10), { timeout: 20_000 });
    expect(app().slackApi.callsTo('chat.update')).toHaveLength(answeredBefore);

    updates.release();
    for (const request of done) await cardShowsStored(request);
  }, 120_000);
});

describe('measured: ten approvals at once, Slack answering every chat.update after 1 s', () => {
  /** Seconds from the clicks to each request's group being created and recorded (done). */
  async function approveTen(label: string): Promise<number[]> {
    const requests = await Promise.all(Array.from({ length: 10 }, () => submitNewGroup(app())));
    const clicked = Date.now();
    await Promise.all(requests.map((r) => click(app(), APPROVE, r.id, APPROVER_1, `${label}:${r.id}`)));
    const done = await Promise.all(requests.map((r) => waitForStatus(app(), r.id, 'done', 60_000)));
    for (const request of done) await cardShowsStored(request, 60_000);
    return done.map((r) => (Date.parse(r.history.at(-1)?.at ?? '') - clicked) / 1000).sort((x, y) => x - y);
  }

  it('every group is created within the cloud’s own time, plus little', async () => {
    const prompt = await approveTen('prompt-slack');
    const stopLateness = app().slackApi.answerLate('chat.update', 1_000);
    let slow: number[];
    try {
      slow = await approveTen('slow-slack');
    } finally {
      stopLateness();
    }
    const span = (xs: number[]) => `first ${xs[0]?.toFixed(2)} s, last ${xs.at(-1)?.toFixed(2)} s`;
    // The figures docs/RELIABILITY.md quotes (machine-dependent, so reported, not asserted).
    process.stdout.write(
      `ten approvals at once: groups created (clicks to done) with Slack answering at once: ${span(prompt)}; ` +
        `with every chat.update answered after 1 s: ${span(slow)}\n`,
    );
    expect(slow).toHaveLength(10);
  }, 240_000);
});
