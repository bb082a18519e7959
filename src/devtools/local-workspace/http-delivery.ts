/**
 * Delivery over HTTP, exactly as Slack posts to an app's request URL: slash commands as form
 * fields, interactions as a `payload=<json>` form field, events as JSON; each body signed with
 * the signing secret.
 */
import { BOT_ACK_TIMEOUT_MS, type BotAnswer, type BotTransport, type Delivery } from './bot-delivery.js';
import { slackSignatureHeaders } from './slack-signature.js';

function encode(delivery: Delivery): { contentType: string; body: string } {
  switch (delivery.type) {
    case 'slash_commands':
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams(delivery.build()).toString(),
      };
    case 'interactive':
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ payload: JSON.stringify(delivery.build()) }).toString(),
      };
    case 'events_api':
      return { contentType: 'application/json', body: JSON.stringify(delivery.build()) };
  }
}

/** A 2xx answer's body as the bot meant it: JSON when it says so, else text; nothing when empty. */
function ackBody(mediaType: string, text: string): BotAnswer {
  if (text.trim() === '') return { kind: 'acked', body: undefined };
  if (mediaType === 'application/json') {
    try {
      return { kind: 'acked', body: { json: JSON.parse(text) } };
    } catch {
      return { kind: 'acked', body: { text } };
    }
  }
  return { kind: 'acked', body: { text } };
}

export function createHttpDelivery(options: {
  url: string | (() => string);
  signingSecret: string;
  now: () => number;
  timeoutMs?: number;
}): BotTransport {
  const timeoutMs = options.timeoutMs ?? BOT_ACK_TIMEOUT_MS;
  return {
    async deliver(delivery) {
      const { contentType, body } = encode(delivery);
      const headers = {
        'content-type': contentType,
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
        const text = await res.text();
        if (res.status < 200 || res.status >= 300) {
          return { kind: 'failed', error: `http_error_${res.status}`, detail: `HTTP ${res.status}` };
        }
        return ackBody(mediaType, text);
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        if (name === 'TimeoutError' || name === 'AbortError') {
          return { kind: 'failed', error: 'operation_timeout', detail: `no answer within ${timeoutMs} ms` };
        }
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
        return { kind: 'failed', error: 'dispatch_failed', detail: cause };
      }
    },
  };
}
