import type { ChangeRequest, RequestStatus } from '../../service/types.js';
import { code, escapeMrkdwn, mention } from './mrkdwn.js';

/** Who moved the request into `status` most recently, from its audit trail. */
export function actorOf(
  request: ChangeRequest,
  status: RequestStatus,
): { actorId: string; reason?: string } | undefined {
  for (let i = request.history.length - 1; i >= 0; i -= 1) {
    const entry = request.history[i];
    if (entry?.to === status) return { actorId: entry.actorId, reason: entry.reason };
  }
  return undefined;
}

function approvedBy(request: ChangeRequest): string {
  return request.approvals.map((a) => mention(a.actorId)).join(', ');
}

/** How a request left `pending`: the one wording the card, the prompt and refusals share. */
export interface Decision {
  word: 'Approved' | 'Rejected' | 'Cancelled' | 'Expired';
  emoji: string;
  /** "by <@U…>", or what happened when nobody acted. */
  by: string;
  /** The rejection's reason, escaped. */
  reason?: string;
}

export function decisionOf(request: ChangeRequest): Decision | undefined {
  switch (request.status) {
    case 'pending':
      return undefined;
    case 'approved':
    case 'executing':
    case 'done':
    case 'failed':
      return { word: 'Approved', emoji: ':thumbsup:', by: `by ${approvedBy(request) || 'the approvers'}` };
    case 'rejected': {
      const who = actorOf(request, 'rejected');
      return {
        word: 'Rejected',
        emoji: ':no_entry:',
        by: `by ${who ? mention(who.actorId) : 'an approver'}`,
        ...(who?.reason ? { reason: escapeMrkdwn(who.reason) } : {}),
      };
    }
    case 'cancelled': {
      const who = actorOf(request, 'cancelled');
      return {
        word: 'Cancelled',
        emoji: ':heavy_multiplication_x:',
        by: `by ${who ? mention(who.actorId) : 'the requester'}`,
      };
    }
    case 'expired':
      return { word: 'Expired', emoji: ':hourglass:', by: 'nobody approved it in time' };
  }
}

/** ":no_entry: *Rejected* by <@U…>: reason" (the word bold on the card, plain elsewhere). */
export function decisionText(decision: Decision, options: { bold?: boolean } = {}): string {
  const word = options.bold ? `*${decision.word}*` : decision.word;
  const by = decision.word === 'Expired' ? `: ${decision.by}` : ` ${decision.by}`;
  return `${decision.emoji} ${word}${by}${decision.reason ? `: ${decision.reason}` : ''}`;
}

export function failureText(request: ChangeRequest): string {
  const failure = request.failure;
  if (!failure) return 'Tencent Cloud returned an error.';
  const requestId = failure.requestId ? ` (RequestId ${code(failure.requestId)})` : '';
  return `${code(failure.code)}: ${escapeMrkdwn(failure.message)}${requestId}`;
}

/** One line saying where the request stands, as shown on the card. */
export function statusLine(request: ChangeRequest): string {
  const creating = request.kind === 'create-group';
  switch (request.status) {
    case 'pending': {
      const count = `${request.approvals.length} of ${request.approvalsRequired} approval${request.approvalsRequired === 1 ? '' : 's'}`;
      const by = request.approvals.length > 0 ? ` — approved by ${approvedBy(request)}` : '';
      return `:hourglass_flowing_sand: *Pending approval* (${count})${by}`;
    }
    case 'approved':
      return `:thumbsup: *Approved* by ${approvedBy(request)}`;
    case 'executing':
      return `:gear: *${creating ? 'Creating' : 'Adding rules'}…* (approved by ${approvedBy(request)})`;
    case 'done': {
      const groupId = code(request.result?.securityGroupId ?? '?');
      return creating
        ? `:white_check_mark: *Created* ${groupId} (approved by ${approvedBy(request)})`
        : `:white_check_mark: *Rules added* to ${groupId} (approved by ${approvedBy(request)})`;
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
