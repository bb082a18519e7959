/**
 * The add-rules modal: one box per direction, one rule per line in the short syntax of
 * service/rules/rule-lines.ts, with the syntax and examples above the boxes.
 */
import type { types } from '@slack/bolt';
import type { AccessPolicy } from '../../service/policy/access-policy.js';
import { RULE_LINE_SYNTAX } from '../../service/rules/rule-lines.js';
import type { Direction, KeepFor } from '../../service/types.js';
import { ActionId, ADD_RULES_ACTION, AddRulesBlock, ViewId } from '../ids.js';
import { keepForBlocks } from './keep-for-input.js';
import { SlackLimits } from './limits.js';
import { code, truncate } from './mrkdwn.js';

export interface AddRulesModalInput {
  securityGroupId: string;
  region: string;
  privateMetadata: string;
  /** Lines to start from (Edit and resubmit, or the lines typed when previewing), per direction. */
  initial?: Partial<Record<Direction, string>>;
  /** What the lines read as, shown under the Preview button (add-rules-preview.ts). */
  preview?: types.KnownBlock[];
  /** What the access policy asks of temporary rules, shown beside "Keep for". */
  accessPolicy?: AccessPolicy;
  /** "Keep for" as the request being resubmitted asked it (permanently when absent). */
  keep?: KeepFor;
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text };
}

const EXAMPLES = {
  inbound: '0.0.0.0/0 TCP:22 Allow Linux SSH login\n10.0.0.0/8 TCP:80,443 Allow\nsg-1a2b3c4d ALL Allow',
  outbound: '0.0.0.0/0 ALL Allow\n::/0 ICMPv6 Reject',
} as const;

/** Whole lines of `text` within Slack's input length, and how many lines did not fit. */
export function fitLines(text: string): { text: string; left: number } {
  const lines = text.split('\n');
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    const added = (kept.length === 0 ? 0 : 1) + line.length;
    if (length + added > SlackLimits.textInputLength) break;
    kept.push(line);
    length += added;
  }
  return { text: kept.join('\n'), left: lines.length - kept.length };
}

export function rulesBox(direction: Direction, initial: string): types.InputBlock {
  const element: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: ADD_RULES_ACTION,
    multiline: true,
    max_length: SlackLimits.textInputLength,
    placeholder: plain(truncate(EXAMPLES[direction].replaceAll('\n', ' · '), 150)),
  };
  if (initial !== '') element.initial_value = initial;
  return {
    type: 'input',
    block_id: AddRulesBlock[direction],
    optional: true,
    label: plain(direction === 'inbound' ? 'Inbound rules (from the source)' : 'Outbound rules (to the destination)'),
    element,
    hint: plain(
      direction === 'inbound'
        ? 'One rule per line: source, protocol:port, Allow or Reject, then notes.'
        : 'One rule per line: destination, protocol:port, Allow or Reject, then notes.',
    ),
  };
}

export const HELP = [
  `One rule per line: ${code(RULE_LINE_SYNTAX)}. For example:`,
  '```',
  '0.0.0.0/0 TCP:22 Allow Linux SSH login',
  '10.0.0.0/8 TCP:80,443 Allow',
  '192.168.0.0/16 UDP:8000-9000 Allow game',
  'sg-1a2b3c4d ALL Allow',
  '::/0 ICMPv6 Reject',
  '```',
].join('\n');

export const NOTES =
  'Sources: IPv4 or IPv6 CIDR, one address, or a security group of the same region (sg-…). Protocols: TCP and UDP take a port (22, 80,443, 8000-9000 or ALL); ICMP, ICMPv6 and ALL take none. Lines copied from a card work too; lines starting with # are skipped. Up to 100 rules per direction, counting those the group has.';

/** The add-rules modal for one group. */
export function buildAddRulesModal(input: AddRulesModalInput): types.ModalView {
  const inbound = fitLines(input.initial?.inbound ?? '');
  const outbound = fitLines(input.initial?.outbound ?? '');
  const left = inbound.left + outbound.left;
  const notFitting: types.KnownBlock[] =
    left === 0
      ? []
      : [
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: `:warning: ${left} rule${left === 1 ? '' : 's'} did not fit in the boxes (${SlackLimits.textInputLength} characters each); submit these, then add the rest in another request.`,
              },
            ],
          },
        ];
  return {
    type: 'modal',
    callback_id: ViewId.addRules,
    private_metadata: input.privateMetadata,
    title: plain('Add rules'),
    submit: plain('Submit for approval'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Rules for ${code(input.securityGroupId)} in ${code(input.region)}. They go through approval before they are added, all of them or none.`,
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: HELP } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: NOTES }] },
      ...notFitting,
      rulesBox('inbound', inbound.text),
      rulesBox('outbound', outbound.text),
      ...keepForBlocks({
        permanent: true,
        ...(input.accessPolicy ? { policy: input.accessPolicy } : {}),
        ...(input.keep ? { initial: input.keep } : {}),
      }),
      {
        type: 'actions',
        block_id: 'add_rules_preview',
        elements: [{ type: 'button', action_id: ActionId.previewRules, text: plain('Preview') }],
      },
      ...(input.preview ?? []),
    ],
  };
}
