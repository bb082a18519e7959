import type { types } from '@slack/bolt';
import type { Template } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { buildRulesSections } from './rules-table.js';

/** Every template with its description, risk note and the rules it creates. */
export function buildTemplatesList(templates: Template[]): SlackMessage {
  const blocks: types.KnownBlock[] = [];
  for (const template of templates) {
    const lines = [`*${escapeMrkdwn(template.name)}* (${code(template.id)})`, escapeMrkdwn(template.description)];
    if (template.notes) lines.push(escapeMrkdwn(template.notes));
    if (template.riskNote) lines.push(`:warning: ${escapeMrkdwn(template.riskNote)}`);
    lines.push(`Approvals needed: ${template.approvalsRequired}`);
    const section = mrkdwnSection(lines.join('\n'));
    const rules =
      template.rules.length === 0
        ? [mrkdwnSection('No rules: the group denies all traffic until rules are added.')]
        : buildRulesSections(template.rules);
    if (blocks.length + 2 + rules.length > SlackLimits.blocksPerMessage - 1) {
      blocks.push(contextBlock('More templates are configured than fit in one message.'));
      break;
    }
    blocks.push({ type: 'divider' }, section, ...rules);
  }
  return { text: `${templates.length} templates`, blocks };
}
