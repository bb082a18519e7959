/** Steps of the request flow shared by the integration tests, driven through the real receiver. */
import { expect, vi } from 'vitest';
import type { ChangeRequest } from '../../../src/service/types.js';
import type { ApiCall } from '../../helpers/slack-api.js';
import type { TestSecgroup } from '../../helpers/test-secgroup.js';
import { buttonClick, type NewGroupAnswers, newGroupSubmission } from './payloads.js';

/** Submits the new-group modal and waits until the card and the approval prompt are posted and recorded. */
export async function submitNewGroup(t: TestSecgroup, answers: NewGroupAnswers = {}): Promise<ChangeRequest> {
  const before = t.slackApi.callsTo('chat.postMessage').length;
  const known = new Set((await t.service.history({ limit: 100 })).items.map((r) => r.id));
  const res = await t.send('interaction', newGroupSubmission(answers));
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(t.slackApi.callsTo('chat.postMessage').length).toBe(before + 2));
  return vi.waitFor(async () => {
    const created = (await t.service.history({ limit: 100 })).items.find((r) => !known.has(r.id));
    const shown = created ? await t.shown(created.id) : undefined;
    if (!created || !shown?.cardTs || !shown.promptTs) throw new Error('the request was not posted');
    posted.set(created.id, { cardTs: shown.cardTs, promptTs: shown.promptTs });
    return created;
  });
}

/** Clicks a button of the request's thread as `userId`; its private answers go to response_url `name`. */
export async function click(
  t: TestSecgroup,
  actionId: string,
  requestId: string,
  userId: string,
  name = `${actionId}:${userId}`,
) {
  const res = await t.send(
    'interaction',
    buttonClick(actionId, requestId, { userId, responseUrl: t.slackApi.responseUrl(name) }),
  );
  expect(res.status).toBe(200);
  return name;
}

/** Waits for the request to reach `status` in the store. */
export async function waitForStatus(
  t: TestSecgroup,
  id: string,
  status: ChangeRequest['status'],
): Promise<ChangeRequest> {
  await vi.waitFor(async () => expect((await t.service.get(id)).status).toBe(status));
  return t.service.get(id);
}

/** Where submitNewGroup saw each request's card and prompt posted (they never move once posted). */
const posted = new Map<string, { cardTs: string; promptTs: string }>();

/** The ts of the request's card, as recorded when it was posted. */
export function cardTsOf(request: ChangeRequest): string {
  const found = posted.get(request.id);
  if (!found) throw new Error(`${request.id} was not submitted through submitNewGroup`);
  return found.cardTs;
}

/** The ts of the request's approval prompt, as recorded when it was posted. */
export function promptTsOf(request: ChangeRequest): string {
  const found = posted.get(request.id);
  if (!found) throw new Error(`${request.id} was not submitted through submitNewGroup`);
  return found.promptTs;
}

/** Updates of the request's card. */
export function updatesOf(t: TestSecgroup, request: ChangeRequest): ApiCall[] {
  const cardTs = cardTsOf(request);
  return t.slackApi.callsTo('chat.update').filter((c) => c.args.ts === cardTs);
}

/** The ts of the request's card, approval prompt and retry offer, as the Slack side recorded them. */
export async function messagesOf(t: TestSecgroup, request: ChangeRequest) {
  const shown = await t.shown(request.id);
  return {
    cardTs: shown?.cardTs,
    promptTs: shown?.promptTs,
    retryOfferTs: shown?.retryOfferTs,
    threadTs: shown?.threadTs,
  };
}

/** Updates of the message at `ts` (the approval prompt, a retry offer). */
export function updatesAt(t: TestSecgroup, ts: string | undefined): ApiCall[] {
  return t.slackApi.callsTo('chat.update').filter((c) => ts !== undefined && c.args.ts === ts);
}

export function threadPostsOf(t: TestSecgroup, threadTs: string): ApiCall[] {
  return t.slackApi.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === threadTs);
}

/** The private answers posted to the response_url `name`. */
export function privateAnswers(t: TestSecgroup, name: string): unknown[] {
  return t.slackApi.responses.filter((r) => r.name === name).map((r) => r.body);
}
