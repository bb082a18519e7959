import type { types } from '@slack/bolt';
import { peerText } from '../../service/rules/rules.js';
import type { ChangeRequest } from '../../service/types.js';
import { changeSummary, doneHeader, requestTitle, subjectGroup } from './change-words.js';
import { type ConsoleSite, groupConsoleLink } from './console-link.js';
import { day2PlanBlocks, groupActions } from './day2-card.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnField, mrkdwnSection, type SlackMessage } from './message.js';
import { code, escapeMrkdwn, mention, slackDate, truncate } from './mrkdwn.js';
import { approvedBy, decisionOf, statusLine } from './request-status.js';
import { buildRulesSections, directionTitle } from './rules-table.js';
import { keptText } from './temporary-access.js';
import { plainUserText, userTextField } from './user-text.js';

/** Display names for the ids a request holds, looked up by the caller (builders stay pure). */
export interface CardLabels {
  regionName?: string;
  templateName?: string;
  projectName?: string;
  /** Which Tencent Cloud console the group's link opens. */
  consoleSite?: ConsoleSite;
}

/** Room kept for the card's own blocks when the planned rules are long. */
const MAX_RULE_SECTIONS = SlackLimits.blocksPerMessage - 12;

function labelled(name: string | undefined, id: string): string {
  return name && name !== id ? `${escapeMrkdwn(name)} (${code(id)})` : code(id);
}

export { requestTitle } from './change-words.js';

/** What the request is about in a few words, for fallbacks and lists. */
export const requestSummary = changeSummary;

/** The group a request created or changes, once there is one. */
function groupOf(request: ChangeRequest): string | undefined {
  return request.result?.securityGroupId ?? subjectGroup(request);
}

/** The card's header: the group's name and id once created, else what is asked. Plain text, so names stay inert. */
function headerText(request: ChangeRequest): string {
  const groupId = request.result?.securityGroupId;
  if (request.status === 'done' && groupId) {
    return doneHeader(request, groupId);
  }
  return `${requestTitle(request)} ${request.id}`;
}

function consoleLine(request: ChangeRequest, labels: CardLabels): string {
  const groupId = groupOf(request) ?? '';
  const link = groupConsoleLink(request.spec.region, groupId, labels.consoleSite);
  return link.direct
    ? `<${link.url}|Open ${groupId} in the Tencent Cloud console>`
    : `<${link.url}|Tencent Cloud console> (security groups of ${code(request.spec.region)})`;
}

function specFields(request: ChangeRequest, labels: CardLabels): (types.MrkdwnElement | types.PlainTextElement)[] {
  const spec = request.spec;
  const requester = mrkdwnField('Requester', mention(request.requesterId));
  const kept = keptText(request);
  const keep = kept ? [mrkdwnField('Keep the rules', kept)] : [];
  if (spec.kind !== 'create-group') {
    const group = subjectGroup(request) ?? '';
    return [
      requester,
      mrkdwnField('Region', labelled(labels.regionName, spec.region)),
      mrkdwnField('Security group', code(group)),
      ...keep,
    ];
  }
  return [
    requester,
    mrkdwnField('Region', labelled(labels.regionName, spec.region)),
    mrkdwnField('Template', labels.templateName ? escapeMrkdwn(labels.templateName) : code(spec.templateId)),
    userTextField('Name', spec.name),
    mrkdwnField('Project', labelled(labels.projectName, spec.projectId)),
    userTextField('Notes', spec.notes),
    ...keep,
  ];
}

/** What a done request left: the console link, rules per direction and quota use, who approved and when. */
function outcomeFields(request: ChangeRequest, labels: CardLabels): types.KnownBlock[] {
  const result = request.result;
  if (request.status !== 'done' || !result) return [];
  const limit = result.quota?.rulesPerDirectionLimit;
  const fields = (['inbound', 'outbound'] as const).map((direction) => {
    const count = result.rules.filter((r) => r.direction === direction).length;
    return mrkdwnField(directionTitle(direction), limit ? `${count} of ${limit}` : String(count));
  });
  const groups = result.quota?.groups;
  if (groups) {
    const where = labels.projectName ? `${escapeMrkdwn(labels.projectName)}, ` : '';
    fields.push(
      mrkdwnField('Security groups', `${groups.count} of ${groups.limit} (${where}${code(request.spec.region)})`),
    );
  }
  const lastApproval = request.approvals.at(-1);
  fields.push(
    mrkdwnField('Approved by', `${approvedBy(request)}${lastApproval ? ` ${slackDate(lastApproval.at)}` : ''}`),
  );
  return [{ type: 'section', text: { type: 'mrkdwn', text: consoleLine(request, labels) }, fields }];
}

function plannedRules(request: ChangeRequest): types.KnownBlock[] {
  const planned = request.status === 'done' ? '*Requested rules*' : '*Planned rules*';
  const title = request.kind === 'remove-access' ? '*Rules to remove*' : planned;
  if (request.rules.length === 0) {
    return [
      mrkdwnSection(`${title}: none. A group with no rules denies all traffic; rules can be added once it is created.`),
    ];
  }
  const sections = buildRulesSections(request.rules);
  const shown = sections.slice(0, MAX_RULE_SECTIONS);
  const blocks: types.KnownBlock[] = [mrkdwnSection(title), ...shown];
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
export function riskLines(request: ChangeRequest): { message: string; line: string }[] {
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
    return { message, line: `:warning: ${escapeMrkdwn(message)}${from}` };
  });
}

/** Why it was rejected, as the approver wrote it. */
function reasonBlocks(request: ChangeRequest): types.KnownBlock[] {
  const reason = decisionOf(request)?.reason;
  return reason ? [{ type: 'context', elements: [plainUserText(`Reason: ${reason}`)] }] : [];
}

function riskBlocks(request: ChangeRequest): types.KnownBlock[] {
  const lines = riskLines(request).map((r) => r.line);
  return lines.length === 0 ? [] : [mrkdwnSection(lines.join('\n'))];
}

/** The card's footnote: while pending, what it needs and until when; after, only where it came from. */
function footnote(request: ChangeRequest): string {
  const requested = `requested by ${mention(request.requesterId)} ${slackDate(request.createdAt)}`;
  if (request.status !== 'pending') return `${requested} · ${request.id}`;
  const needed = `${request.approvalsRequired} approval${request.approvalsRequired === 1 ? '' : 's'} needed`;
  return `${needed} · ${requested} · expires ${slackDate(request.expiresAt)} · ${request.id}`;
}

/** The request card posted in the channel and updated in place at every transition. */
export function buildRequestCard(request: ChangeRequest, labels: CardLabels = {}): SlackMessage {
  const blocks: types.KnownBlock[] = [
    // The header may hold the group's name: plain, with emoji codes as typed.
    { type: 'header', text: plainUserText(headerText(request), SlackLimits.headerText) },
    mrkdwnSection(statusLine(request)),
    ...reasonBlocks(request),
    ...outcomeFields(request, labels),
    { type: 'section', fields: specFields(request, labels) },
    ...(day2PlanBlocks(request, MAX_RULE_SECTIONS) ?? plannedRules(request)),
    ...riskBlocks(request),
    ...groupActions(request),
    contextBlock(footnote(request)),
  ];
  return {
    text: truncate(
      `${requestTitle(request)} ${request.id}: ${requestSummary(request)} (${request.status})`,
      SlackLimits.messageText,
    ),
    blocks,
  };
}
