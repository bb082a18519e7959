/**
 * "Keep for" as a form gives it, into a KeepFor: permanently (undefined), a fixed number of hours
 * from when the rules are applied, or until a date and time, which must be ahead of now.
 */
import { z } from 'zod';
import type { Clock } from '../../../lib/clock.js';
import type { KeepForInput } from '../../api.js';
import { InvalidInputError } from '../../errors.js';
import { type AccessPolicy, judgeKeep, KEEP_HOURS } from '../../policy/access-policy.js';
import type { KeepFor, RiskFinding, Rule, TemporaryAccess } from '../../types.js';
import { type Validation, valueOrThrow } from '../../validation.js';
import type { NewRequest } from '../new-requests.js';

/** An "until" closer than this leaves no time to approve and use the rules. */
export const UNTIL_MIN_AHEAD_MS = 15 * 60_000;

const CHOICES = ['permanent', ...KEEP_HOURS.map((h) => `${h}h`), 'until'] as const;

const keepSchema = z.object({
  keepFor: z.enum(CHOICES, { error: `Choose how long to keep the rules: ${CHOICES.join(', ')}.` }),
  until: z.string().trim().optional(),
});

/** An instant from ISO 8601 text or epoch seconds (as Slack's datetimepicker gives them). */
function instantOf(text: string): number | undefined {
  const ms = /^\d{9,11}$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

export function validateKeep(input: KeepForInput | undefined, now: Date): Validation<KeepFor | undefined> {
  if (input === undefined) return { ok: true, value: undefined };
  const parsed = keepSchema.safeParse(input);
  const fail = (message: string): Validation<KeepFor | undefined> => ({
    ok: false,
    issues: [{ field: 'keep', message }],
  });
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? 'Choose how long to keep the rules.');
  const { keepFor, until } = parsed.data;
  if (keepFor === 'permanent') return { ok: true, value: undefined };
  if (keepFor !== 'until') return { ok: true, value: { hours: Number(keepFor.slice(0, -1)) } };
  const at = until ? instantOf(until) : undefined;
  if (at === undefined) return fail('Choose the date and time to keep the rules until.');
  if (at < now.getTime() + UNTIL_MIN_AHEAD_MS) {
    return fail('Choose a date and time at least 15 minutes from now.');
  }
  return { ok: true, value: { until: new Date(at).toISOString() } };
}

/** A request's "Keep for", judged against the access policy: what it stores, and the approvals it needs. */
export function planKeep(
  policy: AccessPolicy,
  keep: KeepFor | undefined,
  asked: { rules: readonly Rule[]; risks: readonly RiskFinding[]; usualApprovals: number },
  now: Date,
): { temporary?: TemporaryAccess; approvalsRequired: number } {
  const approvalsRequired = valueOrThrow(judgeKeep(policy, { ...asked, keep, now }));
  return keep ? { temporary: { keep }, approvalsRequired } : { approvalsRequired };
}

/** The keep input and the rest of a form, validated together so a person sees every problem at once. */
export function bothOrThrow<T>(keep: Validation<KeepFor | undefined>, rest: Validation<T>): [KeepFor | undefined, T] {
  if (keep.ok && rest.ok) return [keep.value, rest.value];
  throw new InvalidInputError([...(keep.ok ? [] : keep.issues), ...(rest.ok ? [] : rest.issues)]);
}

/**
 * "Keep for" on an edit: only rules the edit adds can be temporary (removing them at expiry puts
 * the group back); an edit that also changes or removes rules is kept permanently or refused.
 */
export function keepEditPlan(
  policy: AccessPolicy,
  plan: NewRequest,
  input: KeepForInput | undefined,
  now: Date,
): NewRequest {
  const keep = valueOrThrow(validateKeep(input, now));
  const spec = plan.spec;
  if (!keep || spec.kind !== 'edit-rules') return plan;
  if (spec.diff.changed.length > 0 || spec.diff.removed.length > 0 || spec.diff.added.length === 0) {
    throw new InvalidInputError([
      {
        field: 'keep',
        message:
          'Only added rules can be kept for a while: this edit changes or removes rules too. Keep it permanently, or add the temporary rules on their own.',
      },
    ]);
  }
  const planned = planKeep(
    policy,
    keep,
    { rules: plan.rules, risks: plan.risks, usualApprovals: plan.approvalsRequired },
    now,
  );
  return { ...plan, ...planned };
}

/** keepEditPlan with the policy and the clock, as the day-2 submissions take it. */
export function editKeeper(policy: AccessPolicy, clock: Clock) {
  return (plan: NewRequest, input: KeepForInput | undefined) => keepEditPlan(policy, plan, input, clock.now());
}
