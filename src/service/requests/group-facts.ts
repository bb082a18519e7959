/**
 * What the cloud says, at submission, of the group an add-rules request changes: its rules (to
 * judge the change on what it adds to them, risk-checks.ts, and to refuse duplicates), how many
 * rules it may hold, and whether the security groups the rules name exist in its region
 * (add-rules-checks.ts), refusing the rules they show cannot be added. Read at once, without
 * holding the submission up past the time a front end has to answer: what does not come in time
 * is left out, and the log says so.
 */
import type { Log } from '../../lib/log.js';
import { InvalidInputError } from '../errors.js';
import type { CloudProvider } from '../ports.js';
import type { Rule } from '../types.js';
import { type AddRulesFacts, addRulesIssues } from './add-rules-checks.js';
import type { QuotaGate } from './quota-gate.js';

/** Below Slack's answer deadline, with the submission's own work beside it. */
const DEFAULT_WAIT_MS = 1_500;
/** Named groups looked up at submission; any beyond are checked by the cloud when the rules are added. */
const GROUP_LOOKUPS_MAX = 20;

/** What the cloud says of the group; InvalidInputError (issues by rule) when that refuses the rules. */
export type GroupFactsReader = (region: string, groupId: string, rules: Rule[]) => Promise<AddRulesFacts>;

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createGroupFactsReader(deps: {
  cloud: CloudProvider;
  quota: Pick<QuotaGate, 'rulesPerDirection'>;
  log: Log;
  waitMs?: number | undefined;
}): GroupFactsReader {
  const { cloud, quota, log } = deps;
  const waitMs = deps.waitMs ?? DEFAULT_WAIT_MS;

  /** The answer, or undefined when it failed or came after `deadline`. */
  async function inTime<T>(what: string, reading: Promise<T>, deadline: Promise<'late'>): Promise<T | undefined> {
    try {
      const answer = await Promise.race([reading, deadline]);
      if (answer !== 'late') return answer as T;
      log.warn(`${what} did not arrive within ${waitMs} ms; the submission goes ahead without it`);
    } catch (err) {
      log.warn(`${what} could not be read (${reasonOf(err)}); the submission goes ahead without it`);
    } finally {
      reading.catch(() => {});
    }
    return undefined;
  }

  return async (region, groupId, rules) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(resolve, waitMs, 'late');
    });
    const named = [...new Set(rules.flatMap((r) => (r.peer.kind === 'security-group' ? [r.peer.groupId] : [])))].filter(
      (id) => id !== groupId,
    );
    try {
      const [existing, perDirectionLimit, found] = await Promise.all([
        inTime(`${groupId}: its rules`, cloud.describeRules(region, groupId), deadline),
        inTime(`${region}: the rule quota`, quota.rulesPerDirection(region), deadline),
        Promise.all(
          named.slice(0, GROUP_LOOKUPS_MAX).map(async (id) => {
            const lookup = cloud.describeGroup(region, id).then((group) => (group ? 'found' : 'missing'));
            return { id, answer: await inTime(`${id} in ${region}`, lookup, deadline) };
          }),
        ),
      ]);
      // A failed or late lookup says nothing: the cloud checks that group when the rules are added.
      const missingGroups = new Set(found.flatMap(({ id, answer }) => (answer === 'missing' ? [id] : [])));
      const facts: AddRulesFacts = {
        region,
        groupId,
        missingGroups,
        ...(existing ? { existing } : {}),
        ...(perDirectionLimit === undefined ? {} : { perDirectionLimit }),
      };
      const issues = addRulesIssues(rules, facts);
      if (issues.length > 0) throw new InvalidInputError(issues);
      return facts;
    } finally {
      clearTimeout(timer);
    }
  };
}
