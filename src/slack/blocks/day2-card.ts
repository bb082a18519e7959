/**
 * What a card shows of a day-2 request in place of its planned rules: an edit's diff (and drift),
 * what uses a group to be deleted, a clone's target; and the Edit rules button of a group a done
 * request left.
 */
import type { types } from '@slack/bolt';
import { isInUse } from '../../service/policy/approval-policy.js';
import type { ChangeRequest, GroupUsage } from '../../service/types.js';
import { ActionId } from '../ids.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnField, mrkdwnSection, type SlackMessage } from './message.js';
import { clipMrkdwn, code, escapeMrkdwn, mention } from './mrkdwn.js';
import { buildDiffSections, driftHeading } from './rule-diff-blocks.js';
import { buildRulesSections } from './rules-table.js';
import { inlineUserText, userTextField } from './user-text.js';

/** Kinds as the cloud names resources, in words. */
function resourceText(usage: GroupUsage): string {
  return usage.resources
    .filter((r) => r.count > 0)
    .map((r) => `${r.count} ${escapeMrkdwn(r.kind)}`)
    .join(', ');
}

/** What uses a group, in one line. */
export function usageLine(usage: GroupUsage): string {
  if (!isInUse(usage))
    return ':white_check_mark: Nothing uses it: no instances, load balancers or databases, and no other group names it.';
  const parts = [
    ...(resourceText(usage) ? [`used by ${resourceText(usage)}`] : []),
    ...(usage.referencingGroups.length > 0
      ? [
          `named in the rules of ${usage.referencingGroups.slice(0, 10).map(code).join(', ')}${usage.referencingGroups.length > 10 ? ` and ${usage.referencingGroups.length - 10} more` : ''}`,
        ]
      : []),
  ];
  return clipMrkdwn(
    `:warning: *In use*: ${parts.join('; ')}. Deleting it needs each approver to accept that, and Tencent Cloud refuses while instances use it.`,
    SlackLimits.sectionText,
  );
}

/** The blocks that replace "Planned rules" for a day-2 request; undefined for the others. */
export function day2PlanBlocks(request: ChangeRequest, maxSections: number): types.KnownBlock[] | undefined {
  const spec = request.spec;
  switch (spec.kind) {
    case 'edit-rules': {
      const drift = spec.drift ? buildDiffSections(spec.drift.diff, driftHeading(spec.drift), 3) : [];
      const title = `*${request.status === 'done' ? 'Change made' : 'Planned change'}* (from the rules at version ${code(spec.baseVersion)})`;
      const foreign =
        spec.foreignRules > 0
          ? [
              contextBlock(
                `${spec.foreignRules} rule(s) secgroup cannot show (address or service templates) are kept as they are.`,
              ),
            ]
          : [];
      return [...buildDiffSections(spec.diff, title, Math.max(1, maxSections - drift.length)), ...foreign, ...drift];
    }
    case 'delete-group':
      return [
        mrkdwnSection(usageLine(spec.usage)),
        ...buildRulesSections(request.rules)
          .slice(0, maxSections - 1)
          .map((s, i) =>
            i === 0 && s.text ? { ...s, text: { ...s.text, text: `*Rules it has*\n${s.text.text}` } } : s,
          ),
      ];
    case 'clone-group': {
      const quota = spec.targetQuota
        ? [
            mrkdwnField(
              'Security groups there',
              `${spec.targetQuota.count} of ${spec.targetQuota.limit} (project ${code(spec.projectId)})`,
            ),
          ]
        : [];
      return [
        {
          type: 'section',
          fields: [
            mrkdwnField('Copy of', `${code(spec.sourceGroupId)} in ${code(spec.sourceRegion)}`),
            mrkdwnField('To', `${code(spec.region)}, project ${code(spec.projectId)}`),
            userTextField('New name', spec.name),
            ...quota,
          ],
        },
        ...buildRulesSections(request.rules).slice(0, maxSections - 1),
      ];
    }
    default:
      return undefined;
  }
}

/** `<sg-id> <region>`: what the Edit rules button carries. */
export function editButtonValue(groupId: string, region: string): string {
  return `${groupId} ${region}`;
}

/** The Edit rules button of a group. */
export function editRulesButton(groupId: string, region: string): types.Button {
  return {
    type: 'button',
    action_id: ActionId.editRules,
    text: { type: 'plain_text', text: 'Edit rules' },
    value: editButtonValue(groupId, region),
  };
}

/** Under a done request whose group still exists: Edit rules. */
export function groupActions(request: ChangeRequest): types.KnownBlock[] {
  const groupId = request.result?.securityGroupId;
  if (request.status !== 'done' || !groupId || request.result?.groupDeleted) return [];
  if (request.kind === 'remove-access' || request.kind === 'extend-access') return [];
  return [{ type: 'actions', block_id: 'group_actions', elements: [editRulesButton(groupId, request.spec.region)] }];
}

/** The thread's outcome of a deletion, mentioning the requester. */
export function buildDeletedMessage(request: ChangeRequest): SlackMessage {
  const spec = request.spec;
  const group = spec.kind === 'delete-group' ? spec.securityGroupId : (request.result?.securityGroupId ?? '?');
  const name = spec.kind === 'delete-group' ? ` (${inlineUserText(spec.groupName)})` : '';
  return {
    text: `${request.id}: ${group} deleted`,
    blocks: [
      mrkdwnSection(
        `:wastebasket: ${mention(request.requesterId)} Deleted ${code(group)}${name} in ${code(request.spec.region)}. Its rules went with it.`,
      ),
    ],
  };
}
