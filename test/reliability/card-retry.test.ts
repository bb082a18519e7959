/**
 * A request's card that Slack does not take at once (issue 11, items 2 and 4): the request is
 * kept, the card is posted by a retry with backoff, the requester is told what truly happened,
 * and an approval that lands while the card is still being retried is carried out and shown —
 * card, and rules in its thread — once the card is up.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import { statusLine } from '../../src/slack/blocks/request-status.js';
import {
  click,
  findByName,
  privateTexts,
  publishedRecord,
  sendSubmission,
  taggedGroups,
  uniqueName,
  waitForStatus,
} from './support/flow.js';
import { APPROVER_1 } from './support/real-app.js';
import { realAppPerFile } from './support/real-app-per-file.js';

const APPROVE = 'secgroup_approve';
// A held card post is not given up on (and posted twice) while the test looks at it.
const app = realAppPerFile({ overrides: { webApiTimeoutMs: 60_000 } });

/** Cards (top-level posts Slack took) naming the request. */
const cardsOf = (id: string) =>
  app()
    .slackApi.callsTo('chat.postMessage')
    .filter((c) => !c.error && !c.args.thread_ts && String(c.args.text).includes(id));
const threadPostsOf = (ts: string) =>
  app()
    .slackApi.callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts === ts);
const isCard = (args: Record<string, unknown>) => !args.thread_ts;
const hasButton = (blocks: unknown, actionId: string) => JSON.stringify(blocks ?? '').includes(actionId);

async function storedByName(name: string): Promise<ChangeRequest> {
  return vi.waitFor(
    async () => {
      const request = await findByName(app().store, name);
      if (!request) throw new Error(`${name} not stored yet`);
      return request;
    },
    { timeout: 20_000, interval: 20 },
  );
}

describe('the card post answered internal_error once', () => {
  it('the card and prompt are posted once by a retry, and the requester is told the truth', async () => {
    app().slackApi.failNext('chat.postMessage', 'internal_error', isCard);
    const name = uniqueName('card-retry');
    expect((await sendSubmission(app(), { name })).status).toBe(200);
    const request = await storedByName(name);
    expect(request.status).toBe('pending');

    const record = await vi.waitFor(() => publishedRecord(app(), request), { timeout: 20_000, interval: 50 });
    expect(cardsOf(request.id)).toHaveLength(1);
    const prompts = threadPostsOf(record.cardTs ?? '').filter((c) => hasButton(c.args.blocks, APPROVE));
    expect(prompts).toHaveLength(1);

    const told = await vi.waitFor(() => {
      const texts = privateTexts(app().slackApi, `submit:${name}`);
      expect(texts).toHaveLength(1);
      return texts[0] ?? '';
    });
    expect(told).toBe(`Your request ${request.id} is saved; Slack did not take its card yet, and I'm trying again.`);
    expect(told).not.toMatch(/went wrong|Nothing more was changed/);

    // And the request goes through from the card the retry posted.
    await click(app(), APPROVE, request.id, APPROVER_1, `after-retry:${request.id}`);
    const done = await waitForStatus(app(), request.id, 'done');
    expect(taggedGroups(app().emulator.state(), request.id)).toHaveLength(1);
    await vi.waitFor(async () =>
      expect((await app().presentations.get(request.id))?.shownHistory).toBe(done.history.length),
    );
  });
});

describe('the card post refused once, and a response_url that never answers', () => {
  it('the requester is told in the channel, privately, once the response_url is given up', async () => {
    app().slackApi.failNext('chat.postMessage', 'internal_error', isCard);
    const name = uniqueName('hung-response');
    app().slackApi.holdResponses(`submit:${name}`);
    expect((await sendSubmission(app(), { name })).status).toBe(200);
    const request = await storedByName(name);
    const told = await vi.waitFor(
      () => {
        const texts = app()
          .slackApi.callsTo('chat.postEphemeral')
          .filter((c) => c.args.user === 'U0REQUESTER' && String(c.args.text).includes(request.id));
        expect(texts).toHaveLength(1);
        return String(texts[0]?.args.text);
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(told).toBe(`Your request ${request.id} is saved; Slack did not take its card yet, and I'm trying again.`);
    expect(app().slackApi.heldResponses.map((r) => r.name)).toEqual([`submit:${name}`]);
    await vi.waitFor(() => publishedRecord(app(), request), { timeout: 20_000, interval: 50 });
    expect(cardsOf(request.id)).toHaveLength(1);
  });
});

describe('an approval that lands while the card post is being retried', () => {
  it('is carried out at once; the card then shows it done and the rules are posted in its thread', async () => {
    // The first card post fails; its retry waits (Slack slow to answer) until the request is done.
    let cardPosts = 0;
    app().slackApi.failNext('chat.postMessage', 'internal_error', isCard);
    const retry = app().slackApi.pause('chat.postMessage', (args) => !args.thread_ts && ++cardPosts === 2);
    const name = uniqueName('approved-early');
    expect((await sendSubmission(app(), { name })).status).toBe(200);
    const request = await storedByName(name);
    await vi.waitFor(() => expect(retry.count()).toBe(1), { timeout: 20_000, interval: 20 });

    // The id is known (the requester was told it); an approver approves before any card is up.
    await click(app(), APPROVE, request.id, APPROVER_1, `early:${request.id}`);
    const done = await waitForStatus(app(), request.id, 'done');
    expect(taggedGroups(app().emulator.state(), request.id)).toHaveLength(1);
    expect(cardsOf(request.id)).toEqual([]);

    retry.release();
    const shown = await vi.waitFor(
      async () => {
        const record = await app().presentations.get(request.id);
        expect(record?.shownHistory).toBe(done.history.length);
        return record;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(cardsOf(request.id)).toHaveLength(1);
    const cardTs = shown?.cardTs ?? '';
    const lastCard = [
      cardsOf(request.id)[0],
      ...app()
        .slackApi.callsTo('chat.update')
        .filter((c) => c.args.ts === cardTs),
    ]
      .filter((c) => c !== undefined)
      .at(-1);
    const blocks = (lastCard?.args.blocks ?? []) as { text?: { text?: string } }[];
    expect(blocks[1]?.text?.text).toBe(statusLine(done));
    const rules = threadPostsOf(cardTs).filter((c) => JSON.stringify(c.args.blocks).includes('as read back from'));
    expect(rules).toHaveLength(1);
    // No live Approve button is left for a request that is done.
    const live = threadPostsOf(cardTs).filter(
      (c) =>
        hasButton(c.args.blocks, APPROVE) &&
        !app()
          .slackApi.callsTo('chat.update')
          .some((u) => u.args.ts === c.ts && !hasButton(u.args.blocks, APPROVE)),
    );
    expect(live).toEqual([]);
  });
});
