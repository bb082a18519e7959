/**
 * A view_submission delivered again (a replay of the same signed request within Slack's 5 minutes,
 * or the same form sent twice at once): one request per submitted view, one card, one approval
 * prompt; every delivery closes the modal, and nobody is told anything untrue.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { slackSignatureHeaders } from '../../../src/devtools/local-workspace/slack-signature.js';
import type { ChangeRequest } from '../../../src/service/types.js';
import { encodeSlackBody } from '../../helpers/slack-request.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { cardTsOf, click, submitNewGroup, threadPostsOf, waitForStatus } from './flow.js';
import { addRulesSubmission, CHANNEL, newGroupSubmission, REQUESTER } from './payloads.js';

let t: TestSecgroup;
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  await t.stop();
});

async function storedRequests(): Promise<ChangeRequest[]> {
  return (await t.service.history({ limit: 100 })).items;
}

/** One signed delivery, captured once: sending it again sends the same bytes and the same headers. */
function capturedSubmission(options: { channelId?: string } = {}) {
  const payload = newGroupSubmission(
    { name: 'replayed' },
    { responseUrl: t.slackApi.responseUrl('requester'), ...options },
  );
  const { body, contentType } = encodeSlackBody('interaction', payload);
  const headers = { 'content-type': contentType, ...slackSignatureHeaders(t.signingSecret, body) };
  return () => fetch(t.url, { method: 'POST', headers, body });
}

/** Every delivery answered 200 with an empty body: the modal closes. */
async function expectModalClosed(answers: Response[]) {
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  expect(await Promise.all(answers.map((a) => a.text()))).toEqual(answers.map(() => ''));
}

async function expectOneRequestShownOnce(): Promise<ChangeRequest> {
  await t.settled();
  const requests = await storedRequests();
  expect(requests).toHaveLength(1);
  const [request] = requests;
  if (!request) throw new Error('no request');
  const posts = t.slackApi.callsTo('chat.postMessage');
  expect(posts.filter((c) => c.args.thread_ts === undefined)).toHaveLength(1);
  expect(posts.filter((c) => JSON.stringify(c.args.blocks).includes('please review'))).toHaveLength(1);
  expect(posts).toHaveLength(2);
  expect(await t.shown(request.id)).toMatchObject({ cardTs: posts[0]?.args.ts ?? expect.any(String) });
  return request;
}

describe('the same new-group form delivered three times', () => {
  it('one after another within 5 minutes: one request, one card, one prompt; each delivery closes the modal', async () => {
    const deliver = capturedSubmission();
    const answers = [await deliver()];
    await vi.waitFor(() => expect(t.slackApi.callsTo('chat.postMessage')).toHaveLength(2));
    t.clock.advance(2 * 60_000);
    answers.push(await deliver());
    t.clock.advance(2 * 60_000);
    answers.push(await deliver());
    await expectModalClosed(answers);
    const request = await expectOneRequestShownOnce();
    expect(request.history).toHaveLength(1);
    // Nothing to tell the requester: the card is there.
    expect(t.slackApi.responses).toEqual([]);
    expect(t.slackApi.callsTo('chat.postEphemeral')).toEqual([]);
    expect(t.logger.lines.filter((l) => l.text.includes('the same submission arrived again'))).toHaveLength(2);
  });

  it('all at once: one request, one card, one prompt; each delivery closes the modal', async () => {
    const deliver = capturedSubmission();
    await expectModalClosed(await Promise.all([deliver(), deliver(), deliver()]));
    await expectOneRequestShownOnce();
    expect(t.slackApi.responses).toEqual([]);
    expect(t.slackApi.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('where the bot may not post: one request, one attempt at its card, and each delivery is told the truth', async () => {
    t.slackApi.failNext('chat.postMessage', 'not_in_channel');
    const deliver = capturedSubmission({ channelId: 'C0PRIVATE' });
    for (const told of [1, 2, 3]) {
      await expectModalClosed([await deliver()]);
      await vi.waitFor(() => expect(t.slackApi.responses).toHaveLength(told));
    }
    await t.settled();
    const requests = await storedRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.origin?.conversationId).toBe('C0PRIVATE');
    expect(t.slackApi.callsTo('chat.postMessage')).toHaveLength(1);
    // The request is saved and could not be posted: true each time it is said.
    for (const response of t.slackApi.responses) {
      expect(JSON.stringify(response.body)).toContain(
        `Your request \`${requests[0]?.id}\` is saved, but I couldn't post it`,
      );
    }
  });

  it('after its group was created and the region is full: the replay is not checked again, changes nothing and tells nobody anything', async () => {
    const deliver = capturedSubmission();
    await deliver();
    await vi.waitFor(() => expect(t.slackApi.callsTo('chat.postMessage')).toHaveLength(2));
    const [request] = await storedRequests();
    if (!request) throw new Error('no request');
    await t.service.approve(request.id, 'U0APPROVER1');
    await t.settled();
    // The group it created took the region's last place; a new form would be refused now.
    t.emulator.setLimits({ groupQuota: 1 });
    t.clock.advance(3_600_000);
    const calls = t.slackApi.calls.length;

    await expectModalClosed([await deliver()]);
    await vi.waitFor(() =>
      expect(t.logger.lines.filter((l) => l.text.includes('the same submission arrived again'))).toHaveLength(1),
    );
    await t.settled();
    expect(t.slackApi.calls).toHaveLength(calls);
    expect((await storedRequests()).map((r) => r.status)).toEqual(['done']);
    expect(t.slackApi.responses).toEqual([]);
    expect(request.origin?.conversationId).toBe(CHANNEL);
  });
});

describe('the same add-rules form delivered three times at once', () => {
  it('one add-rules request, one card and one prompt in the group thread', async () => {
    const parent = await submitNewGroup(t, { templateId: 'custom', name: 'blank-one' });
    await click(t, 'secgroup_approve', parent.id, 'U0APPROVER1');
    await waitForStatus(t, parent.id, 'done');
    const thread = cardTsOf(parent);
    // prompt, rules read back (none), the "Add rules now" offer
    await vi.waitFor(() => expect(threadPostsOf(t, thread)).toHaveLength(3));

    const payload = addRulesSubmission(
      parent.id,
      [{ port: '443', peer: '10.0.0.0/8', description: 'HTTPS' }],
      REQUESTER,
    );
    const { body, contentType } = encodeSlackBody('interaction', payload);
    const headers = { 'content-type': contentType, ...slackSignatureHeaders(t.signingSecret, body) };
    const deliver = () => fetch(t.url, { method: 'POST', headers, body });
    await expectModalClosed(await Promise.all([deliver(), deliver(), deliver()]));

    await t.settled();
    const added = (await storedRequests()).filter((r) => r.kind === 'add-rules');
    expect(added).toHaveLength(1);
    // its card and its prompt, and nothing else
    expect(threadPostsOf(t, thread)).toHaveLength(5);
    expect(t.slackApi.responses).toEqual([]);
    expect(t.slackApi.callsTo('chat.postEphemeral')).toEqual([]);
  });
});
