import pRetry, { AbortError } from 'p-retry';
import type { Log } from '../../lib/log.js';
import { CloudUnavailableError } from '../../service/errors.js';
import { CallFailure, toDomainError } from './call-failure.js';

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

export interface RetryOptions {
  /**
   * False for a versioned write: a lost answer (kind `ambiguous`) is not repeated but ends in
   * CloudUnavailableError with mayHaveApplied, because the repeat of a write that did apply would
   * meet our own change as a VersionMismatch and be taken for someone else's.
   */
  repeatAmbiguous?: boolean;
}

/**
 * Runs `attempt` until it succeeds, fails in a way repeating cannot fix, or the retries run out;
 * waits with exponential backoff and jitter in between. Only CallFailures of kind `unsent`,
 * `throttled` or (unless told otherwise) `ambiguous` are repeated: an attempt that writes must itself check,
 * before writing again, whether an earlier ambiguous failure took effect. Throws domain errors,
 * or what `attempt` threw that is not a CallFailure.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  log: Log,
  what: string,
  attempt: () => Promise<T>,
  { repeatAmbiguous = true }: RetryOptions = {},
): Promise<T> {
  try {
    return await pRetry(
      async () => {
        try {
          return await attempt();
        } catch (err) {
          if (!(err instanceof CallFailure)) throw new AbortError(asError(err));
          if (err.kind === 'unsent' || err.kind === 'throttled') throw err;
          if (err.kind === 'ambiguous' && repeatAmbiguous) throw err;
          if (err.kind === 'ambiguous') {
            log.warn(`Tencent Cloud ${what}: answer lost (${err.code}); not repeated, it may have applied`);
            throw new AbortError(new CloudUnavailableError(err.code, err.cloudMessage, err.requestId, true));
          }
          throw new AbortError(toDomainError(err));
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
