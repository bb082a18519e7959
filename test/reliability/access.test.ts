/**
 * Who gets in, through the real app: requests not signed by Slack are refused with 401 and leave
 * no trace; people who may not do something are told so and nothing changes; button values
 * tampered with are refused cleanly or, where they name another real request, are judged as an
 * ordinary action by the same person on that request.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import { sendUnsigned } from '../helpers/slack-request.js';
import { buttonClick, newGroupSubmission, rejectSubmission, slashCommand } from '../integration/slack/payloads.js';
import { click, privateTexts, publishedRecord, submitNewGroup, taggedGroups, waitForStatus } from './support/flow.js';
import { APPROVER_1, APPROVER_2, APPROVER_3, type RealApp, startRealApp } from './support/real-app.js';

const ALLOWED = 'C0SECREQ';
const OTHER_CHANNEL = 'C0ELSEWHERE';
let app: RealApp;

beforeAll(async () => {
  app = await startRealApp({ env: { SECGROUP_CHANNELS: ALLOWED } });
});
afterAll(async () => {
  await app.stop();
});

/** What a refused request must not have touched: the store, Slack, the cloud. */
async function snapshot(request: ChangeRequest) {
  return {
    stored: await app.store.get(request.id),
    slackCalls: app.slackApi.calls.length,
    responses: app.slackApi.responses.length,
    groups: app.emulator.state().groups.length,
  };
}

describe('requests not signed by Slack', () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const forgeries: [string, (kind: 'command' | 'interaction', payload: object) => Promise<Response>][] = [
    ['no signature', (kind, payload) => sendUnsigned(app.url, kind, payload)],
    ['signed with another secret', (kind, payload) => app.send(kind, payload, { signingSecret: 'not-the-secret' })],
    [
      'signed 6 minutes ago (replayed)',
      (kind, payload) => app.send(kind, payload, { timestampSeconds: nowSeconds() - 360 }),
    ],
    ['signed 6 minutes ahead', (kind, payload) => app.send(kind, payload, { timestampSeconds: nowSeconds() + 360 })],
  ];

  it.each(forgeries)('%s: 401 for every kind of request, and nothing is processed', async (_name, forge) => {
    const request = await submitNewGroup(app);
    const before = await snapshot(request);
    const answers = await Promise.all([
      forge('command', slashCommand('new', { response_url: app.slackApi.responseUrl('forged') })),
      forge(
        'interaction',
        buttonClick('secgroup_approve', request.id, {
          userId: APPROVER_1,
          responseUrl: app.slackApi.responseUrl('forged'),
        }),
      ),
      forge(
        'interaction',
        buttonClick('secgroup_cancel', request.id, {
          userId: 'U0REQUESTER',
          responseUrl: app.slackApi.responseUrl('forged'),
        }),
      ),
      forge('interaction', rejectSubmission(request.id, 'forged', APPROVER_2)),
      forge('interaction', newGroupSubmission({ name: 'forged' }, { responseUrl: app.slackApi.responseUrl('forged') })),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    // A genuine request afterwards is processed, so anything the forgeries had set going would show by now.
    const probe = await click(app, 'secgroup_approve', 'req-zzzzzzzz', APPROVER_1, `probe:${_name}`);
    expect(probe.status).toBe(200);
    await vi.waitFor(() => expect(privateTexts(app.slackApi, `probe:${_name}`)).toHaveLength(1));
    const after = await snapshot(request);
    expect({ ...after, responses: after.responses - 1 }).toEqual(before);
    expect(privateTexts(app.slackApi, 'forged')).toEqual([]);
  });
});

describe('people who may not', () => {
  it('a non-approver pressing Approve, Reject or Retry is told why; the request does not change', async () => {
    const request = await submitNewGroup(app);
    const before = await snapshot(request);
    const modalsBefore = app.slackApi.callsTo('views.open').length;
    for (const action of ['secgroup_approve', 'secgroup_reject', 'secgroup_retry']) {
      await click(app, action, request.id, 'U0STRANGER', `stranger:${action}`);
    }
    await app.send('interaction', rejectSubmission(request.id, 'I say no', 'U0STRANGER'));
    await vi.waitFor(() => {
      for (const action of ['secgroup_approve', 'secgroup_reject', 'secgroup_retry']) {
        expect(privateTexts(app.slackApi, `stranger:${action}`)).toEqual([
          `You're not an approver for \`${request.id}\`, so nothing changed. Ask one of the approvers mentioned in its thread.`,
        ]);
      }
    });
    const rejectedBy = await vi.waitFor(() => {
      const told = app.slackApi.callsTo('chat.postEphemeral').filter((c) => c.args.user === 'U0STRANGER');
      expect(told).toHaveLength(1);
      return String(told[0]?.args.text);
    });
    expect(rejectedBy).toContain("You're not an approver");
    const after = await app.store.get(request.id);
    expect(after).toEqual(before.stored);
    // No reject form was opened for the stranger.
    expect(app.slackApi.callsTo('views.open')).toHaveLength(modalsBefore);
  });

  it('an approver may not approve their own request; nor may anyone but the requester cancel it', async () => {
    const request = await submitNewGroupAs(APPROVER_3);
    const before = await app.store.get(request.id);
    await click(app, 'secgroup_approve', request.id, APPROVER_3, 'self');
    await click(app, 'secgroup_cancel', request.id, APPROVER_1, 'not-mine');
    await vi.waitFor(() => {
      expect(privateTexts(app.slackApi, 'self')).toEqual([
        `You made \`${request.id}\`, so someone else has to approve it. Nothing changed.`,
      ]);
      expect(privateTexts(app.slackApi, 'not-mine')).toEqual([
        `Only the person who made \`${request.id}\` can cancel it. Approvers can reject it instead.`,
      ]);
    });
    expect(await app.store.get(request.id)).toEqual(before);
  });

  it('a channel secgroup is not enabled in: the command is refused, and a form from there is refused by its fields', async () => {
    const requestsBefore = (await app.store.list({ limit: 100 })).items.length;
    const modalsBefore = app.slackApi.callsTo('views.open').length;
    await app.send(
      'command',
      slashCommand('new', { channel_id: OTHER_CHANNEL, response_url: app.slackApi.responseUrl('elsewhere') }),
    );
    await vi.waitFor(() =>
      expect(privateTexts(app.slackApi, 'elsewhere')).toEqual([
        `secgroup isn't enabled in this channel. Use it in <#${ALLOWED}>.`,
      ]),
    );
    expect(app.slackApi.callsTo('views.open')).toHaveLength(modalsBefore);
    const res = await app.send(
      'interaction',
      newGroupSubmission(
        { name: 'from-elsewhere' },
        { channelId: OTHER_CHANNEL, responseUrl: app.slackApi.responseUrl('x') },
      ),
    );
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { new_group_name: 'secgroup is no longer enabled in the channel this form came from. Close it.' },
    });
    expect((await app.store.list({ limit: 100 })).items.length).toBe(requestsBefore);
  });
});

describe('button values tampered with', () => {
  it.each([
    ['empty', ''],
    ['not an id', 'approve-everything'],
    ['an id that does not exist', 'req-zzzzzzzz'],
    ['mrkdwn', '<!channel>'],
    ['very long', 'req-'.padEnd(5_000, 'a')],
    ['a group id', 'sg-1a2b3c4d'],
  ])('%s: a clean "not found", and nothing changes', async (_name, value) => {
    const request = await submitNewGroup(app);
    const before = await snapshot(request);
    const name = `tampered:${_name}`;
    await app.send(
      'interaction',
      buttonClick('secgroup_approve', value, { userId: APPROVER_1, responseUrl: app.slackApi.responseUrl(name) }),
    );
    const [told] = await vi.waitFor(() => {
      const texts = privateTexts(app.slackApi, name);
      expect(texts).toHaveLength(1);
      return texts;
    });
    expect(told).toMatch(/^I can't find request `[^<>]*`\.$/);
    expect(told?.length).toBeLessThan(200);
    const after = await snapshot(request);
    expect({ ...after, responses: after.responses - 1 }).toEqual(before);
  });

  it("request A's button carrying request B's id acts on B as that person, with that person's rights", async () => {
    const a = await submitNewGroup(app);
    const b = await submitNewGroup(app);
    const aBefore = await app.store.get(a.id);
    const aShown = await publishedRecord(app, a);
    const onA = { messageTs: aShown.promptTs, threadTs: aShown.cardTs };
    // A stranger gets nowhere with B either.
    await app.send(
      'interaction',
      buttonClick('secgroup_approve', b.id, {
        userId: 'U0STRANGER',
        responseUrl: app.slackApi.responseUrl('swap-stranger'),
        ...onA,
      }),
    );
    await vi.waitFor(() => expect(privateTexts(app.slackApi, 'swap-stranger')).toHaveLength(1));
    expect((await app.store.get(b.id))?.status).toBe('pending');
    // An approver approves B: exactly what pressing B's own button would do.
    await app.send(
      'interaction',
      buttonClick('secgroup_approve', b.id, {
        userId: APPROVER_1,
        responseUrl: app.slackApi.responseUrl('swap'),
        ...onA,
      }),
    );
    const done = await waitForStatus(app, b.id, 'done');
    expect(done.approvals.map((x) => x.actorId)).toEqual([APPROVER_1]);
    expect(taggedGroups(app.emulator.state(), b.id)).toHaveLength(1);
    expect(await app.store.get(a.id)).toEqual(aBefore);
  });
});

/** A request made by `userId` (who may also be an approver). */
async function submitNewGroupAs(userId: string): Promise<ChangeRequest> {
  const name = `by-${userId}-${Date.now()}`;
  const res = await app.send(
    'interaction',
    newGroupSubmission({ name }, { userId, responseUrl: app.slackApi.responseUrl(name) }),
  );
  expect(res.status).toBe(200);
  return vi.waitFor(async () => {
    const found = (await app.store.list({ limit: 100 })).items.find(
      (r) => r.spec.kind === 'create-group' && r.spec.name === name,
    );
    if (!found) throw new Error('not stored yet');
    await publishedRecord(app, found);
    return found;
  });
}
