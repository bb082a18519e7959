import type { RespondFn } from '@slack/bolt';
import { buildGroupList } from '../../blocks/group-list.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { regionToShow, unknownRegionText } from './region-argument.js';

/** `/secgroup list [region]`: the groups in one region, read from the cloud. */
export async function listGroups(deps: ListenerDeps, respond: RespondFn, asked?: string): Promise<void> {
  const region = await regionToShow(deps, asked);
  if (!region) return replyPrivately(respond, await unknownRegionText(deps, asked ?? ''));
  const [groups, projects] = await Promise.all([deps.catalog.listGroups(region), deps.catalog.projects()]);
  await replyPrivately(respond, buildGroupList(region, groups, projects));
}
