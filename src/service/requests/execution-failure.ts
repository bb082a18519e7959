import {
  CloudRejectedError,
  CloudUnavailableError,
  DomainError,
  QuotaExceededError,
  VersionConflictError,
} from '../errors.js';
import type { CloudFailure } from '../types.js';

/** What is kept of a failed execution: the cloud's code, message and request id, nothing else. */
export function failureOf(err: unknown): CloudFailure {
  const live = err instanceof DomainError && err.live ? { live: err.live } : {};
  if (err instanceof CloudRejectedError || err instanceof CloudUnavailableError) {
    return {
      code: err.cloudCode,
      message: err.cloudMessage,
      ...(err.requestId ? { requestId: err.requestId } : {}),
      ...live,
    };
  }
  if (err instanceof QuotaExceededError && err.cloudFailure) return { ...err.cloudFailure, ...live };
  if (err instanceof VersionConflictError) {
    const changed = err.changedSincePlan ? { changedSincePlan: err.changedSincePlan } : {};
    return { code: err.code, message: err.cloudMessage, ...changed, ...live };
  }
  if (err instanceof DomainError) return { code: err.code, message: err.message, ...live };
  return { code: 'internal_error', message: 'The change could not be applied because of an unexpected error.' };
}
