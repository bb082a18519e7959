import { CloudUnavailableError, DomainError, VersionConflictError } from '../../errors.js';
import type { PolicyEntry } from '../../ports.js';
import { formatRuleLines } from '../../rules/rule-lines.js';
import { sameRule } from '../../rules/rules.js';
import { DIRECTIONS, type Rule } from '../../types.js';
import type { PerformContext, Performer } from './perform.js';
import { quotaUse } from './quota-use.js';

/** Reads and removals an undo makes before it gives up (each removal is one direction at one Version). */
const UNDO_ATTEMPTS = 4;

function reasonOf(err: unknown): string {
  return err instanceof DomainError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
}

/** "inbound: 0.0.0.0/0 UDP:8000-9000 Allow game; outbound: …", the rules as people write them. */
export function rulesInWords(rules: readonly Rule[]): string {
  return DIRECTIONS.flatMap((direction) => {
    const of = rules.filter((r) => r.direction === direction);
    return of.length === 0 ? [] : [`${direction}: ${formatRuleLines(of).replaceAll('\n', ', ')}`];
  }).join('; ');
}

/**
 * Removes the rules the group holds that `isOurs` says this request added, one direction per call
 * at the Version just read; undefined once none is left, else what is live (undefined when the
 * group could not even be read) and why they could not be removed.
 */
async function removeAdded(
  context: PerformContext,
  where: { region: string; groupId: string },
  isOurs: (rule: Rule) => boolean,
): Promise<{ live: Rule[] | undefined; reason: string } | undefined> {
  const { cloud } = context;
  let live: Rule[] | undefined;
  let reason = 'the rules were still there after removing them';
  for (let attempt = 0; attempt < UNDO_ATTEMPTS; attempt++) {
    try {
      const set = await cloud.readPolicies(where.region, where.groupId);
      const ours: PolicyEntry[] = set.entries.filter((e) => isOurs(e.rule));
      live = ours.map((e) => e.rule);
      const direction = DIRECTIONS.find((d) => ours.some((e) => e.rule.direction === d));
      if (direction === undefined) return undefined;
      const indexes = ours.filter((e) => e.rule.direction === direction).map((e) => e.index);
      await cloud.deletePolicies(where.region, where.groupId, set.version, direction, indexes);
    } catch (err) {
      reason = reasonOf(err);
      // Another change landed between the read and the removal, or the answer was lost: read again.
      if (!(err instanceof VersionConflictError || err instanceof CloudUnavailableError)) break;
    }
  }
  return { live, reason };
}

/**
 * Adds the request's rules to its group, all or none: one call per direction, and when a later
 * call fails what the earlier ones added is removed again (by index, at the Version read just
 * before); when that fails too, the failure says exactly which rules are live. Rules carry no tag,
 * so what this request added is found by comparing rules: those of the request that were not in
 * the group when this attempt began, and after an earlier attempt (a retry, a take-over) those
 * already there too, which submission found absent. Then reads back the rules and the quota use.
 */
export const performAddRules: Performer = async (request, afterEarlierAttempt, context) => {
  const { cloud, clock, log } = context;
  const spec = request.spec;
  if (spec.kind !== 'add-rules') throw new Error(`${request.id} is not an add-rules request`);
  const where = { region: spec.region, groupId: spec.securityGroupId };
  const present = await cloud.describeRules(where.region, where.groupId);
  const inGroupBefore = (rule: Rule) => present.some((p) => sameRule(p, rule));
  const isOurs = (rule: Rule) =>
    request.rules.some((r) => sameRule(r, rule)) && (afterEarlierAttempt || !inGroupBefore(rule));
  const missing = request.rules.filter((rule) => !inGroupBefore(rule));
  try {
    for (const direction of DIRECTIONS) {
      const wanted = missing.filter((r) => r.direction === direction);
      if (wanted.length > 0) await cloud.addRules(where.region, where.groupId, wanted);
    }
  } catch (err) {
    // Even when the first call failed: an answer lost on its way may hide rules that did land.
    const left = await removeAdded(context, where, isOurs);
    if (!left) {
      log.warn(`request ${request.id}: nothing of it is left on ${where.groupId} after ${reasonOf(err)}`);
      throw err;
    }
    const live = left.live
      ? `${where.groupId} has ${left.live.length} of this request's rules (${rulesInWords(left.live)}); removing them failed (${left.reason}).`
      : `${where.groupId} may have some of these rules of this request: ${rulesInWords(missing)}; reading the group to remove them failed (${left.reason}).`;
    log.error(`request ${request.id}: ${live}`);
    if (err instanceof DomainError) err.live = live;
    throw err;
  }
  const rules = await cloud.describeRules(where.region, where.groupId);
  const completedAt = clock.now().toISOString();
  return { securityGroupId: where.groupId, rules, completedAt, ...(await quotaUse(context, where.region)) };
};
