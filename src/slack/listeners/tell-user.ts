import type { webApi } from '@slack/bolt';
import type { Log } from '../../lib/log.js';
import type { SlackMessage } from '../blocks/message.js';

/** As long as a Web API call may take: a response_url that does not answer is given up, not waited on. */
const RESPONSE_URL_TIMEOUT_MS = 10_000;

export interface Recipient {
  userId: string;
  channelId?: string;
  /** A slash command's response_url, still valid for 30 minutes after the command. */
  responseUrl?: string;
}

/**
 * Tells one person something after a modal closed, where only they see it: through the command's
 * response_url when there is one (it works even where the bot is not a member), else — or when
 * the response_url refuses or does not answer in time — ephemerally in the channel.
 */
export async function tellUser(
  client: webApi.WebClient,
  log: Log,
  to: Recipient,
  message: SlackMessage,
): Promise<void> {
  try {
    if (to.responseUrl && (await postToResponseUrl(to.responseUrl, message, log))) return;
    if (to.channelId) {
      await client.chat.postEphemeral({ channel: to.channelId, user: to.userId, ...message });
      return;
    }
    log.warn(`slack: no channel or response_url to tell ${to.userId} what happened`);
  } catch (err) {
    log.warn(`slack: could not tell ${to.userId}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** True once Slack took the message; a refusal, a failure or a timeout is logged and false. */
async function postToResponseUrl(url: string, message: SlackMessage, log: Log): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
      signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
    });
    if (res.ok) return true;
    log.warn(`slack: response_url answered ${res.status}`);
  } catch (err) {
    log.warn(`slack: response_url failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return false;
}
