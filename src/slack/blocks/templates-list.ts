import type { types } from '@slack/bolt';
import type { Template } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnSection, packLines, type SlackMessage } from './message.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { buildRulesSections } from './rules-table.js';

/** Every template with its description, risk note and the rules it creates, as many as one message holds. */
export function buildTemplatesList(templates: Template[]): SlackMessage {
  const blocks: types.KnownBlock[] = [];
  for (const [shown, template] of templates.entries()) {
    const lines = [`*${escapeMrkdwn(template.name)}* (${code(template.id)})`, escapeMrkdwn(template.description)];
    if (template.notes) lines.push(escapeMrkdwn(template.notes));
    if (template.riskNote) lines.push(`:warning: ${escapeMrkdwn(template.riskNote)}`);
    lines.push(`Approvals needed: ${template.approvalsRequired}`);
    const rules =
      template.rules.length === 0
        ? [mrkdwnSection('No rules: the group denies all traffic until rules are added.')]
        : buildRulesSections(template.rules);
    const these: types.KnownBlock[] = [{ type: 'divider' }, ...packLines(lines), ...rules];
    if (blocks.length + these.length > SlackLimits.blocksPerMessage - 1) {
      blocks.push(contextBlock(`${templates.length - shown} more templates do not fit in this message.`));
      break;
    }
    blocks.push(...these);
  }
  return { text: `${templates.length} templates`, blocks };
}
