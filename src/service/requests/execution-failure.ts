import {
  CloudRejectedError,
  CloudUnavailableError,
  DomainError,
  QuotaExceededError,
  VersionConflictError,
} from '../errors.js';
import type { CloudFailure } from '../types.js';

/**
 * Whether the same request may succeed if tried again: the cloud was unavailable or busy, the
 * group changed under it, or a quota was full (it may be raised, or room made); not when the cloud
 * refused the change itself, or the request's group or input is wrong. An unexpected error may
 * have been passing.
 */
function retryableAfter(err: unknown): boolean {
  if (err instanceof CloudRejectedError) return err.retryable;
  // An edit planned on rules that changed since is planned again (Re-plan), never repeated as it was.
  if (err instanceof VersionConflictError) return err.changedSincePlan === undefined;
  if (err instanceof CloudUnavailableError) return true;
  if (err instanceof QuotaExceededError) return true;
  return !(err instanceof DomainError);
}

/** What is kept of a failed execution: the cloud's code, message and request id, nothing else. */
export function failureOf(err: unknown): CloudFailure {
  const kept = {
    ...(err instanceof DomainError && err.live ? { live: err.live } : {}),
    retryable: retryableAfter(err),
  };
  if (err instanceof CloudRejectedError || err instanceof CloudUnavailableError) {
    return {
      code: err.cloudCode,
      message: err.cloudMessage,
      ...(err.requestId ? { requestId: err.requestId } : {}),
      ...kept,
    };
  }
  if (err instanceof QuotaExceededError && err.cloudFailure) return { ...err.cloudFailure, ...kept };
  if (err instanceof VersionConflictError) {
    const changed = err.changedSincePlan ? { changedSincePlan: err.changedSincePlan } : {};
    return { code: err.code, message: err.cloudMessage, ...changed, ...kept };
  }
  if (err instanceof DomainError) return { code: err.code, message: err.message, ...kept };
  return {
    code: 'internal_error',
    message: 'The change could not be applied because of an unexpected error.',
    ...kept,
  };
}
