/**
 * What the request's thread says to its requester when it is closed without a change: rejected
 * (with the reason), expired or cancelled. Each mentions the requester, so they are told.
 */
import type { ChangeRequest } from '../../service/types.js';
import { nothingChanged } from './change-words.js';
import { mrkdwnSection, type SlackMessage } from './message.js';
import { code, mention, slackDate } from './mrkdwn.js';
import { actorOf, decisionOf } from './request-status.js';
import { plainContext } from './user-text.js';

function closedMessage(request: ChangeRequest, text: string, body: string, reason?: string): SlackMessage {
  const why = reason ? [plainContext(`Reason: ${reason}`)] : [];
  return { text: `${mention(request.requesterId)} ${text}`, blocks: [mrkdwnSection(body), ...why] };
}

export function buildRejectedMessage(request: ChangeRequest): SlackMessage {
  const rejected = actorOf(request, 'rejected');
  const reason = decisionOf(request)?.reason;
  const by = rejected ? ` by ${mention(rejected.actorId)} (${slackDate(rejected.at)})` : '';
  return closedMessage(
    request,
    `${request.id} was rejected`,
    `:no_entry: ${mention(request.requesterId)} your request ${code(request.id)} was rejected${by}.\n${nothingChanged(request)}`,
    reason,
  );
}

export function buildExpiredMessage(request: ChangeRequest): SlackMessage {
  return closedMessage(
    request,
    `${request.id} expired`,
    `:hourglass: ${mention(request.requesterId)} your request ${code(request.id)} expired: nobody approved it by ${slackDate(request.expiresAt)}. ${nothingChanged(request)} If you still need it, make a new request with ${code('/secgroup new')}.`,
  );
}

export function buildCancelledMessage(request: ChangeRequest): SlackMessage {
  const cancelled = actorOf(request, 'cancelled');
  const by = cancelled ? ` by ${mention(cancelled.actorId)} (${slackDate(cancelled.at)})` : '';
  return closedMessage(
    request,
    `${request.id} was cancelled`,
    `:heavy_multiplication_x: ${mention(request.requesterId)} your request ${code(request.id)} was cancelled${by}. ${nothingChanged(request)}`,
  );
}
