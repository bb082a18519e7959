/**
 * Sends requests to the app as Slack does: the slash command's form body, interactive payloads as
 * a `payload=` form, events as JSON; each signed with the signing secret (v0 HMAC of
 * `v0:{timestamp}:{body}`) unless a test wants it unsigned or signed at another time.
 */
import { slackSignatureHeaders } from '../../src/devtools/local-workspace/slack-signature.js';

export type SlackRequestKind = 'command' | 'interaction' | 'event';

export interface SignOptions {
  signingSecret: string;
  /** Seconds since the epoch; now unless a test moves it (stale or future requests). */
  timestampSeconds?: number;
}

export function encodeSlackBody(kind: SlackRequestKind, payload: object): { body: string; contentType: string } {
  switch (kind) {
    case 'command': {
      const fields = Object.entries(payload).map(([k, v]) => [k, String(v)]);
      return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'interaction':
      return {
        body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'event':
      return { body: JSON.stringify(payload), contentType: 'application/json' };
  }
}

/** POSTs a signed Slack request to the app's events URL. */
export async function sendSlack(
  url: string,
  kind: SlackRequestKind,
  payload: object,
  sign: SignOptions,
): Promise<Response> {
  const { body, contentType } = encodeSlackBody(kind, payload);
  const headers = slackSignatureHeaders(sign.signingSecret, body, sign.timestampSeconds);
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

/** POSTs the same request with no signature headers at all. */
export async function sendUnsigned(url: string, kind: SlackRequestKind, payload: object): Promise<Response> {
  const { body, contentType } = encodeSlackBody(kind, payload);
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
}
