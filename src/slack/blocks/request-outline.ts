/**
 * A request as someone sees it outside the channel it was requested in, when they are neither its
 * requester nor an approver: what it is and where it stands, never its names, notes, rules or
 * group ids (service/policy/visibility.ts decides who sees what), and why.
 */
import type { RequestOutline } from '../../service/api.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { code, slackDate } from './mrkdwn.js';
import { requestTitle } from './request-card.js';

export const OUTLINE_WHY =
  'It was requested in another channel, and you are neither its requester nor an approver, so only its id, kind, status and dates are shown here. Run this in the channel where it was requested to see all of it.';

export const OUTLINES_WHY =
  'Requests with no names or rules were requested in other channels, and you are neither their requester nor an approver, so only their id, kind, status and dates are shown here. Run `/secgroup show req-…` in the channel where one was requested to see all of it.';

/** "• `req-…` Security group request: *pending* · requested …" */
export function outlineLine(outline: RequestOutline): string {
  return `• ${code(outline.id)} ${requestTitle(outline)}: *${outline.status}* · requested ${slackDate(outline.createdAt)} · last change ${slackDate(outline.updatedAt)}`;
}

/** `/secgroup show req-…` for a request the viewer may see only the outline of. */
export function buildRequestOutline(outline: RequestOutline): SlackMessage {
  const lines = [
    `*${requestTitle(outline)} ${code(outline.id)}*: *${outline.status}*`,
    `Requested ${slackDate(outline.createdAt)} · last change ${slackDate(outline.updatedAt)} · expires ${slackDate(outline.expiresAt)}`,
  ];
  return {
    text: `${requestTitle(outline)} ${outline.id}: ${outline.status}`,
    blocks: [mrkdwnSection(lines.join('\n')), contextBlock(OUTLINE_WHY)],
  };
}
