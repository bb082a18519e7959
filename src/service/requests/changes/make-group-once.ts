import type { ChangeRequest, ExecutionResult, SecurityGroup } from '../../types.js';
import type { PerformContext } from './perform.js';
import { quotaUse } from './quota-use.js';

/** Where the new group goes, what an earlier attempt's group is called in the log, and the one call making it. */
export interface NewGroup {
  region: string;
  projectId?: string;
  /** Log line when an earlier attempt already made the group (found by its request tag). */
  alreadyMade: (group: SecurityGroup) => string;
  /** The one cloud call making the group, tagged with the request id. */
  make: () => Promise<SecurityGroup>;
}

/**
 * Makes a new group (create or clone) at most once: after an earlier attempt the request's tag is
 * looked up first. Then the group's rules and the quota use are read back.
 */
export async function makeGroupOnce(
  request: ChangeRequest,
  afterEarlierAttempt: boolean,
  context: PerformContext,
  { region, projectId, alreadyMade, make }: NewGroup,
): Promise<ExecutionResult> {
  const { cloud, clock, log } = context;
  let group = afterEarlierAttempt ? await cloud.findGroupByRequestTag(region, request.id) : undefined;
  if (group) {
    log.info(`request ${request.id}: ${alreadyMade(group)}`);
  } else {
    group = await make();
  }
  const rules = await cloud.describeRules(region, group.id);
  const completedAt = clock.now().toISOString();
  return { securityGroupId: group.id, rules, completedAt, ...(await quotaUse(context, region, projectId)) };
}
