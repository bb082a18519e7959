/**
 * The card ends on the request's latest state even when an older rendering reaches Slack last:
 * two replicas over one store and one Slack, one of them slow to get its update through.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildRequestCard } from '../../../src/slack/blocks/request-card.js';
import { callsTo } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { cardTsOf, click, submitNewGroup, threadPostsOf, updatesOf, waitForStatus } from './flow.js';
import { buttonClick, CHANNEL } from './payloads.js';
import { type Replica, startReplica } from './replica.js';

let t: TestSecgroup;
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
  it("a replica's late update of an older state is followed by the latest state, never the other way round, and the rules are posted once", async () => {
    t = await startTestSecgroup();
    replica = await startReplica(t);
    const request = await submitNewGroup(t, { templateId: 'open-all' });
    expect(request.approvalsRequired).toBe(2);
    const ts = cardTsOf(request);

    // The first approval lands on the replica, whose card update is slow to reach Slack…
    const late = replica.delayNext('chat.update');
    const res = await replica.send(
      'interaction',
      buttonClick('secgroup_approve', request.id, { userId: 'U0APPROVER1', responseUrl: t.slackApi.responseUrl('a1') }),
    );
    expect(res.status).toBe(200);
    await late.arrived;

    // …while the second approval, on the other replica, creates the group. The replica showing
    // the request holds the right to show it, so no newer state reaches the card before its update.
    await click(t, 'secgroup_approve', request.id, 'U0APPROVER2');
    const done = await waitForStatus(t, request.id, 'done');
    expect(updatesOf(t, request)).toEqual([]);

    late.release();
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(2));
    const doneCard = { channel: CHANNEL, ts, ...buildRequestCard(done, labels) };
    await vi.waitFor(() => expect(updatesOf(t, request).at(-1)?.args).toEqual(doneCard));
    const [stale, ...later] = updatesOf(t, request);
    expect(statusOf(stale?.args.text)).toBe('pending');
    expect(JSON.stringify(stale?.args.blocks)).toContain('(1 of 2 approvals) — approved by <@U0APPROVER1>');
    expect(later.map((u) => statusOf(u.args.text))).not.toContain('pending');
    await t.settled();
    await replica.app.settled();
    expect(updatesOf(t, request).at(-1)?.args).toEqual(doneCard);
    expect(threadPostsOf(t, ts)).toHaveLength(2);
    expect(callsTo(t.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(1);
  });
});
