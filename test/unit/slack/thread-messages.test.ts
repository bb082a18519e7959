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

  function confirmOf(message: { blocks: unknown[] }, actionId: string) {
    for (const b of message.blocks) {
      const block = b as { type: string; elements?: { action_id: string; confirm?: unknown }[] };
      const found = block.elements?.find((e) => e.action_id === actionId);
      if (found) return found.confirm;
    }
    return undefined;
  }

  it('asks to confirm Approve, saying what it creates and, for a risky plan, which risks', () => {
    const prompt = buildApprovalPrompt(aRequest(), ['U0AP1']);
    expect(confirmOf(prompt, 'secgroup_approve')).toEqual({
      title: { type: 'plain_text', text: 'Approve req-ab12cd34?' },
      text: {
        type: 'plain_text',
        emoji: false,
        text: 'This will create security group "web-prod" in ap-guangzhou with 2 rules on Tencent Cloud right away. Risks: SSH (22) open to the internet.',
      },
      confirm: { type: 'plain_text', text: 'Approve and apply' },
      deny: { type: 'plain_text', text: 'Not yet' },
      style: 'danger',
    });
    const safe = buildApprovalPrompt(aRequest({ risks: [], approvalsRequired: 2 }), ['U0AP1']);
    expect(confirmOf(safe, 'secgroup_approve')).toMatchObject({
      text: {
        type: 'plain_text',
        emoji: false,
        text: 'This records approval 1 of 2; once all are in, it will create security group "web-prod" in ap-guangzhou with 2 rules on Tencent Cloud.',
      },
      confirm: { type: 'plain_text', text: 'Approve' },
      style: 'primary',
    });
  });

  it('asks to confirm Cancel request and Retry, saying what they do; Reject asks in its own modal', () => {
    const prompt = buildApprovalPrompt(aRequest(), ['U0AP1']);
    expect(confirmOf(prompt, 'secgroup_cancel')).toEqual({
      title: { type: 'plain_text', text: 'Cancel req-ab12cd34?' },
      text: {
        type: 'plain_text',
        emoji: false,
        text: 'Nothing will be changed on Tencent Cloud and the request cannot be approved any more. To ask again, make a new request.',
      },
      confirm: { type: 'plain_text', text: 'Cancel request' },
      deny: { type: 'plain_text', text: 'Keep it' },
      style: 'danger',
    });
    expect(confirmOf(prompt, 'secgroup_reject')).toBeUndefined();
    const failed = aRequest({ status: 'failed', failure: { code: 'LimitExceeded', message: 'too many' } });
    expect(confirmOf(buildFailureMessage(failed), 'secgroup_retry')).toEqual({
      title: { type: 'plain_text', text: 'Retry req-ab12cd34?' },
      text: {
        type: 'plain_text',
        emoji: false,
        text: 'This will try again to create security group "web-prod" in ap-guangzhou with 2 rules. Tencent Cloud refused it last time with LimitExceeded. A change that partly went through is not applied twice.',
      },
      confirm: { type: 'plain_text', text: 'Retry' },
      deny: { type: 'plain_text', text: 'Not now' },
      style: 'primary',
    });
  });

  const atToken = '<!date^1767326400^{date_short_pretty} {time}|2026-01-02 04:00 UTC>';
  const decided: [string, Partial<ChangeRequest>, string, string, string?][] = [
    [
      'approved',
      { status: 'approved', approvals: [{ actorId: 'U0AP1', at }] },
      'approved',
      `:thumbsup: Approved by <@U0AP1> (${atToken})`,
    ],
    [
      'done with two approvals',
      {
        status: 'done',
        approvalsRequired: 2,
        approvals: [
          { actorId: 'U0AP1', at: '2026-01-02T03:30:00.000Z' },
          { actorId: 'U0AP2', at },
        ],
      },
      'approved',
      `:thumbsup: Approved by <@U0AP1>, <@U0AP2> (${atToken})`,
    ],
    [
      'rejected',
      {
        status: 'rejected',
        history: [{ from: 'pending', to: 'rejected', actorId: 'U0AP1', at, reason: 'not <!here> & not now' }],
      },
      'rejected',
      `:no_entry: Rejected by <@U0AP1> (${atToken})`,
      'not <!here> & not now',
    ],
    [
      'cancelled',
      { status: 'cancelled', history: [{ from: 'pending', to: 'cancelled', actorId: 'U0REQUESTER', at }] },
      'cancelled',
      `:heavy_multiplication_x: Cancelled by <@U0REQUESTER> (${atToken})`,
    ],
    [
      'expired',
      { status: 'expired', history: [{ from: 'pending', to: 'expired', actorId: 'system', at }] },
      'expired',
      `:hourglass: Expired: nobody approved it in time (${atToken})`,
    ],
  ];
  it.each(decided)(
    'once %s, the prompt says how and when in place of its buttons, and invites nothing more',
    (_name, overrides, word, line, reason) => {
      const prompt = buildApprovalPrompt(aRequest(overrides), ['U0AP1']);
      expect(prompt.text).toBe(`req-ab12cd34: ${word}`);
      expect(buttons(prompt)).toEqual([]);
      expect(prompt.blocks).toEqual([
        { type: 'section', text: { type: 'mrkdwn', text: `\`req-ab12cd34\`: ${line}` } },
        // The reason as typed, in plain text, where Slack formats nothing.
        ...(reason
          ? [{ type: 'context', elements: [{ type: 'plain_text', text: `Reason: ${reason}`, emoji: false }] }]
          : []),
      ]);
      expect(JSON.stringify(prompt.blocks)).not.toMatch(/please review|may cancel|needed|Asked to review/);
    },
  );

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
          text: ':x: <@U0REQUESTER> Tencent Cloud refused `req-ab12cd34`: `LimitExceeded`: `too many` (RequestId `r-1`)',
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
    expect(JSON.stringify(message.blocks)).toContain('`LimitExceeded`: `too many` (RequestId `r-1`)');
    expect(buttons(message)).toEqual([['secgroup_retry', 'req-ab12cd34']]);
  });

  it('posts the rules read back, inbound and outbound, one line per rule as the console lists them, to the requester', () => {
    const messages = buildRulesMessages(done, [sshRule, egressRule]);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe('<@U0REQUESTER> sg-1a2b3c4d: 2 rules');
    expect(messages[0]?.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':white_check_mark: <@U0REQUESTER> Created `sg-1a2b3c4d` (`web-prod`). Its rules, as read back from Tencent Cloud:',
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Inbound rules* (1)\n_Source · Protocol:Port · Policy · Notes_\n• `0.0.0.0/0` · TCP:22 · Allow · `Linux SSH login (IPv4)`',
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Outbound rules* (1)\n_Destination · Protocol:Port · Policy · Notes_\n• `::/0` · ALL · Allow · `Open all ports (IPv6)`',
        },
      },
    ]);
  });

  it('says Reject for DROP, the protocol alone where it takes no port, and - for a rule without notes', () => {
    const drop: Rule = { ...sshRule, action: 'DROP', protocol: 'ICMP', port: 'ALL', description: '' };
    const udp: Rule = {
      ...sshRule,
      protocol: 'UDP',
      port: '8000-9000',
      peer: { kind: 'security-group', groupId: 'sg-9z8y7x6w' },
    };
    const text = JSON.stringify(buildRulesMessages(done, [drop, udp])[0]?.blocks);
    expect(text).toContain('• `0.0.0.0/0` · ICMP · Reject · -');
    expect(text).toContain('• `sg-9z8y7x6w` · UDP:8000-9000 · Allow · `Linux SSH login (IPv4)`');
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
    // Approved only where it was asked, a request from a DM is made again in a channel.
    expect(JSON.stringify(dm.blocks)).toContain(
      "I can't post requests in a direct message, and a request is approved only where it was asked. Make it again with `/secgroup new` in a channel I am in; this one expires unused.",
    );
  });
});
