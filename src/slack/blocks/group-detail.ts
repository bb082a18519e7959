import type { types } from '@slack/bolt';
import type { FoundGroup, GroupNotFound } from '../../service/api.js';
import { DIRECTIONS, type GroupDrift } from '../../service/types.js';
import { type ConsoleSite, groupConsoleLink } from './console-link.js';
import { editRulesButton } from './day2-card.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnField, mrkdwnSection, type SlackMessage } from './message.js';
import { code, escapeMrkdwn, slackDate } from './mrkdwn.js';
import { buildDiffSections, driftHeading } from './rule-diff-blocks.js';
import { buildRulesSections, directionTitle } from './rules-table.js';
import { userTextField } from './user-text.js';

function consoleLine(region: string, groupId: string, site: ConsoleSite | undefined): string {
  const link = groupConsoleLink(region, groupId, site);
  return link.direct
    ? `<${link.url}|Open ${groupId} in the Tencent Cloud console>`
    : `<${link.url}|Tencent Cloud console> (security groups of ${code(region)})`;
}

/** `/secgroup show sg-…`: what the group is (name, project, notes, created, rules per direction), its console link and rules. */
export function buildGroupDetail(found: FoundGroup, consoleSite?: ConsoleSite, drift?: GroupDrift): SlackMessage {
  const { group, rules, ruleCounts } = found;
  const head: types.KnownBlock[] = [
    mrkdwnSection(`*Security group ${code(group.id)}* in ${code(group.region)}`),
    {
      type: 'section',
      fields: [
        userTextField('Name', group.name),
        mrkdwnField('Project', escapeMrkdwn(found.projectName)),
        mrkdwnField('Created', slackDate(group.createdTime)),
        userTextField('Notes', group.description),
        ...DIRECTIONS.map((d) => mrkdwnField(directionTitle(d), String(ruleCounts[d]))),
      ],
    },
    mrkdwnSection(consoleLine(group.region, group.id, consoleSite)),
    ...(found.createdBy ? [contextBlock(`Created by request ${code(found.createdBy)}`)] : []),
    { type: 'actions', block_id: 'group_actions', elements: [editRulesButton(group.id, group.region)] },
    ...(drift ? buildDiffSections(drift.diff, driftHeading(drift), 3) : []),
  ];
  const sections = buildRulesSections(rules);
  const room = SlackLimits.blocksPerMessage - head.length - 1;
  const shown = sections.slice(0, room);
  const blocks = [...head, ...shown];
  if (shown.length < sections.length) blocks.push(contextBlock('Cut here: see the rest in the Tencent Cloud console.'));
  return {
    text: `${group.id} in ${group.region}: ${ruleCounts.inbound} inbound and ${ruleCounts.outbound} outbound rules`,
    blocks,
  };
}

/** Where `/secgroup show sg-…` looked without finding the group. */
export function buildGroupNotFound(groupId: string, lookup: GroupNotFound): string {
  const list = (regions: string[]) => regions.map(code).join(', ');
  const searched =
    lookup.searched.length > 0
      ? `I can't find security group ${code(groupId)} in ${list(lookup.searched)}.`
      : `I couldn't look for security group ${code(groupId)}.`;
  const unreachable =
    lookup.unreachable.length > 0
      ? ` Tencent Cloud did not answer for ${list(lookup.unreachable)}; try again in a minute.`
      : '';
  return `${searched}${unreachable}`;
}
