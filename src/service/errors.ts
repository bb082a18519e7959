/** Domain errors: a literal `code` and safe details. Wording for people lives in each front end. */
import type { CloudFailure } from './types.js';

export type DomainErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'not_approver'
  | 'self_approval'
  | 'already_approved_by_actor'
  | 'already_decided'
  | 'not_requester'
  | 'expired'
  | 'quota_exceeded'
  | 'cloud_rejected'
  | 'cloud_unavailable'
  | 'version_conflict'
  | 'wrong_place'
  | 'not_retryable'
  | 'access_not_active'
  | 'not_requester_or_approver'
  | 'group_in_use';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** A change of several calls that failed part-way and could not be undone: what is live now, in words. */
  live?: string;
}

export interface FieldIssue {
  /** The input field, e.g. "name", "rules.0.port". */
  field: string;
  message: string;
}

export class InvalidInputError extends DomainError {
  readonly code = 'invalid_input' as const;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} ${id} not found`);
  }
}

export class NotApproverError extends DomainError {
  readonly code = 'not_approver' as const;
  constructor(readonly requestId: string) {
    super(`not an approver for ${requestId}`);
  }
}

export class SelfApprovalError extends DomainError {
  readonly code = 'self_approval' as const;
  constructor(readonly requestId: string) {
    super(`requester may not approve ${requestId}`);
  }
}

export class AlreadyApprovedByActorError extends DomainError {
  readonly code = 'already_approved_by_actor' as const;
  constructor(readonly requestId: string) {
    super(`already approved ${requestId}`);
  }
}

/** The request has left the state the action needs; `request` says what happened instead. */
export class AlreadyDecidedError extends DomainError {
  readonly code = 'already_decided' as const;
  constructor(readonly request: import('./types.js').ChangeRequest) {
    super(`request ${request.id} is ${request.status}`);
  }
}

export class NotRequesterError extends DomainError {
  readonly code = 'not_requester' as const;
  constructor(readonly requestId: string) {
    super(`only the requester may cancel ${requestId}`);
  }
}

export class ExpiredError extends DomainError {
  readonly code = 'expired' as const;
  constructor(readonly requestId: string) {
    super(`request ${requestId} has expired`);
  }
}

export class QuotaExceededError extends DomainError {
  readonly code = 'quota_exceeded' as const;
  constructor(
    readonly detail: string,
    /** Tencent Cloud's own refusal (code, message, RequestId) when the cloud, not a pre-check, said so. */
    readonly cloudFailure?: CloudFailure,
  ) {
    super(detail);
  }
}

/** Tencent Cloud refused the call (error envelope); never retried as-is by the provider. */
export class CloudRejectedError extends DomainError {
  readonly code = 'cloud_rejected' as const;
  constructor(
    readonly cloudCode: string,
    readonly cloudMessage: string,
    readonly requestId?: string,
    /** Whether the same request may succeed later (the resource was busy), as the cloud layer judges the code. */
    readonly retryable = false,
  ) {
    super(`${cloudCode}: ${cloudMessage}`);
  }
}

/** Transient failure that outlived the retries: throttling, 5xx, timeout, reset. */
export class CloudUnavailableError extends DomainError {
  readonly code = 'cloud_unavailable' as const;
  constructor(
    readonly cloudCode: string,
    readonly cloudMessage: string,
    readonly requestId?: string,
    /** The last attempt was a write whose answer was lost: it may have taken effect. */
    readonly mayHaveApplied = false,
  ) {
    super(`${cloudCode}: ${cloudMessage}`);
  }
}

/** The group's rules changed since the version a change was planned from; nothing was applied. */
export class VersionConflictError extends DomainError {
  readonly code = 'version_conflict' as const;
  constructor(
    readonly groupId: string,
    readonly expectedVersion: string,
    readonly cloudMessage: string,
    readonly requestId?: string,
  ) {
    super(`${groupId} changed since version ${expectedVersion}: ${cloudMessage}`);
  }

  /** From the rules the change was planned on to the group's rules now, when they were read. */
  changedSincePlan?: import('./types.js').RuleDiff;
}

/**
 * The action came from another workspace or conversation than the one the request was asked in
 * (a forwarded button, another team's payload). Says nothing about the request itself.
 */
export class WrongPlaceError extends DomainError {
  readonly code = 'wrong_place' as const;
  constructor(readonly requestId: string) {
    super(`${requestId} may be acted on only where it was asked`);
  }
}

/**
 * Extend or Remove now on a request whose rules are not temporary, not applied yet, or already
 * removed (or being removed); `request` says which.
 */
export class AccessNotActiveError extends DomainError {
  readonly code = 'access_not_active' as const;
  constructor(readonly request: import('./types.js').ChangeRequest) {
    super(`request ${request.id} has no temporary rules in place`);
  }
}

/** Extend and Remove now are for the person who asked for the rules, or an approver. */
export class NotRequesterOrApproverError extends DomainError {
  readonly code = 'not_requester_or_approver' as const;
  constructor(readonly requestId: string) {
    super(`only the requester or an approver may extend or remove the rules of ${requestId}`);
  }
}

/** Deleting a group something still uses needs each approver to accept that explicitly. */
export class GroupInUseError extends DomainError {
  readonly code = 'group_in_use' as const;
  constructor(
    readonly groupId: string,
    readonly usage: import('./types.js').GroupUsage,
  ) {
    super(`${groupId} is in use`);
  }
}

/** Retry of a request whose failure trying again cannot fix (the cloud refused the change as asked). */
export class NotRetryableError extends DomainError {
  readonly code = 'not_retryable' as const;
  constructor(readonly request: import('./types.js').ChangeRequest) {
    super(`request ${request.id} failed in a way a retry cannot fix`);
  }
}
