/**
 * The card ends on the request's latest state even when an older rendering reaches Slack last:
 * two replicas over one store and one Slack, one of them slow to get its update through.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildRequestCard } from '../../../src/slack/blocks/request-card.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { click, submitNewGroup, threadPostsOf, updatesOf, waitForStatus } from './flow.js';
import { buttonClick, CHANNEL } from './payloads.js';
import { type Replica, startReplica } from './replica.js';

let t: TestApp;
let replica: Replica | undefined;
afterEach(async () => {
  await replica?.stop();
  replica = undefined;
  await t.stop();
});

const labels = {
  regionName: 'South China (Guangzhou)',
  templateName: 'Open all ports',
  projectName: 'Default project',
};

/** The status a card update shows, from its text fallback ("… (done)"). */
const statusOf = (text: unknown) => String(text).replace(/.*\((\w+)\)$/, '$1');

describe('card updates of one request', () => {
  it("a replica's late update of an older state is followed by the latest state, and the rules are posted once", async () => {
    t = await startTestApp();
    replica = await startReplica(t);
    const request = await submitNewGroup(t, { templateId: 'open-all' });
    expect(request.approvalsRequired).toBe(2);
    const ts = request.conversation?.messageId ?? '';

    // The first approval lands on the replica, whose card update is slow to reach Slack…
    const late = replica.delayNext('chat.update');
    const res = await replica.send(
      'interaction',
      buttonClick('secgroup_approve', request.id, { userId: 'U0APPROVER1', responseUrl: t.slackApi.responseUrl('a1') }),
    );
    expect(res.status).toBe(200);
    await late.arrived;

    // …while the second approval, on the other replica, creates the group and posts its rules.
    await click(t, 'secgroup_approve', request.id, 'U0APPROVER2');
    const done = await waitForStatus(t, request.id, 'done');
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(2));
    const doneCard = { channel: CHANNEL, ts, ...buildRequestCard(done, labels) };
    expect(updatesOf(t, request).at(-1)?.args).toEqual(doneCard);
    const before = updatesOf(t, request).length;

    late.release();
    await vi.waitFor(() => expect(updatesOf(t, request)).toHaveLength(before + 2));
    const [stale, last] = updatesOf(t, request).slice(-2);
    expect(statusOf(stale?.args.text)).toBe('pending');
    expect(JSON.stringify(stale?.args.blocks)).toContain('(1 of 2 approvals) — approved by <@U0APPROVER1>');
    expect(last?.args).toEqual(doneCard);
    expect(threadPostsOf(t, ts)).toHaveLength(2);
    expect(t.cloud.callsTo('createGroupWithRules')).toHaveLength(1);
  });
});
