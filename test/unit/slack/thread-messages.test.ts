import { describe, expect, it } from 'vitest';
import type { ChangeRequest, Rule } from '../../../src/service/types.js';
import {
  buildAddRulesOffer,
  buildApprovalPrompt,
  buildCannotPostMessage,
  buildFailureMessage,
  buildRulesMessages,
} from '../../../src/slack/blocks/thread-messages.js';
import { aRequest, egressRule, sshRule } from './change-request-fixture.js';

const at = '2026-01-02T04:00:00.000Z';
const done = aRequest({
  status: 'done',
  approvals: [{ actorId: 'U0APPROVER', at }],
  result: { securityGroupId: 'sg-1a2b3c4d', rules: [sshRule, egressRule], completedAt: at },
});

function buttons(message: { blocks: unknown[] }) {
  return message.blocks.flatMap((b) => {
    const block = b as { type: string; elements?: { action_id: string; value?: string }[] };
    return block.type === 'actions' ? (block.elements ?? []).map((e) => [e.action_id, e.value]) : [];
  });
}

describe('thread messages', () => {
  it('asks the approvers (users and groups) with buttons whose value is only the request id', () => {
    const prompt = buildApprovalPrompt(aRequest(), ['U0AP1', 'S0GROUP']);
    expect(prompt.text).toBe('req-ab12cd34 needs approval (1 approval needed)');
    expect(JSON.stringify(prompt.blocks[0])).toContain('<@U0AP1> <!subteam^S0GROUP>: please review `req-ab12cd34`');
    expect(buttons(prompt)).toEqual([
      ['secgroup_approve', 'req-ab12cd34'],
      ['secgroup_reject', 'req-ab12cd34'],
      ['secgroup_cancel', 'req-ab12cd34'],
    ]);
  });

  const decided: [string, Partial<ChangeRequest>, string, string][] = [
    [
      'approved',
      { status: 'approved', approvals: [{ actorId: 'U0AP1', at }] },
      'approved',
      ':thumbsup: Approved by <@U0AP1>',
    ],
    [
      'done with two approvals',
      {
        status: 'done',
        approvalsRequired: 2,
        approvals: [
          { actorId: 'U0AP1', at },
          { actorId: 'U0AP2', at },
        ],
      },
      'approved',
      ':thumbsup: Approved by <@U0AP1>, <@U0AP2>',
    ],
    [
      'rejected',
      {
        status: 'rejected',
        history: [{ from: 'pending', to: 'rejected', actorId: 'U0AP1', at, reason: 'not <!here> & not now' }],
      },
      'rejected',
      ':no_entry: Rejected by <@U0AP1>: not &lt;!here&gt; &amp; not now',
    ],
    [
      'cancelled',
      { status: 'cancelled', history: [{ from: 'pending', to: 'cancelled', actorId: 'U0REQUESTER', at }] },
      'cancelled',
      ':heavy_multiplication_x: Cancelled by <@U0REQUESTER>',
    ],
    ['expired', { status: 'expired' }, 'expired', ':hourglass: Expired: nobody approved it in time'],
  ];
  it.each(decided)('once %s, the prompt says how in place of its buttons', (_name, overrides, word, line) => {
    const prompt = buildApprovalPrompt(aRequest(overrides), ['U0AP1']);
    expect(prompt.text).toBe(`req-ab12cd34: ${word}`);
    expect(buttons(prompt)).toEqual([]);
    expect(prompt.blocks).toEqual([
      buildApprovalPrompt(aRequest({ ...overrides, status: 'pending' }), ['U0AP1']).blocks[0],
      { type: 'context', elements: [{ type: 'mrkdwn', text: line }] },
    ]);
  });

  it('takes Retry away once a retry has started, saying who started it', () => {
    const failure = { code: 'LimitExceeded', message: 'too many', requestId: 'r-1' };
    const retried = aRequest({
      status: 'executing',
      failure,
      history: [
        { from: 'executing', to: 'failed', actorId: 'system', at },
        { from: 'failed', to: 'executing', actorId: 'U0AP2', at, reason: 'retry' },
      ],
    });
    const message = buildFailureMessage(retried);
    expect(buttons(message)).toEqual([]);
    expect(message.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':x: Tencent Cloud refused `req-ab12cd34`: `LimitExceeded`: too many (RequestId `r-1`)',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: ':repeat: Retried by <@U0AP2>' }] },
    ]);
  });

  it('shows the cloud error and offers Retry', () => {
    const failed = aRequest({
      status: 'failed',
      failure: { code: 'LimitExceeded', message: 'too many', requestId: 'r-1' },
    });
    const message = buildFailureMessage(failed);
    expect(JSON.stringify(message.blocks)).toContain('`LimitExceeded`: too many (RequestId `r-1`)');
    expect(buttons(message)).toEqual([['secgroup_retry', 'req-ab12cd34']]);
  });

  it('posts the rules read back, inbound and outbound', () => {
    const messages = buildRulesMessages(done, [sshRule, egressRule]);
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages[0]?.blocks);
    expect(text).toContain('Created `sg-1a2b3c4d`. Its rules, as read back from Tencent Cloud:');
    expect(text).toContain('*Inbound rules* (1)');
    expect(text).toContain('Protocol  Port  Source     Action  Description');
    expect(text).toContain('TCP       22    0.0.0.0/0  ACCEPT  Linux SSH login (IPv4)');
    expect(text).toContain('Protocol  Port  Destination  Action  Description');
  });

  it('splits a big group across messages within 50 blocks and 3000 characters, then cuts with a note', () => {
    const many: Rule[] = Array.from({ length: 5000 }, (_, i) => ({
      ...sshRule,
      port: String(i + 1),
      description: `rule ${i} ${'d'.repeat(90)}`,
    }));
    const messages = buildRulesMessages(done, many);
    expect(messages.length).toBe(4);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(message.text.length).toBeGreaterThan(0);
      for (const block of message.blocks) {
        if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      }
    }
    const last = JSON.stringify(messages[3]?.blocks);
    expect(last.includes('Cut here: the group has more rules than fit in 4 messages.')).toBe(true);
  });

  it('offers Add rules now for a blank group', () => {
    expect(buttons(buildAddRulesOffer(done))).toEqual([['secgroup_add_rules_now', 'req-ab12cd34']]);
  });

  it('tells the requester exactly how to get the request posted', () => {
    const message = buildCannotPostMessage(aRequest(), 'C0PRIVATE');
    expect(JSON.stringify(message.blocks)).toContain(
      "I can't post in <#C0PRIVATE> because I'm not a member. Type `/invite @secgroup` in <#C0PRIVATE>, then run `/secgroup show req-ab12cd34` there to post it.",
    );
    const dm = buildCannotPostMessage(aRequest(), 'D0DIRECT');
    expect(JSON.stringify(dm.blocks)).toContain("I can't post requests in a direct message.");
  });
});
