import { COMMAND } from '../ids.js';
import { SlackLimits } from './limits.js';
import { mrkdwnSection, type SlackMessage } from './message.js';
import { clipMrkdwn, escapeMrkdwn } from './mrkdwn.js';

export const USAGE_LINES = [
  `\`${COMMAND} new\`: request a new security group (opens a form)`,
  `\`${COMMAND} templates\`: the templates and the rules each creates`,
  `\`${COMMAND} list [region]\`: security groups in a region`,
  // Escaped: Slack reads <…|…> as a link even inside inline code.
  `\`${COMMAND} show &lt;req-…|sg-…&gt; [region]\`: a request and its history, or a group (found in every region when none is given)`,
  `\`${COMMAND} edit sg-… [region]\`: change a group's rules (opens a form with its rules now; the plan is the difference)`,
  `\`${COMMAND} delete sg-… [region]\`: delete a group (the plan shows what uses it)`,
  `\`${COMMAND} clone sg-… [region]\`: copy a group to another region or project`,
  `\`${COMMAND} history\`: recent requests`,
  `\`${COMMAND} refresh\`: fetch the regions and projects from Tencent Cloud again (the form has a button too)`,
  `\`${COMMAND} temporary\`: temporary rules in place, and how long each has left`,
  `\`${COMMAND} help\`: this message`,
];

/** Usage; `problem` (already phrased for people) explains what was wrong with the command typed. */
export function buildHelp(problem?: string): SlackMessage {
  const intro = problem
    ? `${escapeMrkdwn(problem)}\n`
    : 'Request Tencent Cloud security groups here; approvers approve in the thread and I create them.\n';
  return {
    // The fallback is mrkdwn too, and the problem quotes what was typed.
    text: problem ? clipMrkdwn(escapeMrkdwn(problem), SlackLimits.messageText) : `${COMMAND} usage`,
    blocks: [mrkdwnSection(`${intro}*Usage*\n${USAGE_LINES.map((l) => `• ${l}`).join('\n')}`)],
  };
}
