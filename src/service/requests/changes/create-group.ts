import type { Performer } from './perform.js';
import { quotaUse } from './quota-use.js';

/**
 * One create call with every rule, tagged with the request id; after an earlier attempt the tag is
 * looked up first, so a group is never created twice. Then the rules and the quota use are read back.
 */
export const performCreateGroup: Performer = async (request, afterEarlierAttempt, context) => {
  const { cloud, clock, log } = context;
  const spec = request.spec;
  if (spec.kind !== 'create-group') throw new Error(`${request.id} is not a create-group request`);
  let group = afterEarlierAttempt ? await cloud.findGroupByRequestTag(spec.region, request.id) : undefined;
  if (group) {
    log.info(`request ${request.id}: group ${group.id} already exists, not creating it again`);
  } else {
    group = await cloud.createGroupWithRules({
      region: spec.region,
      name: spec.name,
      description: spec.notes,
      projectId: spec.projectId,
      rules: request.rules,
      requestId: request.id,
    });
  }
  const rules = await cloud.describeRules(spec.region, group.id);
  const completedAt = clock.now().toISOString();
  return { securityGroupId: group.id, rules, completedAt, ...(await quotaUse(context, spec.region, spec.projectId)) };
};
