import type { types } from '@slack/bolt';
import type { Rule } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { code } from './mrkdwn.js';
import { buildRulesSections } from './rules-table.js';

/** A group's current rules, as `/secgroup show sg-…` answers. */
export function buildGroupDetail(region: string, groupId: string, rules: Rule[]): SlackMessage {
  const sections = buildRulesSections(rules);
  const shown = sections.slice(0, SlackLimits.blocksPerMessage - 2);
  const blocks: types.KnownBlock[] = [
    mrkdwnSection(`*${code(groupId)}* in ${code(region)}: ${rules.length} rules`),
    ...shown,
  ];
  if (shown.length < sections.length) blocks.push(contextBlock('Cut here: see the rest in the Tencent Cloud console.'));
  return { text: `${groupId}: ${rules.length} rules`, blocks };
}
