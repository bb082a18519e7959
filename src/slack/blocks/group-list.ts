import type { Project, SecurityGroup } from '../../service/types.js';
import { encodeGroupsPage } from '../forms/page-value.js';
import { ActionId } from '../ids.js';
import { contextBlock, mrkdwnSection, packLines, type SlackMessage } from './message.js';
import { code, escapeMrkdwn, slackDate } from './mrkdwn.js';
import { pageButtons } from './paging.js';
import { inlineUserText } from './user-text.js';

/** Groups on one page of `/secgroup list`: what DescribeSecurityGroups gives at most per call is 100. */
export const GROUPS_PER_PAGE = 20;

/** One page of a region's groups, as DescribeSecurityGroups answered it. */
export interface GroupsPage {
  region: string;
  offset: number;
  total: number;
  groups: SecurityGroup[];
}

function groupLine(group: SecurityGroup, projects: Project[]): string {
  const project = projects.find((p) => p.id === group.projectId)?.name ?? `project ${group.projectId}`;
  return `• ${code(group.id)} ${inlineUserText(group.name)} · ${escapeMrkdwn(project)} · created ${slackDate(group.createdTime)}`;
}

/** `/secgroup list`: one page of a region's security groups (id, name, project, created), with Previous/Next. */
export function buildGroupList(page: GroupsPage, projects: Project[]): SlackMessage {
  const { region, offset, total, groups } = page;
  if (total === 0) {
    return {
      text: `No security groups in ${region}`,
      blocks: [mrkdwnSection(`No security groups in ${code(region)}.`)],
    };
  }
  const first = offset + 1;
  const last = offset + groups.length;
  const heading = `*Security groups in ${code(region)}* — ${groups.length === 0 ? 'none here' : `${first}–${last}`} of ${total}`;
  const previous = offset > 0 ? Math.max(0, offset - GROUPS_PER_PAGE) : undefined;
  const blocks = [
    ...packLines(
      groups.map((g) => groupLine(g, projects)),
      { heading },
    ),
    ...(groups.length === 0 ? [contextBlock('The list changed since this page was made; go back a page.')] : []),
    ...pageButtons([
      previous === undefined
        ? undefined
        : { actionId: ActionId.groupsNewer, text: 'Previous', value: encodeGroupsPage({ region, offset: previous }) },
      last < total
        ? { actionId: ActionId.groupsOlder, text: 'Next', value: encodeGroupsPage({ region, offset: last }) }
        : undefined,
    ]),
  ];
  return {
    text: `Security groups in ${region}: ${groups.length === 0 ? 'none' : `${first}–${last}`} of ${total}`,
    blocks,
  };
}
