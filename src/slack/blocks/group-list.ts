import type { types } from '@slack/bolt';
import type { Project, SecurityGroup } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { code, escapeMrkdwn } from './mrkdwn.js';

/** Lines per section: each line is far below 3000 / 20 characters. */
const LINES_PER_SECTION = 20;

/** The security groups of a region: id, name, project, created time. */
export function buildGroupList(region: string, groups: SecurityGroup[], projects: Project[]): SlackMessage {
  if (groups.length === 0) {
    return {
      text: `No security groups in ${region}`,
      blocks: [mrkdwnSection(`No security groups in ${code(region)}.`)],
    };
  }
  const projectName = (id: string) => projects.find((p) => p.id === id)?.name ?? `project ${id}`;
  const lines = groups.map(
    (g) =>
      `• ${code(g.id)} *${escapeMrkdwn(g.name)}* · ${escapeMrkdwn(projectName(g.projectId))} · created ${escapeMrkdwn(g.createdTime)}`,
  );
  const blocks: types.KnownBlock[] = [mrkdwnSection(`*Security groups in ${code(region)}* (${groups.length})`)];
  const maxSections = SlackLimits.blocksPerMessage - 2;
  for (let i = 0; i < lines.length && blocks.length <= maxSections; i += LINES_PER_SECTION) {
    blocks.push(mrkdwnSection(lines.slice(i, i + LINES_PER_SECTION).join('\n')));
  }
  const shown = (blocks.length - 1) * LINES_PER_SECTION;
  if (shown < lines.length) blocks.push(contextBlock(`${lines.length - shown} more not shown.`));
  return { text: `${groups.length} security groups in ${region}`, blocks };
}
