/**
 * Exactly one card and one live approval prompt per request, whichever process shows it and
 * whatever Slack does meanwhile (issue 11, item 3): (a) a 429 with Retry-After 75 on process 1's
 * card post while process 2's sweep runs; (b) a hung card post, kill -9, restart; (c) `/secgroup
 * show` of an unposted request sent at once to two processes, from two channels. Process 1 runs
 * in this process (or as a child to be killed), process 2 as a child process on the same SQLite
 * file, Slack fake and emulator.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import type { FakeSlackApi } from '../helpers/slack-api.js';
import { CHANNEL, slashCommand } from '../integration/slack/payloads.js';
import { type AppChild, startAppChild } from './support/app-child.js';
import { expectNoSecrets } from './support/fake-secrets.js';
import {
  click,
  type Driver,
  findByName,
  privateTexts,
  publishedRecord,
  sendSubmission,
  uniqueName,
  waitForStatus,
} from './support/flow.js';
import { APPROVER_1, type Edges, type RealApp, startEdges, startRealApp } from './support/real-app.js';

const APPROVE = 'secgroup_approve';
const OTHER_CHANNEL = 'C0ELSEWHERE';
const CHILD_ENV = { RELIABILITY_MAINTENANCE_MS: '250' };

let inProcess: RealApp | undefined;
let edges: Edges | undefined;
const children: AppChild[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    await child.stop();
    expectNoSecrets('app output', [child.output()]);
  }
  await inProcess?.stop();
  await edges?.stop();
  inProcess = undefined;
  edges = undefined;
});

const isCard = (args: Record<string, unknown>) => !args.thread_ts;

/** Cards Slack took for the request, in any channel. */
const cardsOf = (slackApi: FakeSlackApi, id: string) =>
  slackApi.callsTo('chat.postMessage').filter((c) => !c.error && isCard(c.args) && String(c.args.text).includes(id));

/** Approval prompts Slack took for the request, and those whose buttons are still live. */
function promptsOf(slackApi: FakeSlackApi, id: string) {
  const posted = slackApi
    .callsTo('chat.postMessage')
    .filter((c) => !c.error && c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(APPROVE))
    .filter((c) => String(c.args.text).includes(id));
  const live = posted.filter((prompt) => {
    const last = slackApi
      .callsTo('chat.update')
      .filter((u) => u.args.ts === prompt.ts && !u.error)
      .at(-1);
    return JSON.stringify((last ?? prompt).args.blocks ?? '').includes(APPROVE);
  });
  return { posted, live };
}

async function storedByName(store: Driver['store'], name: string): Promise<ChangeRequest> {
  return vi.waitFor(
    async () => {
      const request = await findByName(store, name);
      if (!request) throw new Error(`${name} not stored yet`);
      return request;
    },
    { timeout: 20_000, interval: 20 },
  );
}

/** One card and one live prompt; then an approval closes the prompt, and still one card. */
async function expectOneCardOneLivePrompt(d: Driver, request: ChangeRequest): Promise<void> {
  await vi.waitFor(() => publishedRecord(d, request), { timeout: 30_000, interval: 50 });
  expect(cardsOf(d.slackApi, request.id)).toHaveLength(1);
  expect(promptsOf(d.slackApi, request.id).live).toHaveLength(1);
  await click(d, APPROVE, request.id, APPROVER_1, `approve:${request.id}`);
  const done = await waitForStatus(d, request.id, 'done');
  await vi.waitFor(
    async () => expect((await d.presentations.get(request.id))?.shownHistory).toBe(done.history.length),
    { timeout: 30_000, interval: 50 },
  );
  expect(cardsOf(d.slackApi, request.id)).toHaveLength(1);
  expect(promptsOf(d.slackApi, request.id)).toMatchObject({ posted: [expect.anything()], live: [] });
}

describe('(a) a 429 Retry-After 75 on process 1’s card post while process 2’s sweep runs', () => {
  it('one card and one live prompt, also once process 1 tries again after the 75 s', async () => {
    const app = await startRealApp();
    inProcess = app;
    app.slackApi.failNextHttp('chat.postMessage', { status: 429, retryAfterSeconds: 75 }, isCard);
    const name = uniqueName('limited-card');
    expect((await sendSubmission(app, { name })).status).toBe(200);
    const request = await storedByName(app.store, name);
    await vi.waitFor(() => expect(app.slackApi.failedHttp.map((c) => c.method)).toEqual(['chat.postMessage']), {
      timeout: 20_000,
    });

    let firstWaited = false;
    const firstIdle = app.running.presenter.idle().then(() => {
      firstWaited = true;
    });

    // Process 2 starts meanwhile; its start-up sweep finds the request's card missing and posts it.
    children.push(await startAppChild({ ...app.env, ...CHILD_ENV }));
    await vi.waitFor(() => publishedRecord(app, request), { timeout: 30_000, interval: 50 });
    expect(firstWaited).toBe(false);
    expect(cardsOf(app.slackApi, request.id)).toHaveLength(1);

    // Process 1 tries its card again after the 75 s, and finds it posted.
    await firstIdle;
    expect(cardsOf(app.slackApi, request.id)).toHaveLength(1);
    expect(promptsOf(app.slackApi, request.id).live).toHaveLength(1);
    // The requester was told the card was late, which was true; nothing claimed it failed.
    expect(privateTexts(app.slackApi, `submit:${name}`)).toEqual([
      `Your request ${request.id} is saved; Slack did not take its card yet, and I'm trying again.`,
    ]);
    await expectOneCardOneLivePrompt(app, request);
  }, 180_000);
});

describe('(b) a hung card post, kill -9, restart', () => {
  it('one card and one live prompt', async () => {
    const shared = await startEdges();
    edges = shared;
    const first = await startAppChild({ ...shared.env, ...CHILD_ENV });
    let current = first;
    const driver: Driver = { ...shared, send: (kind, payload, sign) => current.send(kind, payload, sign) };
    const hung = shared.slackApi.holdNext('chat.postMessage', isCard);
    const name = uniqueName('hung-card');
    expect((await sendSubmission(driver, { name })).status).toBe(200);
    await hung.arrived;
    const request = await storedByName(shared.store, name);

    await first.kill();
    expectNoSecrets('app output', [first.output()]);
    current = await startAppChild({ ...shared.env, ...CHILD_ENV });
    children.push(current);
    await expectOneCardOneLivePrompt(driver, request);
  }, 120_000);
});

describe('(c) `/secgroup show` of an unposted request, at once, to two processes from two channels', () => {
  it('one card, in the request’s channel, and one live prompt', async () => {
    const app = await startRealApp();
    inProcess = app;
    app.slackApi.failNext('chat.postMessage', 'not_in_channel', isCard);
    const name = uniqueName('unposted');
    expect((await sendSubmission(app, { name })).status).toBe(200);
    const request = await storedByName(app.store, name);
    await vi.waitFor(async () => expect((await app.presentations.get(request.id))?.unpostable).toBe(true));
    const other = await startAppChild({ ...app.env, ...CHILD_ENV });
    children.push(other);

    const show = (channel: string, user: string) =>
      slashCommand(`show ${request.id}`, {
        channel_id: channel,
        user_id: user,
        response_url: app.slackApi.responseUrl(`show:${channel}:${user}`),
      });
    const answers = await Promise.all([
      app.send('command', show(CHANNEL, 'U0SHOWER1')),
      other.send('command', show(CHANNEL, 'U0SHOWER2')),
      app.send('command', show(OTHER_CHANNEL, 'U0SHOWER3')),
      other.send('command', show(OTHER_CHANNEL, 'U0SHOWER4')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);

    await vi.waitFor(() => publishedRecord(app, request), { timeout: 30_000, interval: 50 });
    await app.running.presenter.idle();
    // Whichever process did not post it has let go of it too.
    await vi.waitFor(async () => expect((await app.presentations.get(request.id))?.claim).toBeUndefined(), {
      timeout: 30_000,
    });
    const cards = cardsOf(app.slackApi, request.id);
    expect(cards.map((c) => c.args.channel)).toEqual([CHANNEL]);
    await expectOneCardOneLivePrompt(app, request);
  }, 120_000);
});
