/** Sends requests to the bot exactly as Slack does: form bodies, signed with the signing secret. */
import { slackSignatureHeaders } from './slack-signature.js';

/** Slack gives an app 3 seconds to acknowledge a command or an interaction. */
export const BOT_ACK_TIMEOUT_MS = 3_000;

export type BotAnswer =
  | { kind: 'answered'; status: number; mediaType: string; body: string }
  | { kind: 'failed'; reason: 'timeout' | 'unreachable'; detail: string };

export interface BotClient {
  /** POSTs a form body (a slash command's fields, or `payload=<json>` for an interaction). */
  send(form: URLSearchParams): Promise<BotAnswer>;
}

export function createBotClient(options: {
  url: string | (() => string);
  signingSecret: string;
  now: () => number;
  timeoutMs?: number;
}): BotClient {
  const timeoutMs = options.timeoutMs ?? BOT_ACK_TIMEOUT_MS;
  return {
    async send(form) {
      const body = form.toString();
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...slackSignatureHeaders(options.signingSecret, body, Math.floor(options.now() / 1000)),
      };
      try {
        const url = typeof options.url === 'function' ? options.url() : options.url;
        const res = await fetch(url, {
          method: 'POST',
          headers,
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        return { kind: 'answered', status: res.status, mediaType, body: await res.text() };
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        if (name === 'TimeoutError' || name === 'AbortError') {
          return { kind: 'failed', reason: 'timeout', detail: `no answer within ${timeoutMs} ms` };
        }
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
        return { kind: 'failed', reason: 'unreachable', detail: cause };
      }
    },
  };
}
