/**
 * Steps of the request flow for the reliability tests, through the app's signed HTTP endpoint.
 * They work the same whether the app runs in this process or in a child process: they need only a
 * way to send, the Slack fake, and a reader of the app's database.
 */
import { expect, vi } from 'vitest';
import type { RequestStore } from '../../../src/service/ports.js';
import type { ChangeRequest, RequestStatus } from '../../../src/service/types.js';
import type { PresentationRecord, PresentationStore } from '../../../src/slack/presentation/presentation-record.js';
import type { ApiCall, FakeSlackApi } from '../../helpers/slack-api.js';
import type { SignOptions, SlackRequestKind } from '../../helpers/slack-request.js';
import {
  buttonClick,
  CHANNEL,
  type NewGroupAnswers,
  newGroupSubmission,
  rejectSubmission,
} from '../../integration/slack/payloads.js';

export interface Driver {
  send(kind: SlackRequestKind, payload: object, sign?: Partial<SignOptions>): Promise<Response>;
  slackApi: FakeSlackApi;
  store: RequestStore;
  /** The Slack side's records of which messages show each request. */
  presentations: PresentationStore;
}

/** Where each request's card was seen posted (a card never moves once posted). */
const cards = new Map<string, string>();

/** The request's presentation record once its card and prompt are posted and fully shown; remembers the card. */
export async function publishedRecord(
  d: Pick<Driver, 'presentations'>,
  request: ChangeRequest,
): Promise<PresentationRecord> {
  const record = await d.presentations.get(request.id);
  if (!record?.cardTs || !record.promptTs || record.shownHistory < 1) {
    throw new Error(`request ${request.id} not published yet`);
  }
  cards.set(request.id, record.cardTs);
  return record;
}

/** The ts of the request's card, as seen by publishedRecord. */
export function cardTsOf(request: ChangeRequest): string {
  const ts = cards.get(request.id);
  if (!ts) throw new Error(`the card of ${request.id} was not seen posted`);
  return ts;
}

let names = 0;
/** A group name no other request in the run has, to find the request again. */
export function uniqueName(prefix = 'rel'): string {
  names += 1;
  return `${prefix}-${process.pid}-${names}`;
}

/** Every request in the store, newest first. */
export async function allRequests(store: RequestStore): Promise<ChangeRequest[]> {
  const out: ChangeRequest[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export async function findByName(store: RequestStore, name: string): Promise<ChangeRequest | undefined> {
  return (await allRequests(store)).find((r) => r.spec.kind === 'create-group' && r.spec.name === name);
}

/** Sends the new-group modal; returns the HTTP answer without waiting for anything else. */
export function sendSubmission(d: Driver, answers: NewGroupAnswers, userId = 'U0REQUESTER', channelId = CHANNEL) {
  return d.send(
    'interaction',
    newGroupSubmission(answers, { userId, channelId, responseUrl: d.slackApi.responseUrl(`submit:${answers.name}`) }),
  );
}

/**
 * Submits a new group and waits until it is fully published: card and approval prompt posted,
 * and recorded as shown (so no write of the publication is still on its way).
 */
export async function submitNewGroup(d: Driver, answers: NewGroupAnswers = {}): Promise<ChangeRequest> {
  const name = answers.name ?? uniqueName();
  const res = await sendSubmission(d, { ...answers, name });
  expect(res.status).toBe(200);
  return vi.waitFor(
    async () => {
      const request = await findByName(d.store, name);
      if (!request) throw new Error(`request ${name} not stored yet`);
      await publishedRecord(d, request);
      return request;
    },
    { timeout: 20_000, interval: 20 },
  );
}

/** A click on one of the request's thread buttons; its private answers go to response_url `name`. */
export function click(d: Driver, actionId: string, requestId: string, userId: string, name: string) {
  return d.send('interaction', buttonClick(actionId, requestId, { userId, responseUrl: d.slackApi.responseUrl(name) }));
}

export function reject(d: Driver, requestId: string, userId: string, reason: string) {
  return d.send('interaction', rejectSubmission(requestId, reason, userId));
}

export async function waitForStatus(
  d: Pick<Driver, 'store'>,
  id: string,
  status: RequestStatus,
  timeout = 20_000,
): Promise<ChangeRequest> {
  return vi.waitFor(
    async () => {
      const request = await d.store.get(id);
      expect(request?.status).toBe(status);
      return request as ChangeRequest;
    },
    { timeout, interval: 20 },
  );
}

/** The private answers posted to response_url `name`, as text. */
export function privateTexts(slackApi: FakeSlackApi, name: string): string[] {
  return slackApi.responses.filter((r) => r.name === name).map((r) => String(r.body.text ?? ''));
}

export function cardUpdates(slackApi: FakeSlackApi, request: ChangeRequest): ApiCall[] {
  const ts = cardTsOf(request);
  return slackApi.callsTo('chat.update').filter((c) => c.args.ts === ts);
}

export function threadPosts(slackApi: FakeSlackApi, request: ChangeRequest): ApiCall[] {
  const ts = cardTsOf(request);
  return slackApi.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);
}

/** Thread posts carrying the rules read back from the cloud. */
export function rulesPosts(slackApi: FakeSlackApi, request: ChangeRequest): ApiCall[] {
  return threadPosts(slackApi, request).filter((c) => JSON.stringify(c.args.blocks).includes('as read back from'));
}

/** The "Add rules now" offers posted in the request's thread. */
export function addRulesOffers(slackApi: FakeSlackApi, request: ChangeRequest): ApiCall[] {
  return threadPosts(slackApi, request).filter((c) => JSON.stringify(c.args.blocks).includes('request_add_rules'));
}

/** Groups in the emulator carrying this request's tag. */
export function taggedGroups<G extends { TagSet?: { Key: string; Value: string }[] }>(
  state: { groups: G[] },
  requestId: string,
): G[] {
  return state.groups.filter((g) => g.TagSet?.some((t) => t.Key === 'secgroup-request' && t.Value === requestId));
}
