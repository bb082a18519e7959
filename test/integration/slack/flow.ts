/** Steps of the request flow shared by the integration tests, driven through the real receiver. */
import { expect, vi } from 'vitest';
import type { ChangeRequest } from '../../../src/service/types.js';
import type { ApiCall } from '../../helpers/slack-api.js';
import type { TestApp } from '../../helpers/test-app.js';
import { buttonClick, type NewGroupAnswers, newGroupSubmission } from './payloads.js';

/** Submits the new-group modal and waits until the card and the approval prompt are posted and recorded. */
export async function submitNewGroup(t: TestApp, answers: NewGroupAnswers = {}): Promise<ChangeRequest> {
  const before = t.slackApi.callsTo('chat.postMessage').length;
  const known = new Set((await t.service.history({ limit: 100 })).items.map((r) => r.id));
  const res = await t.send('interaction', newGroupSubmission(answers));
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(t.slackApi.callsTo('chat.postMessage').length).toBe(before + 2));
  return vi.waitFor(async () => {
    const created = (await t.service.history({ limit: 100 })).items.find((r) => !known.has(r.id));
    if (!created?.conversation?.messageId || !created.conversation.promptId) {
      throw new Error('the request was not posted');
    }
    return created;
  });
}

/** Clicks a button of the request's thread as `userId`; its private answers go to response_url `name`. */
export async function click(
  t: TestApp,
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
export async function waitForStatus(t: TestApp, id: string, status: ChangeRequest['status']): Promise<ChangeRequest> {
  await vi.waitFor(async () => expect((await t.service.get(id)).status).toBe(status));
  return t.service.get(id);
}

export function updatesOf(t: TestApp, request: ChangeRequest): ApiCall[] {
  return t.slackApi.callsTo('chat.update').filter((c) => c.args.ts === request.conversation?.messageId);
}

/** Updates of the message at `ts` (the approval prompt, a retry offer). */
export function updatesAt(t: TestApp, ts: string | undefined): ApiCall[] {
  return t.slackApi.callsTo('chat.update').filter((c) => ts !== undefined && c.args.ts === ts);
}

export function threadPostsOf(t: TestApp, threadTs: string): ApiCall[] {
  return t.slackApi.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === threadTs);
}

/** The private answers posted to the response_url `name`. */
export function privateAnswers(t: TestApp, name: string): unknown[] {
  return t.slackApi.responses.filter((r) => r.name === name).map((r) => r.body);
}
