/**
 * The presentation sweep is not held up by one request waiting out a long Retry-After (issue 11,
 * item 1: a rate limit delays only the calls it applies to). Request A's card update is answered
 * 429 Retry-After 75; request B's rules outlast the presenter's own retries and a sweep round's,
 * and the next sweep round must post them while A still waits, not once A's wait is over.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ApiCall } from '../helpers/slack-api.js';
import { cardTsOf, cardUpdates, click, rulesPosts, submitNewGroup, waitForStatus } from './support/flow.js';
import { APPROVER_1 } from './support/real-app.js';
import { realAppPerFile } from './support/real-app-per-file.js';

const APPROVE = 'secgroup_approve';
// The production sweep interval (10 s), Web API retries and timeout.
const app = realAppPerFile();

describe('one request waiting out a 429 Retry-After 75', () => {
  it('does not hold up the sweep: another request’s rules left to it are posted meanwhile', async () => {
    const [a, b] = await Promise.all([submitNewGroup(app()), submitNewGroup(app())]);
    // B's rules outlast the presenter's retries: left to the sweep.
    const isRules = (args: Record<string, unknown>) =>
      args.thread_ts === cardTsOf(b) && JSON.stringify(args.blocks).includes('as read back from');
    const outage = app().slackApi.failHttpUntilStopped('chat.postMessage', { status: 500 }, isRules);
    await click(app(), APPROVE, b.id, APPROVER_1, `swept:${b.id}`);
    await waitForStatus(app(), b.id, 'done');
    // The showing of "done" is queued after the earlier states' showings: wait until every change
    // has reached the presenter and its showings have given up, not only until the queue is empty.
    await app().running.changeRequests.settled();
    await app().running.presenter.idle();
    const givenUp = () => app().logs.filter((l) => l.includes(`could not show ${b.id} yet`)).length;
    await vi.waitFor(() => expect(givenUp()).toBeGreaterThanOrEqual(1), { timeout: 60_000, interval: 100 });
    const givenUpByPresenter = givenUp();

    // A's card update waits out 75 s.
    app().slackApi.failNextHttp(
      'chat.update',
      { status: 429, retryAfterSeconds: 75 },
      (args) => args.ts === cardTsOf(a),
    );
    await click(app(), APPROVE, a.id, APPROVER_1, `long-wait:${a.id}`);
    await vi.waitFor(() => expect(app().slackApi.failedHttp.some((c) => c.method === 'chat.update')).toBe(true), {
      timeout: 20_000,
    });
    // A sweep round tries B and gives up too; then Slack takes B's rules again.
    await vi.waitFor(() => expect(givenUp()).toBeGreaterThan(givenUpByPresenter), { timeout: 60_000, interval: 100 });
    outage();

    const bRules = await vi.waitFor(
      () => {
        const [posted] = rulesPosts(app().slackApi, b);
        expect(posted).toBeDefined();
        return posted as ApiCall;
      },
      { timeout: 120_000, interval: 100 },
    );
    const aUpdate = await vi.waitFor(
      () => {
        const [updated] = cardUpdates(app().slackApi, a);
        expect(updated).toBeDefined();
        return updated as ApiCall;
      },
      { timeout: 120_000, interval: 100 },
    );
    expect(app().slackApi.calls.indexOf(bRules)).toBeLessThan(app().slackApi.calls.indexOf(aUpdate));
  }, 240_000);
});
