/**
 * How temporary access reads in Slack: how long rules are kept (card, plan, list), the thread's
 * Extend and Remove now, the reminder before expiry, and what the removal did.
 */
import type { types } from '@slack/bolt';
import type { ChangeRequest, KeepFor, Rule } from '../../service/types.js';
import { ActionId } from '../ids.js';
import { contextBlock, mrkdwnSection, type SlackMessage } from './message.js';
import { code, mention, slackDate } from './mrkdwn.js';
import { buildRulesSections } from './rules-table.js';

/** The sections of a rules table kept in one thread message, beside its own blocks. */
const RULE_SECTIONS_MAX = 40;

export function keepForText(keep: KeepFor): string {
  return 'hours' in keep ? `${keep.hours} h from approval` : `until ${slackDate(keep.until)}`;
}

/** How long the request's rules are kept, for its card; undefined when kept permanently, and for a removal. */
export function keptText(request: ChangeRequest): string | undefined {
  const spec = request.spec;
  if (spec.kind === 'remove-access') return undefined;
  if (spec.kind === 'extend-access') return `${keepForText(spec.keep)} (rules of ${code(spec.grantId)})`;
  const t = request.temporary;
  if (!t) return undefined;
  if (t.removalId) return `Until ${slackDate(t.rulesExpireAt ?? '')} · removed by ${code(t.removalId)}`;
  if (t.rulesExpireAt) return `Until ${slackDate(t.rulesExpireAt)}, then removed`;
  return `${keepForText(t.keep)}, then removed`;
}

function button(actionId: string, text: string, requestId: string, style?: 'danger'): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text },
    value: requestId,
    ...(style ? { style } : {}),
  };
}

/**
 * In the thread once temporary rules are in place: until when, and the two buttons; updated when
 * an extension moves the expiry, and without buttons once the rules are being removed.
 */
export function buildAccessControls(grant: ChangeRequest): SlackMessage {
  const until = grant.temporary?.rulesExpireAt ?? '';
  const removalId = grant.temporary?.removalId;
  if (removalId) {
    return {
      text: `The temporary rules of ${grant.id} are removed`,
      blocks: [
        mrkdwnSection(
          `These rules were temporary: they are removed by ${code(removalId)} (below). Ask again with a new request to have them back.`,
        ),
      ],
    };
  }
  return {
    text: `The rules of ${grant.id} are kept until ${until}`,
    blocks: [
      mrkdwnSection(
        `${mention(grant.requesterId)}: these rules are temporary; they are removed by themselves ${slackDate(until)}. You get a reminder here 15 minutes before.`,
      ),
      {
        type: 'actions',
        block_id: 'temporary_access',
        elements: [
          button(ActionId.extendAccess, 'Extend', grant.id),
          {
            ...button(ActionId.removeAccessNow, 'Remove now', grant.id, 'danger'),
            confirm: {
              title: { type: 'plain_text', text: 'Remove the rules now?' },
              text: { type: 'plain_text', text: `The rules ${grant.id} added are removed from the group at once.` },
              confirm: { type: 'plain_text', text: 'Remove now' },
              deny: { type: 'plain_text', text: 'Keep them' },
              style: 'danger',
            },
          },
        ],
      },
    ],
  };
}

/** Posted once, shortly before the rules go. */
export function buildExpiryReminder(grant: ChangeRequest): SlackMessage {
  const until = grant.temporary?.rulesExpireAt ?? '';
  return {
    text: `The temporary rules of ${grant.id} are removed at ${until}`,
    blocks: [
      mrkdwnSection(
        `:hourglass: ${mention(grant.requesterId)}: the temporary rules of ${code(grant.id)} are removed ${slackDate(until)}. Press *Extend* above to keep them longer (it needs approval), or *Remove now*.`,
      ),
    ],
  };
}

function ruleTable(title: string, rules: Rule[]): types.KnownBlock[] {
  if (rules.length === 0) return [];
  const sections = buildRulesSections(rules);
  const shown = sections.slice(0, RULE_SECTIONS_MAX);
  return [
    mrkdwnSection(title),
    ...shown,
    ...(shown.length < sections.length
      ? [contextBlock(`${sections.length - shown.length} more tables not shown.`)]
      : []),
  ];
}

/** What a removal did, mentioning the person who asked for the rules; rules not found are listed. */
export function buildRemovalOutcome(removal: ChangeRequest): SlackMessage {
  const spec = removal.spec;
  if (spec.kind !== 'remove-access') throw new Error(`${removal.id} is not a removal`);
  const notFound = removal.removal?.notFound ?? [];
  const removed = removal.rules.length - notFound.length;
  const expired = removal.history[0]?.actorId === 'system';
  const why = expired ? 'their time is up' : `${mention(removal.history[0]?.actorId ?? '')} removed them now`;
  const summary = `${mention(removal.requesterId)}: the temporary rules of ${code(spec.grantId)} are removed from ${code(spec.securityGroupId)} (${why}): ${removed} removed.`;
  const missing =
    notFound.length === 0
      ? []
      : [
          mrkdwnSection(
            `:warning: ${notFound.length} rule${notFound.length === 1 ? ' was' : 's were'} not in the group as added (changed or removed outside secgroup), so ${notFound.length === 1 ? 'it was' : 'they were'} left alone:`,
          ),
          ...ruleTable('*Not found*', notFound).slice(1),
        ];
  return { text: `Temporary rules of ${spec.grantId} removed`, blocks: [mrkdwnSection(summary), ...missing] };
}

/** What an approved extension did. */
export function buildExtensionOutcome(extension: ChangeRequest): SlackMessage {
  const spec = extension.spec;
  if (spec.kind !== 'extend-access') throw new Error(`${extension.id} is not an extension`);
  const at = extension.result?.completedAt ?? '';
  const until =
    'hours' in spec.keep ? new Date(Date.parse(at) + spec.keep.hours * 3_600_000).toISOString() : spec.keep.until;
  return {
    text: `The rules of ${spec.grantId} are kept until ${until}`,
    blocks: [
      mrkdwnSection(
        `${mention(extension.requesterId)}: the temporary rules of ${code(spec.grantId)} are now kept until ${slackDate(until)}.`,
      ),
    ],
  };
}
