import type { RespondFn } from '@slack/bolt';
import type { SlackMessage } from '../blocks/message.js';

/** Answers only the person who typed or clicked; the original message is left as it was. */
export async function replyPrivately(respond: RespondFn, message: SlackMessage | string): Promise<void> {
  const body = typeof message === 'string' ? { text: message } : message;
  await respond({ response_type: 'ephemeral', replace_original: false, ...body });
}

/** Replaces the private message whose button was pressed (a page of a list) with `message`. */
export async function replacePrivately(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: true, ...message });
}
