/**
 * A grant: a request whose rules are kept for a while only (ChangeRequest.temporary). Its rules
 * are in place from when it is done until they expire or someone removes them; the removal is a
 * request of its own with an id derived from the grant's.
 */
import { derivedRequestId } from '../../ids.js';
import type { ChangeRequest, KeepFor, Rule } from '../../types.js';

const HOUR_MS = 3_600_000;

/** The rules are applied, temporary, and not yet being removed. */
export function isActiveGrant(request: ChangeRequest): boolean {
  const t = request.temporary;
  return request.status === 'done' && t?.rulesExpireAt !== undefined && t.removalId === undefined;
}

export function removalIdOf(grantId: string): string {
  return derivedRequestId(grantId, 'remove-access');
}

/** When rules kept as asked from `appliedAt` expire. */
export function expiryOf(keep: KeepFor, appliedAt: Date): string {
  return 'hours' in keep ? new Date(appliedAt.getTime() + keep.hours * HOUR_MS).toISOString() : keep.until;
}

/** The group a grant's rules are in: the one it changed, or the one it created. */
export function grantGroupOf(grant: ChangeRequest): string | undefined {
  const spec = grant.spec;
  return 'securityGroupId' in spec ? spec.securityGroupId : grant.result?.securityGroupId;
}

/** What a request being recorded `done` adds: when its temporary rules expire. */
export function appliedGrantPatch(request: ChangeRequest, completedAt: string): Partial<ChangeRequest> {
  const t = request.temporary;
  if (!t || t.rulesExpireAt !== undefined) return {};
  return { temporary: { ...t, rulesExpireAt: expiryOf(t.keep, new Date(completedAt)) } };
}

/** The rules a grant put in place, which its removal takes away: for an edit, the rules it added. */
export function grantRulesOf(grant: ChangeRequest): Rule[] {
  return grant.spec.kind === 'edit-rules' ? grant.spec.diff.added.map((a) => a.rule) : grant.rules;
}
