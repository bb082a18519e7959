import type { types } from '@slack/bolt';

/** A message body: blocks plus the plain `text` fallback notifications and screen readers use. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

export function mrkdwnSection(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function contextBlock(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
