import { GroupInUseError } from '../../errors.js';
import { isInUse } from '../../policy/approval-policy.js';
import type { Performer } from './perform.js';

/**
 * Deletes the group, after checking again what uses it: in use now, every approval must have
 * accepted that (the plan may have found it free). After an earlier attempt a group already gone
 * is what was asked for, so it is never deleted twice.
 */
export const performDeleteGroup: Performer = async (request, afterEarlierAttempt, { cloud, clock, log }) => {
  const spec = request.spec;
  if (spec.kind !== 'delete-group') throw new Error(`${request.id} is not a delete-group request`);
  const { region, securityGroupId } = spec;
  const gone = afterEarlierAttempt && (await cloud.describeGroup(region, securityGroupId)) === undefined;
  if (gone) {
    log.info(`request ${request.id}: ${securityGroupId} is already deleted`);
  } else {
    const usage = await cloud.groupUsage(region, securityGroupId);
    const accepted = request.approvals.length > 0 && request.approvals.every((a) => a.acceptedInUse);
    if (isInUse(usage) && !accepted) throw new GroupInUseError(securityGroupId, usage);
    await cloud.deleteGroup(region, securityGroupId);
  }
  return { securityGroupId, rules: [], completedAt: clock.now().toISOString(), groupDeleted: true };
};
