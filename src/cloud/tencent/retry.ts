import pRetry, { AbortError } from 'p-retry';
import type { Log } from '../../lib/log.js';
import { CallFailure, toDomainError } from './call-failure.js';

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

/**
 * Runs `attempt` until it succeeds, fails in a way repeating cannot fix, or the retries run out;
 * waits with exponential backoff and jitter in between. Only CallFailures of kind `throttled` or
 * `ambiguous` are repeated: an attempt that writes must itself check, before writing again,
 * whether an earlier ambiguous failure took effect. Throws domain errors only.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  log: Log,
  what: string,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    return await pRetry(
      async () => {
        try {
          return await attempt();
        } catch (err) {
          if (err instanceof CallFailure && err.kind !== 'rejected') throw err;
          throw new AbortError(err instanceof CallFailure ? toDomainError(err) : asError(err));
        }
      },
      {
        retries: policy.retries,
        factor: 2,
        minTimeout: policy.minTimeoutMs,
        maxTimeout: policy.maxTimeoutMs,
        randomize: true,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          if (!(error instanceof CallFailure)) return;
          const id = error.requestId ? ` (RequestId ${error.requestId})` : '';
          const next = retriesLeft > 0 ? `retrying, ${retriesLeft} left` : 'giving up';
          log.warn(`Tencent Cloud ${what}: attempt ${attemptNumber} failed with ${error.code}${id}; ${next}`);
        },
      },
    );
  } catch (err) {
    throw err instanceof CallFailure ? toDomainError(err) : err;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
