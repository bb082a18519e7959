/**
 * Who may do what to a request, and when. Pure: the caller looks up whether the actor is an
 * approver and passes the time, so every rule here is a plain function of its arguments.
 */
import {
  AlreadyApprovedByActorError,
  AlreadyDecidedError,
  type DomainError,
  GroupInUseError,
  NotApproverError,
  NotRequesterError,
  NotRetryableError,
  SelfApprovalError,
  VersionConflictError,
  WrongPlaceError,
} from '../errors.js';
import type { ChangeRequest, GroupUsage, RequestKind, RequestOrigin, RiskFinding } from '../types.js';
import { characterCount, deceptiveCharacterProblem, type Validation } from '../validation.js';

export const REJECT_REASON_MAX = 500;

export interface PolicyContext {
  /** Whether the actor is in the approver directory. */
  actorIsApprover: boolean;
  now: Date;
  /** Where the action came from (the workspace and conversation of the click), when the front end says. */
  from?: RequestOrigin | undefined;
  /** The approver accepts deleting a group that is in use. */
  acceptsInUse?: boolean | undefined;
}

/**
 * `allow`: go ahead. `refuse`: leave the request as it is and report `error`.
 * `expire`: the request is pending past its deadline; record that, then report it expired.
 */
export type Verdict = { kind: 'allow' } | { kind: 'refuse'; error: DomainError } | { kind: 'expire' };

export type ApprovalVerdict = Exclude<Verdict, { kind: 'allow' }> | { kind: 'allow'; completes: boolean };

/**
 * Approvals a request needs: a template's own number; for added rules one, or two when a rule
 * is risky, since such a change has no template a team reviewed beforehand.
 */
export function approvalsNeeded(kind: RequestKind, risks: readonly RiskFinding[], templateApprovals?: number): number {
  if (kind === 'create-group') return Math.max(1, templateApprovals ?? 1);
  // Deleting cannot be undone: it is approved as a risky change is.
  if (kind === 'delete-group') return Math.max(2, templateApprovals ?? 0);
  return Math.max(risks.length > 0 ? 2 : 1, templateApprovals ?? 0);
}

export function isInUse(usage: GroupUsage): boolean {
  return usage.resources.some((r) => r.count > 0) || usage.referencingGroups.length > 0;
}

/** Retrying repeats the same plan, which a group changed since the plan makes wrong: it is planned again instead. */
function needsReplan(request: ChangeRequest): Verdict {
  if (request.failure?.code !== 'version_conflict' || !('securityGroupId' in request.spec)) return { kind: 'allow' };
  const error = new VersionConflictError(
    request.spec.securityGroupId,
    'baseVersion' in request.spec ? request.spec.baseVersion : '',
    'the group changed since the plan; re-plan it',
  );
  return { kind: 'refuse', error };
}

/**
 * Whether an action from `from` may touch the request: only from the workspace and conversation it
 * was asked in, where its card and thread are. A request without an origin, or an action whose
 * front end does not say where it came from, is not judged on place. Checked before anything else,
 * so an action from elsewhere learns nothing of the request.
 */
export function decideOrigin(request: ChangeRequest, from: RequestOrigin | undefined): Verdict {
  const origin = request.origin;
  if (!origin || !from) return { kind: 'allow' };
  const sameWorkspace = origin.workspaceId === undefined || origin.workspaceId === from.workspaceId;
  if (sameWorkspace && origin.conversationId === from.conversationId) return { kind: 'allow' };
  return { kind: 'refuse', error: new WrongPlaceError(request.id) };
}

export function isOverdue(request: ChangeRequest, now: Date): boolean {
  return request.status === 'pending' && now.getTime() >= Date.parse(request.expiresAt);
}

/** Checks shared by approve and reject: an open request, still within its time. */
function pendingVerdict(request: ChangeRequest, now: Date): Verdict {
  if (request.status !== 'pending') return { kind: 'refuse', error: new AlreadyDecidedError(request) };
  if (isOverdue(request, now)) return { kind: 'expire' };
  return { kind: 'allow' };
}

/**
 * Identity comes first (where the click came from, the requester, then strangers), so nobody
 * learns more than that they may not act; then the request's state; then whether this approver
 * already approved.
 */
export function decideApproval(request: ChangeRequest, actorId: string, context: PolicyContext): ApprovalVerdict {
  const place = decideOrigin(request, context.from);
  if (place.kind !== 'allow') return place;
  if (actorId === request.requesterId) return { kind: 'refuse', error: new SelfApprovalError(request.id) };
  if (!context.actorIsApprover) return { kind: 'refuse', error: new NotApproverError(request.id) };
  const state = pendingVerdict(request, context.now);
  if (state.kind !== 'allow') return state;
  if (request.approvals.some((a) => a.actorId === actorId)) {
    return { kind: 'refuse', error: new AlreadyApprovedByActorError(request.id) };
  }
  const spec = request.spec;
  if (spec.kind === 'delete-group' && isInUse(spec.usage) && !context.acceptsInUse) {
    return { kind: 'refuse', error: new GroupInUseError(spec.securityGroupId, spec.usage) };
  }
  return { kind: 'allow', completes: request.approvals.length + 1 >= request.approvalsRequired };
}

/** Any approver may reject, the requester included when they are one (it only stops the change). */
export function decideRejection(request: ChangeRequest, context: PolicyContext): Verdict {
  const place = decideOrigin(request, context.from);
  if (place.kind !== 'allow') return place;
  if (!context.actorIsApprover) return { kind: 'refuse', error: new NotApproverError(request.id) };
  return pendingVerdict(request, context.now);
}

export function decideCancel(request: ChangeRequest, actorId: string, now: Date, from?: RequestOrigin): Verdict {
  const place = decideOrigin(request, from);
  if (place.kind !== 'allow') return place;
  if (actorId !== request.requesterId) return { kind: 'refuse', error: new NotRequesterError(request.id) };
  return pendingVerdict(request, now);
}

/** Retrying re-runs a change others approved, so any approver may, the requester included. */
export function decideRetry(request: ChangeRequest, context: Pick<PolicyContext, 'actorIsApprover' | 'from'>): Verdict {
  const place = decideOrigin(request, context.from);
  if (place.kind !== 'allow') return place;
  if (!context.actorIsApprover) return { kind: 'refuse', error: new NotApproverError(request.id) };
  if (request.status !== 'failed') return { kind: 'refuse', error: new AlreadyDecidedError(request) };
  const replan = needsReplan(request);
  if (replan.kind !== 'allow') return replan;
  // The cloud refused the change as asked: trying it again fails the same way; a changed request is needed.
  if (request.failure?.retryable === false) return { kind: 'refuse', error: new NotRetryableError(request) };
  return { kind: 'allow' };
}

/** A rejection must say why, briefly enough to show on the request card. */
export function validateRejectReason(raw: unknown): Validation<string> {
  const deceptive = typeof raw === 'string' ? deceptiveCharacterProblem(raw, 'the reason') : undefined;
  if (deceptive) return { ok: false, issues: [{ field: 'reason', message: deceptive }] };
  const reason = typeof raw === 'string' ? raw.trim() : '';
  if (reason === '') {
    return { ok: false, issues: [{ field: 'reason', message: 'Say why the request is rejected.' }] };
  }
  if (characterCount(reason) > REJECT_REASON_MAX) {
    return {
      ok: false,
      issues: [
        {
          field: 'reason',
          message: `Keep the reason to ${REJECT_REASON_MAX} characters (it has ${characterCount(reason)}).`,
        },
      ],
    };
  }
  return { ok: true, value: reason };
}
