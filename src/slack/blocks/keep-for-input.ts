/**
 * "Keep for" in a form: a select (permanently, 1 h, 4 h, 24 h, until a date and time), a date and
 * a time (UTC) for "until", and what the access policy asks, so a person knows before submitting.
 */
import type { types } from '@slack/bolt';
import { type AccessPolicy, KEEP_HOURS } from '../../service/policy/access-policy.js';
import type { KeepFor } from '../../service/types.js';
import { KeepAction, KeepBlock } from '../ids.js';
import { SlackLimits } from './limits.js';
import { clipMrkdwn, escapeMrkdwn } from './mrkdwn.js';

/** Limits named in a form's policy line; the rest are counted. */
const LIMITS_NAMED = 5;

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text };
}

const hours = (h: number) => `${h} hour${h === 1 ? '' : 's'}`;

function keepOptions(permanent: boolean): types.PlainTextOption[] {
  return [
    ...(permanent ? [{ text: plain('Permanently'), value: 'permanent' }] : []),
    ...KEEP_HOURS.map((h) => ({ text: plain(permanent ? hours(h) : `${hours(h)} from approval`), value: `${h}h` })),
    { text: plain('Until a date and time (below)'), value: 'until' },
  ];
}

/** The access policy in a line or two, for a form's context. */
export function accessPolicyLines(policy: AccessPolicy | undefined): string[] {
  if (!policy) return [];
  const named = policy.limits.slice(0, LIMITS_NAMED);
  const unnamed = policy.limits.length - named.length;
  const limits = named.map((l) => {
    const max = l.maxHours === undefined ? '' : ` at most ${l.maxHours} h`;
    return `${escapeMrkdwn(l.name)}: ${l.requireExpiry ? `temporary only,${max || ' any length'}` : `kept${max || ' any length'}`}`;
  });
  if (unnamed > 0) limits.push(`${unnamed} more limits`);
  const fewer = policy.fewerApprovals;
  return [
    clipMrkdwn(
      `Access policy: temporary rules are kept at most ${policy.maxHours} h.${limits.length > 0 ? ` ${limits.join('; ')}.` : ''}`,
      SlackLimits.sectionText,
    ),
    ...(fewer
      ? [
          `Kept ${fewer.maxHours} h or less${fewer.evenWhenRisky ? '' : ' (and not risky)'}: ${fewer.approvals} approval${fewer.approvals === 1 ? '' : 's'} needed.`,
        ]
      : []),
  ];
}

/** The choice, date and time that ask for `keep` again (a form opened to change a request). */
function initialChoice(keep: KeepFor | undefined, choices: types.PlainTextOption[]) {
  const value = keep === undefined ? undefined : 'hours' in keep ? `${keep.hours}h` : 'until';
  const option = choices.find((c) => c.value === value) ?? (choices[0] as types.PlainTextOption);
  if (!keep || !('until' in keep) || option.value !== 'until') return { option };
  // A time already past is asked again as it was: the submission says it is past, beside it.
  const iso = new Date(keep.until).toISOString();
  return { option, date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * The blocks of "Keep for"; `permanent: false` for an extension, which is always for a while.
 * A picked "until" date and time are read in UTC. `initial`: what a resubmitted request asked.
 */
export function keepForBlocks(options: {
  policy?: AccessPolicy;
  permanent: boolean;
  initial?: KeepFor;
}): types.KnownBlock[] {
  const choices = keepOptions(options.permanent);
  const initial = initialChoice(options.initial, choices);
  const lines = accessPolicyLines(options.policy);
  return [
    {
      type: 'input',
      block_id: KeepBlock.keepFor,
      label: plain(options.permanent ? 'Keep the rules' : 'Keep the rules for'),
      hint: plain(
        'Temporary rules are removed by themselves when the time is up; you get a reminder 15 minutes before.',
      ),
      element: {
        type: 'static_select',
        action_id: KeepAction.keepFor,
        options: choices,
        initial_option: initial.option,
      },
    },
    {
      type: 'input',
      block_id: KeepBlock.untilDate,
      optional: true,
      label: plain('Until: date (UTC)'),
      element: {
        type: 'datepicker',
        action_id: KeepAction.untilDate,
        ...(initial.date ? { initial_date: initial.date } : {}),
      },
    },
    {
      type: 'input',
      block_id: KeepBlock.untilTime,
      optional: true,
      label: plain('Until: time (UTC)'),
      // The picker's own zone, so what is picked is what the form says (docs.slack.dev, time picker element).
      element: {
        type: 'timepicker',
        action_id: KeepAction.untilTime,
        timezone: 'UTC',
        ...(initial.time ? { initial_time: initial.time } : {}),
      },
    },
    ...(lines.length > 0
      ? [
          {
            type: 'context' as const,
            elements: lines.slice(0, SlackLimits.contextElements).map((text) => ({ type: 'mrkdwn' as const, text })),
          },
        ]
      : []),
  ];
}
