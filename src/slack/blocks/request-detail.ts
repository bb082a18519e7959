import type { types } from '@slack/bolt';
import type { ChangeRequest } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { contextBlock, packLines, type SlackMessage } from './message.js';
import { mention, slackDate } from './mrkdwn.js';
import { buildRequestCard, type CardLabels } from './request-card.js';
import { inlineUserText } from './user-text.js';

function historyLine(entry: ChangeRequest['history'][number]): string {
  const move = entry.from ? `${entry.from} → ${entry.to}` : entry.to;
  const reason = entry.reason ? `: ${inlineUserText(entry.reason)}` : '';
  return `• ${slackDate(entry.at)} ${mention(entry.actorId)} ${move}${reason}`;
}

/** `/secgroup show req-…`: the card as it stands plus the audit trail, newest entries kept when it is long. */
export function buildRequestDetail(request: ChangeRequest, labels: CardLabels): SlackMessage {
  const card = buildRequestCard(request, labels);
  const history = packLines(request.history.map(historyLine), { heading: '*History*' });
  const room = SlackLimits.blocksPerMessage - card.blocks.length;
  if (room <= 0) return card;
  if (history.length <= room) return { text: card.text, blocks: [...card.blocks, ...history] };
  const kept = history.slice(history.length - (room - 1));
  const blocks: types.KnownBlock[] = [
    ...card.blocks,
    contextBlock(`Older history is not shown (${history.length - kept.length} sections).`),
    ...kept,
  ];
  return { text: card.text, blocks };
}
