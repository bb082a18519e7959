import type { types } from '@slack/bolt';
import type { ChangeRequest } from '../../service/types.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { code, mention } from './mrkdwn.js';
import { requestSummary } from './request-card.js';

const LINES_PER_SECTION = 15;

/** `/secgroup history`: recent requests, newest first. */
export function buildHistoryList(requests: ChangeRequest[], more: boolean): SlackMessage {
  if (requests.length === 0) return { text: 'No requests yet', blocks: [mrkdwnSection('No requests yet.')] };
  const lines = requests.map((r) => `• ${code(r.id)} ${mention(r.requesterId)} ${requestSummary(r)}: *${r.status}*`);
  const blocks: types.KnownBlock[] = [mrkdwnSection(`*Recent requests* (${requests.length})`)];
  for (let i = 0; i < lines.length; i += LINES_PER_SECTION) {
    blocks.push(mrkdwnSection(lines.slice(i, i + LINES_PER_SECTION).join('\n')));
  }
  if (more) blocks.push(contextBlock('Older requests are not shown.'));
  return { text: `${requests.length} recent requests`, blocks };
}
