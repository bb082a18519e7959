import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildRequestCard } from '../../../src/slack/blocks/request-card.js';
import {
  buildApprovalPrompt,
  buildFailureMessage,
  buildRulesMessages,
} from '../../../src/slack/blocks/thread-messages.js';
import { callsTo, failNext, groupsIn, rulesOf } from '../../helpers/test-emulator.js';
import { startTestSecgroup, TEST_APPROVERS, type TestSecgroup } from '../../helpers/test-secgroup.js';
import {
  cardTsOf,
  click,
  privateAnswers,
  promptTsOf,
  submitNewGroup,
  threadPostsOf,
  updatesAt,
  updatesOf,
  waitForStatus,
} from './flow.js';
import { buttonClick, CHANNEL, REQUESTER, rejectSubmission } from './payloads.js';
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
  templateName: 'Open port 22, 80, 443, 3389 and ICMP protocol',
  projectName: 'Default project',
};
const APPROVER = 'U0APPROVER1';
const OTHER_APPROVER = 'U0APPROVER2';

function ephemeral(text: string) {
  return { response_type: 'ephemeral', replace_original: false, text };
}

/** The test clock's start (2026-03-02 09:00 UTC) as each reader sees it. */
const START = '<!date^1772442000^{date_short_pretty} {time}|2026-03-02 09:00 UTC>';

/** The approval prompt once decided: only how and when (and why), nothing asked of anyone. */
function decidedPrompt(id: string, status: string, decision: string, reason?: string) {
  return {
    channel: CHANNEL,
    text: `${id}: ${status}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `\`${id}\`: ${decision}` } },
      // The rejection's reason as typed, in plain text, where Slack formats nothing.
      ...(reason
        ? [{ type: 'context', elements: [{ type: 'plain_text', text: `Reason: ${reason}`, emoji: false }] }]
        : []),
    ],
  };
}

describe('approval in the thread', () => {
  it('approve: the card shows Creating… while the cloud works, then Created, and the rules read back are posted in the thread', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    const create = t.emulator.holdNext('CreateSecurityGroupWithPolicies');
    await click(t, 'secgroup_approve', request.id, APPROVER);
    await create.arrived;
    await vi.waitFor(() =>
      expect(JSON.stringify(updatesOf(t, request).at(-1)?.args.blocks)).toContain(':gear: *Creating…*'),
    );
    create.release();
    const done = await waitForStatus(t, request.id, 'done');
    const groupId = done.result?.securityGroupId ?? '';
    expect(groupId).toMatch(/^sg-[a-z0-9]{8}$/);

    const ts = cardTsOf(request);
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(2));
    await t.settled();
    const updates = updatesOf(t, request);
    // Each update shows a later state than the one before it, never an earlier one.
    const order = ['approved', 'executing', 'done'];
    const shownStates = updates.map((u) => order.indexOf((u.args.text as string).replace(/.*\((\w+)\)$/, '$1')));
    expect(shownStates).toEqual([...shownStates].sort());
    expect(shownStates).toContain(order.indexOf('executing'));
    expect(updates.at(-1)?.args).toEqual({ channel: CHANNEL, ts, ...buildRequestCard(done, labels) });
    expect(updates.at(-1)?.args.blocks).toEqual(
      expect.arrayContaining([
        { type: 'header', text: { type: 'plain_text', text: `web-prod (${groupId})`, emoji: false } },
        expect.objectContaining({
          fields: expect.arrayContaining([{ type: 'mrkdwn', text: `*Approved by*\n<@U0APPROVER1> ${START}` }]),
        }),
      ]),
    );

    // The rules posted are those the cloud holds for the new group.
    const cloudRules = rulesOf(t.emulator, groupId);
    expect(cloudRules).toHaveLength(13);
    const [rulesPost] = threadPostsOf(t, ts).slice(1);
    expect(rulesPost?.args).toEqual({ channel: CHANNEL, thread_ts: ts, ...buildRulesMessages(done, cloudRules)[0] });
    const table = JSON.stringify(rulesPost?.args.blocks);
    expect(table).toContain(`:white_check_mark: <@U0REQUESTER> Created \`${groupId}\` (\`web-prod\`)`);
    expect(rulesPost?.args.text).toBe(`<@U0REQUESTER> ${groupId}: 13 rules`);
    expect(table).toContain('*Inbound rules* (11)');
    expect(table).toContain('*Outbound rules* (2)');
    expect(table).toContain('• `0.0.0.0/0` · TCP:22 · Allow · `Linux SSH login (IPv4)`');
    expect(privateAnswers(t, `secgroup_approve:${APPROVER}`)).toEqual([]);

    // The prompt's buttons are gone once it is approved: one update, saying by whom.
    const promptId = promptTsOf(request);
    expect(promptId).toBe('1767000000.000002');
    expect(updatesAt(t, promptId).map((u) => u.args)).toEqual([
      { ts: promptId, ...decidedPrompt(request.id, 'approved', `:thumbsup: Approved by <@U0APPROVER1> (${START})`) },
    ]);
  });

  it('Approve, Cancel request and Retry ask to confirm, saying what will happen and which risks a plan has', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    const prompt = t.slackApi.callsTo('chat.postMessage')[1]?.args.blocks as {
      type: string;
      elements?: { action_id: string; confirm?: unknown }[];
    }[];
    const confirms = Object.fromEntries(prompt.flatMap((b) => b.elements ?? []).map((e) => [e.action_id, e.confirm]));
    expect(confirms).toEqual({
      secgroup_approve: {
        title: { type: 'plain_text', text: `Approve ${request.id}?` },
        text: {
          type: 'plain_text',
          emoji: false,
          text: 'This will create security group "web-prod" in ap-guangzhou with 13 rules on Tencent Cloud right away. Risks: RDP (3389) open to the internet; SSH (22) open to the internet.',
        },
        confirm: { type: 'plain_text', text: 'Approve and apply' },
        deny: { type: 'plain_text', text: 'Not yet' },
        style: 'danger',
      },
      // Reject asks for a reason in its own modal first.
      secgroup_reject: undefined,
      secgroup_cancel: expect.objectContaining({
        title: { type: 'plain_text', text: `Cancel ${request.id}?` },
        confirm: { type: 'plain_text', text: 'Cancel request' },
        style: 'danger',
      }),
    });

    failNext(t.emulator, { action: 'CreateSecurityGroupWithPolicies', code: 'ResourceInsufficient' });
    await click(t, 'secgroup_approve', request.id, APPROVER);
    await waitForStatus(t, request.id, 'failed');
    const ts = cardTsOf(request);
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(2));
    const failure = threadPostsOf(t, ts)[1]?.args.blocks as { elements?: { confirm?: unknown }[] }[] | undefined;
    const retry = failure?.[1]?.elements?.[0];
    expect(retry?.confirm).toEqual({
      title: { type: 'plain_text', text: `Retry ${request.id}?` },
      text: {
        type: 'plain_text',
        emoji: false,
        text: 'This will try again to create security group "web-prod" in ap-guangzhou with 13 rules. Tencent Cloud refused it last time with ResourceInsufficient. A change that partly went through is not applied twice.',
      },
      confirm: { type: 'plain_text', text: 'Retry' },
      deny: { type: 'plain_text', text: 'Not now' },
      style: 'primary',
    });
  });

  it('a second click is told who already approved, and nothing changes', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    await click(t, 'secgroup_approve', request.id, APPROVER);
    const done = await waitForStatus(t, request.id, 'done');
    // The card's last update may land after the status reads done: count once it has.
    await t.settled();
    const updatesBefore = t.slackApi.callsTo('chat.update').length;

    const name = await click(t, 'secgroup_approve', request.id, OTHER_APPROVER);
    await vi.waitFor(() => expect(privateAnswers(t, name)).toHaveLength(1));
    expect(privateAnswers(t, name)[0]).toEqual(
      ephemeral(`Already approved by <@U0APPROVER1>; \`${request.id}\` is done (\`${done.result?.securityGroupId}\`).`),
    );
    expect(t.slackApi.callsTo('chat.update')).toHaveLength(updatesBefore);
    expect(callsTo(t.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(1);
    expect((await t.service.get(request.id)).version).toBe(done.version);
  });

  it('a non-approver pressing Approve or Reject is told why, and nothing changes', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    const approveName = await click(t, 'secgroup_approve', request.id, 'U0STRANGER');
    const rejectName = await click(t, 'secgroup_reject', request.id, 'U0STRANGER');
    await vi.waitFor(() => expect(t.slackApi.responses).toHaveLength(2));
    const notApprover = ephemeral(
      `You're not an approver for \`${request.id}\`, so nothing changed. Ask one of the approvers mentioned in its thread.`,
    );
    expect(privateAnswers(t, approveName)).toEqual([notApprover]);
    expect(privateAnswers(t, rejectName)).toEqual([notApprover]);
    expect(t.slackApi.callsTo('chat.update')).toEqual([]);
    expect(t.slackApi.callsTo('views.open')).toEqual([]);
    expect(callsTo(t.emulator, 'CreateSecurityGroupWithPolicies')).toEqual([]);
    const stored = await t.service.get(request.id);
    expect(stored.status).toBe('pending');
    expect(stored.approvals).toEqual([]);
  });

  it('the requester cannot approve their own request, even as an approver', async () => {
    t = await startTestSecgroup({ approvers: [REQUESTER, APPROVER] });
    const request = await submitNewGroup(t);
    const name = await click(t, 'secgroup_approve', request.id, REQUESTER);
    await vi.waitFor(() => expect(privateAnswers(t, name)).toHaveLength(1));
    expect(privateAnswers(t, name)[0]).toEqual(
      ephemeral(`You made \`${request.id}\`, so someone else has to approve it. Nothing changed.`),
    );
    expect(t.slackApi.callsTo('chat.update')).toEqual([]);
    expect((await t.service.get(request.id)).approvals).toEqual([]);
  });

  it('a garbage or tampered request id is refused with escaped text', async () => {
    t = await startTestSecgroup();
    const name = await click(t, 'secgroup_approve', '<!channel>', APPROVER);
    await vi.waitFor(() => expect(privateAnswers(t, name)).toHaveLength(1));
    expect(privateAnswers(t, name)[0]).toEqual(ephemeral("I can't find request `&lt;!channel&gt;`."));
  });

  it('reject asks for a reason, then the card shows who rejected and why', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    await click(t, 'secgroup_reject', request.id, APPROVER);
    await vi.waitFor(() => expect(t.slackApi.callsTo('views.open')).toHaveLength(1));
    const view = t.slackApi.callsTo('views.open')[0]?.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('secgroup_reject_reason');
    expect(JSON.parse(view.private_metadata)).toEqual({ requestId: request.id, channelId: CHANNEL });

    const empty = await t.send('interaction', rejectSubmission(request.id, '  ', APPROVER));
    expect(await empty.json()).toEqual({
      response_action: 'errors',
      errors: { reject_reason: 'Say why the request is rejected.' },
    });
    expect((await t.service.get(request.id)).status).toBe('pending');

    const res = await t.send(
      'interaction',
      rejectSubmission(request.id, 'SSH must not be open to <!everyone>', APPROVER),
    );
    expect(await res.text()).toBe('');
    const rejected = await waitForStatus(t, request.id, 'rejected');
    expect(rejected.history.at(-1)).toMatchObject({
      to: 'rejected',
      actorId: APPROVER,
      reason: 'SSH must not be open to <!everyone>',
    });
    await vi.waitFor(() => expect(updatesOf(t, request)).toHaveLength(1));
    const card = JSON.stringify(updatesOf(t, request)[0]?.args.blocks);
    expect(card).toContain(`:no_entry: *Rejected* by <@U0APPROVER1> (${START})"`);
    // The reason as typed, in plain text: Slack parses nothing in it.
    expect(card).toContain('{"type":"plain_text","text":"Reason: SSH must not be open to <!everyone>","emoji":false}');
    expect(card).not.toContain('expires');
    const promptId = promptTsOf(request);
    await vi.waitFor(() => expect(updatesAt(t, promptId)).toHaveLength(1));
    expect(updatesAt(t, promptId)[0]?.args).toEqual({
      ts: promptId,
      ...decidedPrompt(
        request.id,
        'rejected',
        `:no_entry: Rejected by <@U0APPROVER1> (${START})`,
        'SSH must not be open to <!everyone>',
      ),
    });
    // The requester is told in the thread, with the reason.
    const ts = cardTsOf(request);
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(2));
    expect(threadPostsOf(t, ts)[1]?.args).toEqual({
      channel: CHANNEL,
      thread_ts: ts,
      text: `<@U0REQUESTER> ${request.id} was rejected`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:no_entry: <@U0REQUESTER> your request \`${request.id}\` was rejected by <@U0APPROVER1> (${START}).\nNo group was created.`,
          },
        },
        // The reason as typed, in plain text.
        {
          type: 'context',
          elements: [{ type: 'plain_text', text: 'Reason: SSH must not be open to <!everyone>', emoji: false }],
        },
      ],
    });
    expect(callsTo(t.emulator, 'CreateSecurityGroupWithPolicies')).toEqual([]);
  });

  it('the requester can cancel while pending; nobody else can', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    const byApprover = await click(t, 'secgroup_cancel', request.id, APPROVER);
    await vi.waitFor(() => expect(privateAnswers(t, byApprover)).toHaveLength(1));
    expect(privateAnswers(t, byApprover)[0]).toEqual(
      ephemeral(`Only the person who made \`${request.id}\` can cancel it. Approvers can reject it instead.`),
    );

    await click(t, 'secgroup_cancel', request.id, REQUESTER);
    await waitForStatus(t, request.id, 'cancelled');
    await vi.waitFor(() => expect(updatesOf(t, request)).toHaveLength(1));
    expect(JSON.stringify(updatesOf(t, request)[0]?.args.blocks)).toContain(
      `:heavy_multiplication_x: *Cancelled* by <@U0REQUESTER> (${START})`,
    );
    const ts = cardTsOf(request);
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(2));
    expect(threadPostsOf(t, ts)[1]?.args).toMatchObject({
      text: `<@U0REQUESTER> ${request.id} was cancelled`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:heavy_multiplication_x: <@U0REQUESTER> your request \`${request.id}\` was cancelled by <@U0REQUESTER> (${START}). No group was created.`,
          },
        },
      ],
    });
    const promptId = promptTsOf(request);
    await vi.waitFor(() => expect(updatesAt(t, promptId)).toHaveLength(1));
    expect(updatesAt(t, promptId)[0]?.args).toEqual({
      ts: promptId,
      ...decidedPrompt(request.id, 'cancelled', `:heavy_multiplication_x: Cancelled by <@U0REQUESTER> (${START})`),
    });

    const late = await click(t, 'secgroup_approve', request.id, APPROVER);
    await vi.waitFor(() => expect(privateAnswers(t, late)).toHaveLength(1));
    expect(privateAnswers(t, late)[0]).toEqual(
      ephemeral(`\`${request.id}\` was already cancelled by <@U0REQUESTER>; nothing changed.`),
    );
  });

  it("a failed create shows Tencent Cloud's error with Retry; Retry by an approver creates the group", async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    failNext(t.emulator, {
      action: 'CreateSecurityGroupWithPolicies',
      code: 'LimitExceeded',
      message: 'The number of security groups exceeds the quota.',
    });
    await click(t, 'secgroup_approve', request.id, APPROVER);
    const failed = await waitForStatus(t, request.id, 'failed');
    const cloudRequestId = callsTo(t.emulator, 'CreateSecurityGroupWithPolicies')[0]?.requestId;
    const ts = cardTsOf(request);
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(2));
    expect(JSON.stringify(updatesOf(t, request).at(-1)?.args.blocks)).toContain(
      `:x: *Failed*: \`LimitExceeded\`: \`The number of security groups exceeds the quota.\` (RequestId \`${cloudRequestId}\`)`,
    );
    expect(threadPostsOf(t, ts)[1]?.args).toEqual({ channel: CHANNEL, thread_ts: ts, ...buildFailureMessage(failed) });
    // The requester is told, by mention, in the post and in its notification text.
    expect(threadPostsOf(t, ts)[1]?.args.text).toBe(`<@U0REQUESTER> ${request.id} failed: LimitExceeded`);
    expect(JSON.stringify(updatesOf(t, request).at(-1)?.args.blocks)).not.toContain('expires');

    // The approval prompt says it was approved; the failure keeps its Retry until a retry starts.
    expect(updatesAt(t, promptTsOf(request))).toHaveLength(1);
    const offered = await vi.waitFor(async () => {
      const offer = (await t.shown(request.id))?.retryOfferTs;
      if (!offer) throw new Error('the retry offer is not recorded yet');
      return offer;
    });
    expect(offered).toBe('1767000000.000003');

    const stranger = await click(t, 'secgroup_retry', request.id, 'U0STRANGER');
    await vi.waitFor(() => expect(privateAnswers(t, stranger)).toHaveLength(1));
    expect((await t.service.get(request.id)).status).toBe('failed');
    expect(updatesAt(t, offered)).toEqual([]);

    await click(t, 'secgroup_retry', request.id, OTHER_APPROVER);
    const done = await waitForStatus(t, request.id, 'done');
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(3));
    expect(updatesAt(t, offered).map((u) => u.args)).toEqual([
      {
        channel: CHANNEL,
        ts: offered,
        text: `<@U0REQUESTER> ${request.id} failed: LimitExceeded`,
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `:x: <@U0REQUESTER> Tencent Cloud refused \`${request.id}\`: \`LimitExceeded\`: \`The number of security groups exceeds the quota.\` (RequestId \`${cloudRequestId}\`)`,
            },
          },
          { type: 'context', elements: [{ type: 'mrkdwn', text: ':repeat: Retried by <@U0APPROVER2>' }] },
        ],
      },
    ]);
    expect(updatesAt(t, promptTsOf(request))).toHaveLength(1);
    expect(JSON.stringify(updatesOf(t, request).at(-1)?.args.blocks)).toContain(
      `:white_check_mark: *Created* \`${done.result?.securityGroupId}\``,
    );
    expect(groupsIn(t.emulator, 'ap-guangzhou')).toHaveLength(1);
    expect(JSON.stringify(threadPostsOf(t, ts)[2]?.args.blocks)).toContain('*Inbound rules* (11)');
  });

  it('an overdue request is shown as Expired, and the requester is told in the thread', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    t.clock.advance(25 * 3_600_000);
    await t.service.expireDue();
    await vi.waitFor(() => expect(updatesOf(t, request)).toHaveLength(1));
    const expiredAt = '<!date^1772532000^{date_short_pretty} {time}|2026-03-03 10:00 UTC>';
    const card = JSON.stringify(updatesOf(t, request)[0]?.args.blocks);
    expect(card).toContain(`:hourglass: *Expired*: nobody approved it in time (${expiredAt})`);
    expect(card).not.toContain('expires');
    const promptId = promptTsOf(request);
    await vi.waitFor(() => expect(updatesAt(t, promptId)).toHaveLength(1));
    expect(updatesAt(t, promptId)[0]?.args).toEqual({
      ts: promptId,
      ...decidedPrompt(request.id, 'expired', `:hourglass: Expired: nobody approved it in time (${expiredAt})`),
    });
    const ts = cardTsOf(request);
    await vi.waitFor(() => expect(threadPostsOf(t, ts)).toHaveLength(2));
    expect(threadPostsOf(t, ts)[1]?.args).toMatchObject({
      text: `<@U0REQUESTER> ${request.id} expired`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:hourglass: <@U0REQUESTER> your request \`${request.id}\` expired: nobody approved it by <!date^1772528400^{date_short_pretty} {time}|2026-03-03 09:00 UTC>. No group was created. If you still need it, make a new request with \`/secgroup new\`.`,
          },
        },
      ],
    });
    const late = await click(t, 'secgroup_approve', request.id, APPROVER);
    await vi.waitFor(() => expect(privateAnswers(t, late)).toHaveLength(1));
    expect(JSON.stringify(privateAnswers(t, late)[0])).toContain('has expired; nothing changed.');
  });
});

describe('closing the approval prompt', () => {
  it('another process (a restart, a second replica) closes the prompt from what the request records', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    replica = await startReplica(t);
    const res = await replica.send(
      'interaction',
      buttonClick('secgroup_cancel', request.id, { userId: REQUESTER, responseUrl: t.slackApi.responseUrl('c') }),
    );
    expect(res.status).toBe(200);
    const promptId = promptTsOf(request);
    await vi.waitFor(() => expect(updatesAt(t, promptId)).toHaveLength(1));
    const cancelled = await t.service.get(request.id);
    expect(updatesAt(t, promptId)[0]?.args).toEqual({
      channel: CHANNEL,
      ts: promptId,
      ...buildApprovalPrompt(cancelled, TEST_APPROVERS),
    });
    expect(JSON.stringify(updatesAt(t, promptId)[0]?.args.blocks)).not.toContain('secgroup_approve');
  });

  it('closes the prompt even when the card cannot be updated (deleted in Slack)', async () => {
    t = await startTestSecgroup();
    const request = await submitNewGroup(t);
    t.slackApi.failNext('chat.update', 'message_not_found');
    await click(t, 'secgroup_cancel', request.id, REQUESTER);
    const promptId = promptTsOf(request);
    await vi.waitFor(() => expect(updatesAt(t, promptId)).toHaveLength(1));
    expect(JSON.stringify(updatesAt(t, promptId)[0]?.args.blocks)).toContain('Cancelled by <@U0REQUESTER>');
    // The card's update was refused (message_not_found); the prompt's was still made.
    expect(updatesOf(t, request)).toHaveLength(1);
    expect(
      t.logger.lines.some(
        (l) => l.level === 'warn' && l.text.includes(`could not update its messages for ${request.id}`),
      ),
    ).toBe(true);
  });
});

describe('approvers from a Slack user group', () => {
  it('mentions the group and lets its members approve, resolved through usergroups.users.list', async () => {
    t = await startTestSecgroup({ approvers: ['S0SECOPS'] });
    t.slackApi.setUsergroup('S0SECOPS', ['U0MEMBER']);
    const request = await submitNewGroup(t);
    const prompt = t.slackApi.callsTo('chat.postMessage')[1];
    expect(JSON.stringify(prompt?.args.blocks)).toContain('<!subteam^S0SECOPS>: please review');

    const outsider = await click(t, 'secgroup_approve', request.id, 'U0OUTSIDER');
    await vi.waitFor(() => expect(privateAnswers(t, outsider)).toHaveLength(1));
    await click(t, 'secgroup_approve', request.id, 'U0MEMBER');
    await waitForStatus(t, request.id, 'done');
    expect(t.slackApi.callsTo('usergroups.users.list').map((c) => c.args.usergroup)).toEqual(['S0SECOPS']);
  });

  it('fails closed when the group cannot be read', async () => {
    t = await startTestSecgroup({ approvers: ['S0SECOPS'] });
    t.slackApi.failNext('usergroups.users.list', 'missing_scope');
    const request = await submitNewGroup(t);
    const name = await click(t, 'secgroup_approve', request.id, 'U0MEMBER');
    await vi.waitFor(() => expect(privateAnswers(t, name)).toHaveLength(1));
    expect(JSON.stringify(privateAnswers(t, name)[0])).toContain("You're not an approver");
    expect((await t.service.get(request.id)).status).toBe('pending');
    expect(
      t.logger.lines.some((l) => l.level === 'warn' && l.text.includes('could not read user group S0SECOPS')),
    ).toBe(true);
  });
});
