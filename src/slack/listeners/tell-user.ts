import type { webApi } from '@slack/bolt';
import type { Log } from '../../lib/log.js';
import type { SlackMessage } from '../blocks/message.js';

export interface Recipient {
  userId: string;
  channelId?: string;
  /** A slash command's response_url, still valid for 30 minutes after the command. */
  responseUrl?: string;
}

/**
 * Tells one person something after a modal closed, where only they see it: through the command's
 * response_url when there is one (it works even where the bot is not a member), else ephemerally
 * in the channel.
 */
export async function tellUser(
  client: webApi.WebClient,
  log: Log,
  to: Recipient,
  message: SlackMessage,
): Promise<void> {
  try {
    if (to.responseUrl) {
      const res = await fetch(to.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
      });
      if (res.ok) return;
      log.warn(`slack: response_url answered ${res.status}`);
    }
    if (to.channelId) {
      await client.chat.postEphemeral({ channel: to.channelId, user: to.userId, ...message });
      return;
    }
    log.warn(`slack: no channel or response_url to tell ${to.userId} what happened`);
  } catch (err) {
    log.warn(`slack: could not tell ${to.userId}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
