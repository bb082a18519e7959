/**
 * The chosen template under the new-group form's choice: its whole description and notes, its
 * risk, the approvals it needs and its rules, shown as soon as it is chosen (nothing cut at an
 * option's 75 characters, and only the chosen one, however many templates there are).
 */
import type { types } from '@slack/bolt';
import type { TemplatePreview } from '../../service/api.js';
import { contextBlock, mrkdwnSection, packLines } from './message.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { buildRulesSections } from './rules-table.js';

export function approvalsText(count: number): string {
  return `needs ${count} approval${count === 1 ? '' : 's'}`;
}

/** Blocks that show the chosen template; a line saying what will appear when none is chosen yet. */
export function templatePreviewBlocks(preview: TemplatePreview | undefined): types.KnownBlock[] {
  if (!preview) return [contextBlock('Choose a template to see its rules, its risk and the approvals it needs.')];
  const { template, risks, approvalsRequired } = preview;
  const lines = [
    `*${escapeMrkdwn(template.name)}* · ${approvalsText(approvalsRequired)}`,
    escapeMrkdwn(template.description),
    ...(template.notes ? [escapeMrkdwn(template.notes)] : []),
  ];
  const warnings = [
    ...(template.riskNote ? [template.riskNote] : []),
    ...risks.filter((r) => r !== template.riskNote),
  ].map((w) => `:warning: ${escapeMrkdwn(w)}`);
  return [
    ...packLines([...lines, ...warnings]),
    ...(template.rules.length === 0
      ? [mrkdwnSection('No rules: the group denies all traffic until rules are added.')]
      : buildRulesSections(template.rules)),
  ];
}
