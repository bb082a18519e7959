/**
 * How the presenter's calls to Slack fail, and what to do about each: a refusal to post in that
 * conversation is final (the request is kept, and the requester told); a rate limit says how long
 * to wait, for this call only; anything else Slack may recover from is tried again with backoff.
 * The WebClient is configured to reject rate-limited calls instead of pausing every call the app
 * makes, and to give up on a call after a timeout, so one slow or limited call delays only the
 * request it is for.
 */
import { isCannotPost, isTransient, slackErrorCode } from '../slack-api-errors.js';

export type DeliveryFailure =
  | { kind: 'cannot-post'; code: string }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'transient'; reason: string }
  | { kind: 'final'; code: string };

const RATE_LIMITED = 'slack_webapi_rate_limited_error';

export function classifyDelivery(err: unknown): DeliveryFailure {
  const e = err as { code?: unknown; retryAfter?: unknown; message?: unknown };
  if (e?.code === RATE_LIMITED) {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
    return { kind: 'rate-limited', retryAfterMs: seconds * 1000 };
  }
  if (isCannotPost(err)) return { kind: 'cannot-post', code: slackErrorCode(err) ?? 'not_in_channel' };
  if (isTransient(err)) return { kind: 'transient', reason: slackErrorCode(err) ?? String(e?.message ?? err) };
  return { kind: 'final', code: slackErrorCode(err) ?? 'error' };
}

/** Waits for the next attempt: Slack's Retry-After, else exponential backoff with jitter. */
export function retryDelayMs(failure: DeliveryFailure, attempt: number): number {
  if (failure.kind === 'rate-limited') return failure.retryAfterMs;
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

export class DeliveryError extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(`slack delivery failed: ${failure.kind}`);
  }
}
