import {
  CloudRejectedError,
  CloudUnavailableError,
  NotFoundError,
  QuotaExceededError,
  VersionConflictError,
} from '../../service/errors.js';

/**
 * How a failed attempt may be repeated:
 * - `unsent`: the call never left (no credentials could be had from the role or STS), so safe to repeat;
 * - `rejected`: Tencent Cloud answered with an error that repeating cannot fix;
 * - `throttled`: RequestLimitExceeded*, refused before it ran, so safe to repeat as is;
 * - `ambiguous`: InternalError*, HTTP 5xx, a timeout or a dropped connection: the call may or may
 *   not have taken effect, so a write must check before it is repeated.
 */
export type FailureKind = 'unsent' | 'rejected' | 'throttled' | 'ambiguous';

/** One failed attempt at a Tencent Cloud call. Never leaves src/cloud: see toDomainError. */
export class CallFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly code: string,
    readonly cloudMessage: string,
    readonly requestId?: string,
  ) {
    super(`${code}: ${cloudMessage}`);
  }
}

/** Tencent Cloud's LimitExceeded* (quota), keeping its code and RequestId for support. */
export class CloudQuotaExceededError extends QuotaExceededError {
  constructor(
    readonly cloudCode: string,
    readonly cloudMessage: string,
    readonly requestId?: string,
  ) {
    super(`${cloudCode}: ${cloudMessage}`, {
      code: cloudCode,
      message: cloudMessage,
      ...(requestId ? { requestId } : {}),
    });
  }
}

interface SdkErrorShape {
  message?: unknown;
  code?: unknown;
  httpCode?: unknown;
  requestId?: unknown;
}

function isThrottle(code: string): boolean {
  return code.startsWith('RequestLimitExceeded');
}

function isInternal(code: string): boolean {
  return code.startsWith('InternalError') || code === 'InternalServerError';
}

/**
 * Classifies what the SDK threw. It throws its own exception with `code` and `requestId` for the
 * error envelope, `httpCode` for a non-200 answer, and only a message for transport failures
 * (it wraps node-fetch's error, so the errno is lost).
 */
export function classifyFailure(err: unknown, timedOutAfterMs?: number): CallFailure {
  if (timedOutAfterMs !== undefined) {
    return new CallFailure('ambiguous', 'RequestTimeout', `no answer within ${timedOutAfterMs} ms`);
  }
  const e: SdkErrorShape = typeof err === 'object' && err !== null ? err : {};
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  const requestId = typeof e.requestId === 'string' && e.requestId !== '' ? e.requestId : undefined;
  if (typeof e.code === 'string' && e.code !== '') {
    const kind = isThrottle(e.code) ? 'throttled' : isInternal(e.code) ? 'ambiguous' : 'rejected';
    return new CallFailure(kind, e.code, message, requestId);
  }
  if (typeof e.httpCode === 'number') {
    return new CallFailure(e.httpCode >= 500 ? 'ambiguous' : 'rejected', `HTTP ${e.httpCode}`, message, requestId);
  }
  return new CallFailure('ambiguous', 'NetworkError', message, requestId);
}

/**
 * Refusals that say the resource was busy, not that the change is wrong, so the same request may
 * succeed later: "the resource is locked" (UnsupportedOperation.LockedResources, 资源被锁定, in
 * tencentcloud-sdk-python vpc/v20170312/errorcodes.py) and API 3.0's common ResourceInUse (资源被占用)
 * ResourceUnavailable (资源不可用) and ResourceInsufficient (资源不足). A quota (LimitExceeded*) may be
 * raised or room made, so it is retryable too (QuotaExceededError). Any other refusal (a bad
 * parameter, a missing group, a duplicate) fails the same way every time.
 */
const RETRYABLE_REJECTIONS: ReadonlySet<string> = new Set([
  'UnsupportedOperation.LockedResources',
  'ResourceInUse',
  'ResourceUnavailable',
  'ResourceInsufficient',
]);

/**
 * Whether a failed call may succeed if the same request is made again later. Refusals of the
 * app's own credentials or permissions (AuthFailure*, UnauthorizedOperation*) are fixed by whoever
 * runs secgroup, not by changing the request, so they are retryable too.
 */
export function isRetryable(failure: CallFailure): boolean {
  if (failure.kind !== 'rejected') return true;
  if (failure.code.startsWith('AuthFailure') || failure.code.startsWith('UnauthorizedOperation')) return true;
  return RETRYABLE_REJECTIONS.has(failure.code);
}

/** The domain error a person is shown for a failure that will not be (or no longer is) retried. */
export function toDomainError(failure: CallFailure): Error {
  if (failure.kind !== 'rejected') {
    return new CloudUnavailableError(failure.code, failure.cloudMessage, failure.requestId);
  }
  if (failure.code.startsWith('LimitExceeded')) {
    return new CloudQuotaExceededError(failure.code, failure.cloudMessage, failure.requestId);
  }
  return new CloudRejectedError(failure.code, failure.cloudMessage, failure.requestId, isRetryable(failure));
}

/**
 * "This group does not exist": ResourceNotFound (every security-group action) and
 * InvalidSecurityGroupID.NotFound (DeleteSecurityGroup), per the error lists of
 * tencentcloud-sdk-go tencentcloud/vpc/v20170312/client.go.
 */
export const GROUP_NOT_FOUND_CODES: ReadonlySet<string> = new Set([
  'ResourceNotFound',
  'InvalidSecurityGroupID.NotFound',
]);

/**
 * "The Version given is not the group's latest" (指定安全组规则版本号和当前最新版本不一致), listed for
 * CreateSecurityGroupPolicies, DeleteSecurityGroupPolicies and ReplaceSecurityGroupPolicies but not
 * ModifySecurityGroupPolicies (tencentcloud-sdk-go vpc/v20170312 client.go and errors.go).
 */
export const VERSION_MISMATCH_CODE = 'UnsupportedOperation.VersionMismatch';

/**
 * The domain error for a refused call on one group: a missing group and, for a write that sent
 * `expectedVersion`, a stale Version get their own errors; anything else is returned unchanged.
 */
export function groupFailure(err: unknown, groupId: string, expectedVersion?: string): unknown {
  if (!(err instanceof CallFailure) || err.kind !== 'rejected') return err;
  if (GROUP_NOT_FOUND_CODES.has(err.code)) return new NotFoundError('Security group', groupId);
  if (expectedVersion !== undefined && err.code === VERSION_MISMATCH_CODE) {
    return new VersionConflictError(groupId, expectedVersion, err.cloudMessage, err.requestId);
  }
  return err;
}
