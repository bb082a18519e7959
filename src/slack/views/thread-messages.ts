import type { types } from '@slack/bolt';
import type { ChangeRequest, Rule } from '../../service/types.js';
import { ActionId } from '../ids.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { channelLink, code, mention } from './mrkdwn.js';
import { failureText } from './request-status.js';
import { buildRulesSections } from './rules-table.js';

function button(actionId: string, text: string, requestId: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text },
    value: requestId,
    ...(style ? { style } : {}),
  };
}

/** The thread reply asking the approvers to decide, with the decision buttons. */
export function buildApprovalPrompt(request: ChangeRequest, approverIds: string[]): SlackMessage {
  const who = approverIds.length > 0 ? approverIds.map(mention).join(' ') : 'Approvers';
  const needed = `${request.approvalsRequired} approval${request.approvalsRequired === 1 ? '' : 's'} needed`;
  return {
    text: `${request.id} needs approval (${needed})`,
    blocks: [
      mrkdwnSection(
        `${who}: please review ${code(request.id)} (${needed}). ${mention(request.requesterId)} may cancel it while it is pending.`,
      ),
      {
        type: 'actions',
        block_id: 'request_decision',
        elements: [
          button(ActionId.approve, 'Approve', request.id, 'primary'),
          button(ActionId.reject, 'Reject', request.id, 'danger'),
          button(ActionId.cancel, 'Cancel request', request.id),
        ],
      },
    ],
  };
}

/** The thread reply after a failed execution: Tencent Cloud's error and a Retry for approvers. */
export function buildFailureMessage(request: ChangeRequest): SlackMessage {
  return {
    text: `${request.id} failed: ${request.failure?.code ?? 'error'}`,
    blocks: [
      mrkdwnSection(`:x: Tencent Cloud refused ${code(request.id)}: ${failureText(request)}\nAn approver can retry.`),
      {
        type: 'actions',
        block_id: 'request_retry',
        elements: [button(ActionId.retry, 'Retry', request.id, 'primary')],
      },
    ],
  };
}

/** Blocks left for rule tables in each message after its heading. */
const RULE_BLOCKS_PER_MESSAGE = SlackLimits.blocksPerMessage - 2;
/** Beyond this many messages the table is cut and a note says how to see the rest. */
const MAX_RULE_MESSAGES = 4;

/**
 * The rules read back from the cloud after a change, split across as many messages as Slack's
 * limits need, and cut with a note if even that is not enough.
 */
export function buildRulesMessages(request: ChangeRequest, rules: Rule[]): SlackMessage[] {
  const groupId = request.result?.securityGroupId ?? '?';
  const heading =
    request.kind === 'create-group'
      ? `:white_check_mark: Created ${code(groupId)}. Its rules, as read back from Tencent Cloud:`
      : `:white_check_mark: Rules added to ${code(groupId)}. Its rules now, as read back from Tencent Cloud:`;
  const sections = buildRulesSections(rules);
  const messages: SlackMessage[] = [];
  for (
    let start = 0;
    start < sections.length && messages.length < MAX_RULE_MESSAGES;
    start += RULE_BLOCKS_PER_MESSAGE
  ) {
    const part = sections.slice(start, start + RULE_BLOCKS_PER_MESSAGE);
    const first = messages.length === 0;
    messages.push({
      text: first ? `${groupId}: ${rules.length} rules` : `${groupId}: rules (continued)`,
      blocks: [mrkdwnSection(first ? heading : `Rules of ${code(groupId)} (continued):`), ...part],
    });
  }
  const shownSections = messages.length * RULE_BLOCKS_PER_MESSAGE;
  const last = messages[messages.length - 1];
  if (last && shownSections < sections.length) {
    last.blocks.push(
      contextBlock(
        `Cut here: the group has more rules than fit in ${MAX_RULE_MESSAGES} messages. See them all with ${code(`/secgroup show ${groupId}`)} or in the Tencent Cloud console.`,
      ),
    );
  }
  return messages;
}

/** The offer to add rules to a blank (Custom) group, in its thread. */
export function buildAddRulesOffer(request: ChangeRequest): SlackMessage {
  const groupId = request.result?.securityGroupId ?? '?';
  return {
    text: `${groupId} has no rules yet: add rules now`,
    blocks: [
      mrkdwnSection(
        `${code(groupId)} has no rules, so it denies all traffic. Add its rules now; they go through approval too.`,
      ),
      {
        type: 'actions',
        block_id: 'request_add_rules',
        elements: [button(ActionId.addRulesNow, 'Add rules now', request.id, 'primary')],
      },
    ],
  };
}

/** What to tell the requester when the bot may not post in the channel. */
export function buildCannotPostMessage(request: ChangeRequest, channelId: string): SlackMessage {
  const inChannel = channelId.startsWith('D')
    ? "I can't post requests in a direct message. Run the command in a channel I am in"
    : `I can't post in ${channelLink(channelId)} because I'm not a member. Type ${code('/invite @secgroup')} in ${channelLink(channelId)}`;
  return {
    text: `Your request ${request.id} is saved, but I couldn't post it here.`,
    blocks: [
      mrkdwnSection(
        `:warning: Your request ${code(request.id)} is saved, but I couldn't post it for approval. ${inChannel}, then run ${code(`/secgroup show ${request.id}`)} there to post it.`,
      ),
    ],
  };
}
