/**
 * Removes exactly the rules a temporary request added, matched by content at the group's current
 * Version: each delete carries that Version, so a change in between is refused and looked at
 * again, and an answer lost on the way is settled by reading back, never by deleting again.
 *
 * Before deleting anything it stores which of the rules were not there any more (changed or
 * removed outside secgroup), so a take-over after a crash still tells those apart from the ones
 * it removed itself, and reports them instead of failing or touching other rules.
 */
import { CloudRejectedError, CloudUnavailableError, NotFoundError, VersionConflictError } from '../../errors.js';
import type { PolicyEntry, PolicySet } from '../../ports.js';
import { sameRule } from '../../rules/rules.js';
import { DIRECTIONS, type Rule } from '../../types.js';
import type { Performer } from './perform.js';

/** Reads and deletes before giving up on a group whose rules keep changing under it. */
const MAX_ROUNDS = 8;

/** The entries holding `targets`, each entry used once (a group may hold equal rules only once). */
function matchesOf(entries: readonly PolicyEntry[], targets: readonly Rule[]): (PolicyEntry | undefined)[] {
  const used = new Set<PolicyEntry>();
  return targets.map((rule) => {
    const entry = entries.find((e) => !used.has(e) && sameRule(e.rule, rule));
    if (entry) used.add(entry);
    return entry;
  });
}

function groupGone(err: unknown): boolean {
  if (err instanceof NotFoundError) return true;
  return err instanceof CloudRejectedError && /NotFound/.test(err.cloudCode);
}

export const performRemoveAccess: Performer = async (request, _afterEarlierAttempt, context) => {
  const { cloud, clock, log, writes } = context;
  const spec = request.spec;
  if (spec.kind !== 'remove-access') throw new Error(`${request.id} is not a remove-access request`);
  const { region, securityGroupId } = spec;
  const read = async (): Promise<PolicySet | undefined> => {
    try {
      return await cloud.readPolicies(region, securityGroupId);
    } catch (err) {
      if (groupGone(err)) return undefined;
      throw err;
    }
  };

  let notFound = request.removal?.notFound;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const set = await read();
    const entries = set?.entries ?? [];
    if (notFound === undefined) {
      const matched = matchesOf(entries, request.rules);
      const missing = request.rules.filter((_rule, i) => matched[i] === undefined);
      // Stored before any delete, by the execution holding the request (first write wins).
      const { request: stored } = await writes.update(request.id, (current) =>
        current.removal || current.status !== 'executing'
          ? { keep: true }
          : { write: { ...current, removal: { notFound: missing } } },
      );
      notFound = stored.removal?.notFound ?? missing;
    }
    const stillThere = [...notFound];
    const targets = request.rules.filter((rule) => {
      const i = stillThere.findIndex((n) => sameRule(n, rule));
      if (i === -1) return true;
      stillThere.splice(i, 1);
      return false;
    });
    const found = matchesOf(entries, targets).filter((e): e is PolicyEntry => e !== undefined);
    const direction = DIRECTIONS.find((d) => found.some((e) => e.rule.direction === d));
    if (!set || direction === undefined) {
      const completedAt = clock.now().toISOString();
      return { securityGroupId, rules: entries.map((e) => e.rule), completedAt };
    }
    const indexes = found.filter((e) => e.rule.direction === direction).map((e) => e.index);
    try {
      await cloud.deletePolicies(region, securityGroupId, set.version, direction, indexes);
    } catch (err) {
      const ambiguous = err instanceof CloudUnavailableError && err.mayHaveApplied;
      if (!(err instanceof VersionConflictError) && !ambiguous) throw err;
      log.info(`request ${request.id}: ${securityGroupId} changed or the answer was lost; reading it again`);
    }
  }
  throw new CloudUnavailableError(
    'RulesKeptChanging',
    `the rules of ${securityGroupId} kept changing while the temporary rules were removed; try again`,
  );
};
