import { CloudUnavailableError, DomainError, VersionConflictError } from '../../errors.js';
import type { CloudProvider, PolicySet } from '../../ports.js';
import { diffRules, sameRuleLists } from '../../rules/rule-diff.js';
import type { EditRulesSpec, Rule } from '../../types.js';
import { type EditCall, planEditSteps, undoCall } from './edit-steps.js';
import type { Performer } from './perform.js';
import { quotaUse } from './quota-use.js';

const rulesOf = (set: PolicySet): Rule[] => set.entries.map((e) => e.rule);

/** How many times a call whose answer was lost, and which a read shows did not apply, is sent again. */
const RESENDS = 2;

function send(cloud: CloudProvider, spec: EditRulesSpec, version: string, call: EditCall): Promise<void> {
  const { region, securityGroupId: group } = spec;
  switch (call.call) {
    case 'add':
      return cloud.addPolicies(region, group, version, call.rules);
    case 'delete':
      return cloud.deletePolicies(region, group, version, call.direction, call.indexes);
    case 'replace':
      return cloud.replacePolicies(
        region,
        group,
        version,
        call.entries.map((e) => ({ index: e.index, rule: e.rule })),
      );
    case 'reset':
      return cloud.resetPolicies(region, group, version, call.rules);
  }
}

function describeCall(call: EditCall): string {
  if (call.call === 'reset') return `set all ${call.rules.length} rules`;
  if (call.call === 'add') return `added ${call.rules.length} ${call.direction} rule(s) at the end`;
  if (call.call === 'delete') return `deleted ${call.direction} rule(s) at ${call.indexes.join(', ')}`;
  return `replaced ${call.direction} rule(s) at ${call.entries.map((e) => e.index).join(', ')}`;
}

/** The group changed since the plan: nothing of this request is applied, and the failure says what changed. */
function conflict(spec: EditRulesSpec, now: Rule[], message: string): VersionConflictError {
  const error = new VersionConflictError(spec.securityGroupId, spec.baseVersion, message);
  error.changedSincePlan = diffRules(spec.before, now);
  return error;
}

/**
 * Makes the group's rules the request's, with the calls edit-steps chose. It reads first and finds
 * where the group stands among the states the calls go through: a fresh start must find the plan's
 * Version; after a crash or a lost answer it goes on from where the group is, so no call is made
 * twice (each call also carries the Version it was planned on, which the cloud checks). When a
 * later call fails, what the earlier ones did is undone; if that fails too, the failure says what
 * is live.
 */
export const performEditRules: Performer = async (request, afterEarlierAttempt, context) => {
  const { cloud, clock, log } = context;
  const spec = request.spec;
  if (spec.kind !== 'edit-rules') throw new Error(`${request.id} is not an edit-rules request`);
  const { region, securityGroupId: group } = spec;
  const steps = planEditSteps(spec.before, request.rules, spec.diff, spec.foreignRules);
  log.info(`request ${request.id}: ${steps.calls.length} call(s) on ${group}: ${steps.why}`);

  const read = () => cloud.readPolicies(region, group);
  /** Where the group stands: k calls done, or -1 when it is in none of the states. */
  const standing = (set: PolicySet): number => {
    const rules = rulesOf(set);
    for (let k = steps.states.length - 1; k >= 0; k--) {
      if (!sameRuleLists(rules, steps.states[k] as Rule[])) continue;
      // Back at the plan's rules under another Version means someone changed them and back: start from the plan.
      // (After an earlier attempt that undid its own calls, the Version has moved on by this request's own doing.)
      if (k === 0 && !afterEarlierAttempt && set.version !== spec.baseVersion && steps.calls.length > 0) return -1;
      return k;
    }
    return -1;
  };

  let current = await read();
  let done = standing(current);
  if (done < 0) throw conflict(spec, rulesOf(current), 'the group changed since the plan; nothing was applied');
  const startedAt = done;

  const undo = async (cause: DomainError): Promise<never> => {
    const applied = steps.calls.slice(startedAt, done);
    try {
      for (let k = done; k > startedAt; k--) {
        const back = undoCall(steps.states[k - 1] as Rule[], steps.calls[k - 1] as EditCall);
        await send(cloud, spec, current.version, back);
        current = await read();
        if (!sameRuleLists(rulesOf(current), steps.states[k - 1] as Rule[])) throw new Error('the undo did not land');
        done = k - 1;
      }
      log.warn(`request ${request.id}: undid ${applied.length} call(s) on ${group} after ${cause.code}`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      cause.live = `${group} has: ${steps.calls.slice(0, done).map(describeCall).join('; ')}; undoing failed (${reason}). The rest of the change was not applied.`;
      log.error(`request ${request.id}: ${cause.live}`);
    }
    throw cause;
  };

  /** The group is in none of the states the calls go through: others changed it. */
  const changedOutside = (now: PolicySet, applied: number) => {
    const error = conflict(spec, rulesOf(now), 'the group changed since the plan');
    if (applied > startedAt) {
      error.live = `${group} has: ${steps.calls.slice(0, applied).map(describeCall).join('; ')}; then it changed outside secgroup, so nothing more was done or undone.`;
    }
    return error;
  };

  while (done < steps.calls.length) {
    const call = steps.calls[done] as EditCall;
    const next = steps.states[done + 1] as Rule[];
    for (let resends = 0; ; resends++) {
      let failure: DomainError | undefined;
      try {
        await send(cloud, spec, current.version, call);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        failure = err;
      }
      const ambiguous = failure instanceof CloudUnavailableError && failure.mayHaveApplied;
      if (failure && !ambiguous && !(failure instanceof VersionConflictError)) {
        if (done > startedAt) await undo(failure);
        throw failure;
      }
      const now = await read();
      if (sameRuleLists(rulesOf(now), next)) {
        current = now;
        break;
      }
      // Still at the Version it was sent with: the lost call did not apply, and sending it again cannot apply it twice.
      if (ambiguous && now.version === current.version && resends < RESENDS) {
        log.warn(
          `request ${request.id}: ${call.call} on ${group} did not apply before its answer was lost; sending it again`,
        );
        continue;
      }
      throw changedOutside(now, failure ? done : done + 1);
    }
    done += 1;
  }

  const rules = rulesOf(current);
  return {
    securityGroupId: group,
    rules,
    completedAt: clock.now().toISOString(),
    ...(await quotaUse(context, region)),
  };
};
