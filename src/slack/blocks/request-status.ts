import type { ChangeRequest, RequestStatus } from '../../service/types.js';
import { doneWords, executingWord } from './change-words.js';
import { code, mention, slackDate, truncate } from './mrkdwn.js';
import { inlineUserText } from './user-text.js';

/** Who moved the request into `status` most recently, and when, from its audit trail. */
export function actorOf(
  request: ChangeRequest,
  status: RequestStatus,
): { actorId: string; at: string; reason?: string } | undefined {
  for (let i = request.history.length - 1; i >= 0; i -= 1) {
    const entry = request.history[i];
    if (entry?.to === status) return { actorId: entry.actorId, at: entry.at, reason: entry.reason };
  }
  return undefined;
}

export function approvedBy(request: ChangeRequest): string {
  if (request.approvals.length > 0) return request.approvals.map((a) => mention(a.actorId)).join(', ');
  // A removal of temporary rules needs no approval: the expiry or a person's Remove now started it.
  const starter = request.history[0]?.actorId;
  return starter && starter !== 'system'
    ? `${mention(starter)} (no approval needed)`
    : 'secgroup at expiry (no approval needed)';
}

/** How a request left `pending`: the one wording the card, the prompt and refusals share. */
export interface Decision {
  word: 'Approved' | 'Rejected' | 'Cancelled' | 'Expired';
  emoji: string;
  /** "by <@U…>", or what happened when nobody acted. */
  by: string;
  /** When it was decided (the last approval, the rejection…), if the trail says. */
  at?: string;
  /** The rejection's reason as the approver typed it: shown apart, as plain text (user-text.ts). */
  reason?: string;
}

export function decisionOf(request: ChangeRequest): Decision | undefined {
  switch (request.status) {
    case 'pending':
      return undefined;
    case 'approved':
    case 'executing':
    case 'done':
    case 'failed': {
      const at = request.approvals.at(-1)?.at;
      return {
        word: 'Approved',
        emoji: ':thumbsup:',
        by: `by ${approvedBy(request) || 'the approvers'}`,
        ...(at ? { at } : {}),
      };
    }
    case 'rejected': {
      const who = actorOf(request, 'rejected');
      return {
        word: 'Rejected',
        emoji: ':no_entry:',
        by: `by ${who ? mention(who.actorId) : 'an approver'}`,
        ...(who ? { at: who.at } : {}),
        ...(who?.reason ? { reason: who.reason } : {}),
      };
    }
    case 'cancelled': {
      const who = actorOf(request, 'cancelled');
      return {
        word: 'Cancelled',
        emoji: ':heavy_multiplication_x:',
        by: `by ${who ? mention(who.actorId) : 'the requester'}`,
        ...(who ? { at: who.at } : {}),
      };
    }
    case 'expired': {
      const at = actorOf(request, 'expired')?.at;
      return { word: 'Expired', emoji: ':hourglass:', by: 'nobody approved it in time', ...(at ? { at } : {}) };
    }
  }
}

/**
 * ":no_entry: *Rejected* by <@U…> (Jan 2 4:00 AM)" — the word bold on the card, plain elsewhere;
 * the time in each reader's own zone. The reason is shown apart, where Slack formats nothing.
 */
export function decisionText(decision: Decision, options: { bold?: boolean } = {}): string {
  const word = options.bold ? `*${decision.word}*` : decision.word;
  const by = decision.word === 'Expired' ? `: ${decision.by}` : ` ${decision.by}`;
  const at = decision.at ? ` (${slackDate(decision.at)})` : '';
  return `${decision.emoji} ${word}${by}${at}`;
}

/**
 * What a failure left in the group: the rules still live when undoing failed (in the failure's
 * own words, which quote rule notes people typed), or for added rules, that none of them is.
 */
export function failureLeftText(request: ChangeRequest): string {
  const live = request.failure?.live;
  if (live) return `:rotating_light: *What is live now*: ${inlineUserText(live)}`;
  // Said only of failures recorded since added rules are undone (they carry `retryable`).
  const undone = request.kind === 'add-rules' && request.failure?.retryable !== undefined;
  return undone ? 'None of its rules is in the group: what was added before the failure was removed.' : '';
}

/** The cloud's code, message and RequestId. */
export function failureCause(request: ChangeRequest): string {
  const failure = request.failure;
  if (!failure) return 'Tencent Cloud returned an error.';
  const requestId = failure.requestId ? ` (RequestId ${code(failure.requestId)})` : '';
  // What is live matters more than the cloud's words: a long message is cut so it stays in sight.
  const message = failure.live ? truncate(failure.message, 500) : failure.message;
  // The cloud's message may repeat what a person typed (a name, a description).
  return `${code(failure.code)}: ${inlineUserText(message)}${requestId}`;
}

/** The failure as the card, `show` and replies tell it: its cause, then what it left in the group. */
export function failureText(request: ChangeRequest): string {
  const left = failureLeftText(request);
  return `${failureCause(request)}${left ? `\n${left}` : ''}`;
}

function approvalCount(request: ChangeRequest): string {
  const needed = request.approvalsRequired;
  return `${request.approvals.length} of ${needed} approval${needed === 1 ? '' : 's'}`;
}

/** One line saying where the request stands, as shown on the card. */
export function statusLine(request: ChangeRequest): string {
  switch (request.status) {
    case 'pending': {
      const by = request.approvals.length > 0 ? ` — approved by ${approvedBy(request)}` : '';
      return `:hourglass_flowing_sand: *Pending approval* (${approvalCount(request)})${by}`;
    }
    case 'approved':
      return `:thumbsup: *Approved* by ${approvedBy(request)}`;
    case 'executing':
      return `:gear: *${executingWord(request)}…* (approved by ${approvedBy(request)})`;
    case 'done': {
      const groupId = code(request.result?.securityGroupId ?? '?');
      const when = request.result ? ` ${slackDate(request.result.completedAt)}` : '';
      return `:white_check_mark: ${doneWords(request, groupId)}${when}`;
    }
    case 'failed':
      return `:x: *Failed*: ${failureText(request)}`;
    case 'rejected':
    case 'expired':
    case 'cancelled': {
      const decision = decisionOf(request);
      return decision ? decisionText(decision, { bold: true }) : '';
    }
  }
}
