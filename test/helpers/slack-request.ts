/**
 * Sends requests to the app as Slack does: the slash command's form body, interactive payloads as
 * a `payload=` form, events as JSON; each signed with the signing secret (v0 HMAC of
 * `v0:{timestamp}:{body}`) unless a test wants it unsigned or signed at another time.
 */
import { createHmac } from 'node:crypto';
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

export interface RawSignedRequest {
  body: string;
  contentType: string;
  signingSecret: string;
  /** The X-Slack-Request-Timestamp header exactly as sent (now, in seconds, unless given). */
  timestampHeader?: string;
  /** The timestamp text the signature covers (`v0:{this}:{body}`); the header's text unless given. */
  signedTimestamp?: string;
}

/**
 * POSTs a body exactly as given, with a v0 signature over whatever timestamp text a test chooses:
 * for bodies Slack would never send, and timestamp headers that are not plain seconds.
 */
export async function sendRawSigned(url: string, request: RawSignedRequest): Promise<Response> {
  const header = request.timestampHeader ?? String(Math.floor(Date.now() / 1000));
  const signed = request.signedTimestamp ?? header;
  const digest = createHmac('sha256', request.signingSecret).update(`v0:${signed}:${request.body}`).digest('hex');
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': request.contentType,
      'x-slack-request-timestamp': header,
      'x-slack-signature': `v0=${digest}`,
    },
    body: request.body,
  });
}
