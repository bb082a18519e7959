import type { types } from '@slack/bolt';
import { peerText } from '../../service/rules/rules.js';
import type { ChangeRequest } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { code, escapeMrkdwn, mention, slackDate, truncate } from './mrkdwn.js';
import { statusLine } from './request-status.js';
import { buildRulesSections } from './rules-table.js';

/** Display names for the ids a request holds, looked up by the caller (builders stay pure). */
export interface CardLabels {
  regionName?: string;
  templateName?: string;
  projectName?: string;
}

/** Room kept for the card's own blocks when the planned rules are long. */
const MAX_RULE_SECTIONS = SlackLimits.blocksPerMessage - 12;

function field(label: string, value: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, SlackLimits.sectionFieldText) };
}

function labelled(name: string | undefined, id: string): string {
  return name && name !== id ? `${escapeMrkdwn(name)} (${code(id)})` : code(id);
}

export function requestTitle(request: ChangeRequest): string {
  return request.kind === 'create-group' ? 'Security group request' : 'Add rules request';
}

/** What the request is about in a few words, for fallbacks and lists. */
export function requestSummary(request: ChangeRequest): string {
  const spec = request.spec;
  return spec.kind === 'create-group'
    ? `create ${code(spec.name)} in ${code(spec.region)}`
    : `add ${request.rules.length} rule${request.rules.length === 1 ? '' : 's'} to ${code(spec.securityGroupId)} in ${code(spec.region)}`;
}

function specFields(request: ChangeRequest, labels: CardLabels): types.MrkdwnElement[] {
  const spec = request.spec;
  const requester = field('Requester', mention(request.requesterId));
  if (spec.kind === 'add-rules') {
    return [
      requester,
      field('Region', labelled(labels.regionName, spec.region)),
      field('Security group', code(spec.securityGroupId)),
    ];
  }
  return [
    requester,
    field('Region', labelled(labels.regionName, spec.region)),
    field('Template', labels.templateName ? escapeMrkdwn(labels.templateName) : code(spec.templateId)),
    field('Name', escapeMrkdwn(spec.name)),
    field('Project', labelled(labels.projectName, spec.projectId)),
    field('Notes', spec.notes.trim() === '' ? '—' : escapeMrkdwn(spec.notes)),
  ];
}

function plannedRules(request: ChangeRequest): types.KnownBlock[] {
  if (request.rules.length === 0) {
    return [
      mrkdwnSection(
        '*Planned rules*: none. A group with no rules denies all traffic; rules can be added once it is created.',
      ),
    ];
  }
  const sections = buildRulesSections(request.rules);
  const shown = sections.slice(0, MAX_RULE_SECTIONS);
  const blocks: types.KnownBlock[] = [mrkdwnSection('*Planned rules*'), ...shown];
  if (shown.length < sections.length) {
    blocks.push(contextBlock(`${sections.length - shown.length} more rule tables not shown here.`));
  }
  return blocks;
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * One line per distinct risk, however many rules it comes from (a console template opens SSH
 * to 0.0.0.0/0 and to ::/0, one rule each), naming the sources so it still points at the rows
 * of the rules table.
 */
function riskLines(request: ChangeRequest): string[] {
  const sourcesByMessage = new Map<string, string[]>();
  for (const risk of request.risks) {
    const rule = request.rules[risk.ruleIndex];
    const sources = sourcesByMessage.get(risk.message) ?? [];
    const source = rule ? peerText(rule.peer) : undefined;
    if (source !== undefined && !sources.includes(source)) sources.push(source);
    sourcesByMessage.set(risk.message, sources);
  }
  return [...sourcesByMessage].map(([message, sources]) => {
    const from = sources.length > 0 ? ` (from ${joinAnd(sources.map(code))})` : '';
    return `:warning: ${escapeMrkdwn(message)}${from}`;
  });
}

function riskBlocks(request: ChangeRequest): types.KnownBlock[] {
  const lines = riskLines(request);
  if (lines.length === 0) return [];
  return [mrkdwnSection(truncate(lines.join('\n'), SlackLimits.sectionText))];
}

/** The request card posted in the channel and updated in place at every transition. */
export function buildRequestCard(request: ChangeRequest, labels: CardLabels = {}): SlackMessage {
  const status = statusLine(request);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${requestTitle(request)} ${request.id}` } },
    mrkdwnSection(status),
    { type: 'section', fields: specFields(request, labels) },
    ...plannedRules(request),
    ...riskBlocks(request),
    contextBlock(
      `${request.approvalsRequired} approval${request.approvalsRequired === 1 ? '' : 's'} needed · requested ${slackDate(request.createdAt)} · expires ${slackDate(request.expiresAt)} · ${request.id}`,
    ),
  ];
  return {
    text: truncate(
      `${requestTitle(request)} ${request.id}: ${requestSummary(request)} (${request.status})`,
      SlackLimits.messageText,
    ),
    blocks,
  };
}
