import type { types } from '@slack/bolt';
import type { ChangeRequest } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { mrkdwnSection, type SlackMessage } from './message.js';
import { escapeMrkdwn, mention, slackDate, truncate } from './mrkdwn.js';
import { buildRequestCard, type CardLabels } from './request-card.js';

function historyLine(entry: ChangeRequest['history'][number]): string {
  const move = entry.from ? `${entry.from} → ${entry.to}` : entry.to;
  const reason = entry.reason ? `: ${escapeMrkdwn(entry.reason)}` : '';
  return `• ${slackDate(entry.at)} ${mention(entry.actorId)} ${move}${reason}`;
}

/** `/secgroup show req-…`: the card as it stands plus the audit trail. */
export function buildRequestDetail(request: ChangeRequest, labels: CardLabels): SlackMessage {
  const card = buildRequestCard(request, labels);
  const history = truncate(`*History*\n${request.history.map(historyLine).join('\n')}`, SlackLimits.sectionText);
  const blocks: types.KnownBlock[] = [
    ...card.blocks.slice(0, SlackLimits.blocksPerMessage - 1),
    mrkdwnSection(history),
  ];
  return { text: card.text, blocks };
}
