import type { RespondFn } from '@slack/bolt';
import { buildGroupList, GROUPS_PER_PAGE } from '../../blocks/group-list.js';
import type { SlackMessage } from '../../blocks/message.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { regionToShow, unknownRegionText } from './region-argument.js';

/** One page of a known region's groups, read from the cloud (DescribeSecurityGroups Offset/Limit). */
export async function groupsPage(deps: ListenerDeps, region: string, offset: number): Promise<SlackMessage> {
  const [page, projects] = await Promise.all([
    deps.catalog.listGroups(region, { offset, limit: GROUPS_PER_PAGE }),
    deps.catalog.projects(),
  ]);
  return buildGroupList({ region, offset, ...page }, projects);
}

/** `/secgroup list [region]`: the first page of the groups in one region. */
export async function listGroups(deps: ListenerDeps, respond: RespondFn, asked?: string): Promise<void> {
  const region = await regionToShow(deps, asked);
  if (!region) return replyPrivately(respond, await unknownRegionText(deps, asked ?? ''));
  await replyPrivately(respond, await groupsPage(deps, region, 0));
}
