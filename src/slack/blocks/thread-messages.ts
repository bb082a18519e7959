import type { types } from '@slack/bolt';
import { isInUse } from '../../service/policy/approval-policy.js';
import type { ChangeRequest, Rule } from '../../service/types.js';
import { ActionId } from '../ids.js';
import { doneWords } from './change-words.js';
import { approveDialog, cancelDialog, retryDialog } from './confirm-dialogs.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { channelLink, clipMrkdwn, code, escapeMrkdwn, mention } from './mrkdwn.js';
import { decisionOf, decisionText, failureCause, failureLeftText } from './request-status.js';
import { buildDiffSections } from './rule-diff-blocks.js';
import { buildRulesSections } from './rules-table.js';
import { inlineUserText, plainContext } from './user-text.js';

function button(
  actionId: string,
  text: string,
  requestId: string,
  options: { style?: 'primary' | 'danger'; confirm?: types.ConfirmationDialog } = {},
): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text },
    value: requestId,
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  };
}

/** Deleting a group in use is approved only by accepting that, with its own button and words. */
function approveButton(request: ChangeRequest): types.Button {
  const spec = request.spec;
  if (spec.kind === 'delete-group' && isInUse(spec.usage)) {
    return button(ActionId.approveInUse, 'Approve although in use', request.id, {
      style: 'danger',
      confirm: approveDialog(request),
    });
  }
  return button(ActionId.approve, 'Approve', request.id, { style: 'primary', confirm: approveDialog(request) });
}

function approversOf(approverIds: string[]): string {
  return approverIds.length > 0 ? approverIds.map(mention).join(' ') : 'Approvers';
}

/**
 * The thread reply asking the approvers to decide. While the request is pending it carries the
 * decision buttons, each final one behind a confirmation; once decided, it says only how and when
 * (and the rejection's reason), so nothing invites an action that can no longer be taken.
 */
export function buildApprovalPrompt(request: ChangeRequest, approverIds: string[]): SlackMessage {
  const decision = decisionOf(request);
  if (decision) {
    // Only what happened: who was asked and how many approvals it needed no longer matter.
    const decided = ['approved', 'executing', 'done', 'failed'].includes(request.status) ? 'approved' : request.status;
    return {
      text: `${request.id}: ${decided}`,
      blocks: [
        mrkdwnSection(`${code(request.id)}: ${decisionText(decision)}`),
        ...(decision.reason ? [plainContext(`Reason: ${decision.reason}`)] : []),
      ],
    };
  }
  const needed = `${request.approvalsRequired} approval${request.approvalsRequired === 1 ? '' : 's'} needed`;
  return {
    text: `${request.id} needs approval (${needed})`,
    blocks: [
      mrkdwnSection(
        `${approversOf(approverIds)}: please review ${code(request.id)} (${needed}). ${mention(request.requesterId)} may cancel it while it is pending.`,
      ),
      {
        type: 'actions',
        block_id: 'request_decision',
        elements: [
          approveButton(request),
          button(ActionId.reject, 'Reject', request.id, { style: 'danger' }),
          button(ActionId.cancel, 'Cancel request', request.id, { confirm: cancelDialog(request) }),
        ],
      },
    ],
  };
}

/** Who pressed Retry on the latest failure: the actor of the last move out of `failed`. */
function retriedBy(request: ChangeRequest): string | undefined {
  for (let i = request.history.length - 1; i >= 0; i -= 1) {
    const entry = request.history[i];
    if (entry?.from === 'failed') return entry.actorId;
  }
  return undefined;
}

/**
 * The thread reply after a failed execution, telling the requester: Tencent Cloud's error and,
 * while the request is still `failed`, a Retry for approvers; once a retry has started, who
 * started it instead.
 */
export function buildFailureMessage(request: ChangeRequest): SlackMessage {
  const requester = mention(request.requesterId);
  const text = `${requester} ${request.id} failed: ${escapeMrkdwn(request.failure?.code ?? 'error')}`;
  // What is live has its own section below; added rules with none live say so here.
  const noneLive = request.failure?.live ? '' : failureLeftText(request);
  const refused = `:x: ${requester} Tencent Cloud refused ${code(request.id)}: ${failureCause(request)}${noneLive ? `\n${noneLive}` : ''}`;
  if (request.status !== 'failed') {
    const who = retriedBy(request);
    return {
      text,
      blocks: [mrkdwnSection(refused), contextBlock(`:repeat: Retried by ${who ? mention(who) : 'an approver'}`)],
    };
  }
  const live = request.failure?.live
    ? [
        mrkdwnSection(
          clipMrkdwn(
            `:rotating_light: *What is live now*: ${escapeMrkdwn(request.failure.live)}`,
            SlackLimits.sectionText,
          ),
        ),
      ]
    : [];
  if (request.failure?.code === 'version_conflict') return conflictMessage(request, text, live);
  if (request.failure?.retryable === false) {
    // Trying the same again fails the same way: offer to change it instead, where that is a form.
    if (request.kind !== 'add-rules') {
      return {
        text,
        blocks: [mrkdwnSection(`${refused}\nTrying it again would fail the same way; make a new request.`), ...live],
      };
    }
    return {
      text,
      blocks: [
        mrkdwnSection(`${refused}\nTrying it again would fail the same way: edit the rules and submit them again.`),
        ...live,
        {
          type: 'actions',
          block_id: 'request_edit_resubmit',
          elements: [button(ActionId.editAndResubmit, 'Edit and resubmit', request.id, { style: 'primary' })],
        },
      ],
    };
  }
  return {
    text,
    blocks: [
      mrkdwnSection(`${refused}\nAn approver can retry.`),
      ...live,
      {
        type: 'actions',
        block_id: 'request_retry',
        elements: [button(ActionId.retry, 'Retry', request.id, { style: 'primary', confirm: retryDialog(request) })],
      },
    ],
  };
}

/** An edit refused because the group changed since its plan: what changed, and Re-plan instead of Retry. */
function conflictMessage(request: ChangeRequest, text: string, live: types.KnownBlock[]): SlackMessage {
  const spec = request.spec;
  const group = 'securityGroupId' in spec ? code(spec.securityGroupId) : 'The group';
  const changed = request.failure?.changedSincePlan;
  return {
    text,
    blocks: [
      mrkdwnSection(
        `:x: ${mention(request.requesterId)} The rules of ${group} changed since ${code(request.id)} was planned, so ${live.length > 0 ? 'it stopped' : 'nothing was applied'}.`,
      ),
      ...(changed ? buildDiffSections(changed, '*What changed meanwhile*', 20) : []),
      ...live,
      mrkdwnSection('Re-plan makes the same change on the rules the group has now, as a new request to approve.'),
      {
        type: 'actions',
        block_id: 'request_replan',
        elements: [button(ActionId.replan, 'Re-plan', request.id, { style: 'primary' })],
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
  const requester = mention(request.requesterId);
  const spec = request.spec;
  const heading =
    spec.kind === 'create-group'
      ? `:white_check_mark: ${requester} Created ${code(groupId)} (${inlineUserText(spec.name)}). Its rules, as read back from Tencent Cloud:`
      : `:white_check_mark: ${requester} ${doneWords(request, code(groupId)).replaceAll('*', '')}. Its rules now, as read back from Tencent Cloud:`;
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
      text: first ? `${requester} ${groupId}: ${rules.length} rules` : `${groupId}: rules (continued)`,
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
        elements: [button(ActionId.addRulesNow, 'Add rules now', request.id, { style: 'primary' })],
      },
    ],
  };
}

/**
 * What to tell the requester when the bot may not post in the channel. A request is approved only
 * where it was asked, so from a DM it cannot be posted anywhere: it is made again in a channel.
 */
export function buildCannotPostMessage(request: ChangeRequest, channelId: string): SlackMessage {
  const whatNow = channelId.startsWith('D')
    ? `I can't post requests in a direct message, and a request is approved only where it was asked. Make it again with ${code('/secgroup new')} in a channel I am in; this one expires unused.`
    : `I can't post in ${channelLink(channelId)} because I'm not a member. Type ${code('/invite @secgroup')} in ${channelLink(channelId)}, then run ${code(`/secgroup show ${request.id}`)} there to post it.`;
  return {
    text: `Your request ${request.id} is saved, but I couldn't post it here.`,
    blocks: [
      mrkdwnSection(
        `:warning: Your request ${code(request.id)} is saved, but I couldn't post it for approval. ${whatNow}`,
      ),
    ],
  };
}

/** What to tell the requester when Slack did not take the card yet (it is being tried again). */
export function buildCardDelayedMessage(request: ChangeRequest, channelId: string): SlackMessage {
  return {
    text: `Your request ${request.id} is saved; Slack did not take its card yet, and I'm trying again.`,
    blocks: [
      mrkdwnSection(
        `:hourglass_flowing_sand: Your request ${code(request.id)} is saved, but Slack did not take its card for ${channelLink(channelId)} yet. I'm trying again and will post it there as soon as Slack answers; ${code(`/secgroup show ${request.id}`)} shows where it stands.`,
      ),
    ],
  };
}
