import type { RespondFn } from '@slack/bolt';
import { buildGroupDetail, buildGroupNotFound } from '../../blocks/group-detail.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { regionToShow, unknownRegionText } from './region-argument.js';

/** `/secgroup show sg-… [region]`: the group, found in the region given or else wherever it is. */
export async function showGroup(
  deps: ListenerDeps,
  respond: RespondFn,
  groupId: string,
  asked?: string,
): Promise<void> {
  if (asked !== undefined && !(await regionToShow(deps, asked))) {
    return replyPrivately(respond, await unknownRegionText(deps, asked));
  }
  const lookup = await deps.catalog.findGroup(groupId, asked);
  if (!lookup.found) return replyPrivately(respond, buildGroupNotFound(groupId, lookup));
  // Drift is told when it can be found out; the group is shown either way.
  const state = await deps.changeRequests
    .groupState({ region: lookup.group.region, securityGroupId: groupId })
    .catch((err: unknown) => {
      deps.log.warn(`slack: could not tell whether ${groupId} drifted: ${String(err)}`);
      return undefined;
    });
  await replyPrivately(respond, buildGroupDetail(lookup, deps.consoleSite, state?.drift));
}
