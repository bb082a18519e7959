import type { RespondFn } from '@slack/bolt';
import { buildGroupDetail } from '../../blocks/group-detail.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { regionToShow, unknownRegionText } from './region-argument.js';

/** `/secgroup show sg-… [region]`: the group's current rules, read from the cloud. */
export async function showGroup(
  deps: ListenerDeps,
  respond: RespondFn,
  groupId: string,
  asked?: string,
): Promise<void> {
  const region = await regionToShow(deps, asked);
  if (!region) return replyPrivately(respond, await unknownRegionText(deps, asked ?? ''));
  const rules = await deps.catalog.groupRules(region, groupId);
  await replyPrivately(respond, buildGroupDetail(region, groupId, rules));
}
