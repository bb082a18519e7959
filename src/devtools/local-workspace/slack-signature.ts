import { createHmac } from 'node:crypto';

/** Signs a request body exactly as Slack does (v0 HMAC-SHA256 of `v0:{timestamp}:{body}`). */
export function signSlackRequest(signingSecret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return `v0=${digest}`;
}

/** The two headers Slack adds to every request it sends an app. */
export function slackSignatureHeaders(
  signingSecret: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': signSlackRequest(signingSecret, timestampSeconds, body),
  };
}
