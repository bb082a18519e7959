import type { Performer } from './perform.js';
import { quotaUse } from './quota-use.js';

/**
 * One CloneSecurityGroup call (RemoteRegion when the source is in another region), tagged with
 * the request id; after an earlier attempt the tag is looked up first, so the group is never
 * copied twice. Then the copy's rules and the target's quota use are read back.
 */
export const performCloneGroup: Performer = async (request, afterEarlierAttempt, context) => {
  const { cloud, clock, log } = context;
  const spec = request.spec;
  if (spec.kind !== 'clone-group') throw new Error(`${request.id} is not a clone-group request`);
  let copy = afterEarlierAttempt ? await cloud.findGroupByRequestTag(spec.region, request.id) : undefined;
  if (copy) {
    log.info(`request ${request.id}: ${copy.id} is already the copy of ${spec.sourceGroupId}, not cloning again`);
  } else {
    copy = await cloud.cloneGroup({
      sourceRegion: spec.sourceRegion,
      sourceGroupId: spec.sourceGroupId,
      targetRegion: spec.region,
      name: spec.name,
      description: spec.description,
      projectId: spec.projectId,
      requestId: request.id,
    });
  }
  const rules = await cloud.describeRules(spec.region, copy.id);
  const completedAt = clock.now().toISOString();
  return { securityGroupId: copy.id, rules, completedAt, ...(await quotaUse(context, spec.region, spec.projectId)) };
};
