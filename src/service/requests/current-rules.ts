/**
 * The rules a group has now, for judging a change on what it adds to them (risk-checks.ts): read
 * from the cloud when a change is submitted, without holding the submission up past the time a
 * front end has to answer.
 */
import type { Log } from '../../lib/log.js';
import type { CloudProvider } from '../ports.js';
import type { Rule } from '../types.js';

/** Below Slack's answer deadline, with the submission's own work beside it. */
const DEFAULT_WAIT_MS = 1_500;

export type CurrentRulesReader = (region: string, groupId: string) => Promise<Rule[] | undefined>;

/**
 * The group's rules, or undefined when the cloud did not give them in time (or failed): the
 * change is then judged on its own rules, and the log says so.
 */
export function createCurrentRulesReader(deps: {
  cloud: CloudProvider;
  log: Log;
  waitMs?: number;
}): CurrentRulesReader {
  const waitMs = deps.waitMs ?? DEFAULT_WAIT_MS;
  return async (region, groupId) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(resolve, waitMs, 'late');
    });
    const reading = deps.cloud.describeRules(region, groupId);
    try {
      const rules = await Promise.race([reading, late]);
      if (rules !== 'late') return rules;
      deps.log.warn(`${groupId}: its rules did not arrive within ${waitMs} ms; the change is judged on its own rules`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      deps.log.warn(`${groupId}: its rules could not be read (${reason}); the change is judged on its own rules`);
    } finally {
      clearTimeout(timer);
      reading.catch(() => {});
    }
    return undefined;
  };
}
