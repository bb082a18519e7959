import type { types } from '@slack/bolt';
import { ACTIONS, DIRECTIONS, PROTOCOLS, type RuleAction } from '../../service/types.js';
import { ADD_RULES_ROWS, type RuleField, ruleBlockId, ViewId } from '../ids.js';
import { code } from './mrkdwn.js';
import { policyWord } from './rules-table.js';

export interface AddRulesModalInput {
  securityGroupId: string;
  region: string;
  privateMetadata: string;
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text };
}

function choice(value: string, text = value): types.PlainTextOption {
  return { text: plain(text), value };
}

function select(
  row: number,
  field: RuleField,
  label: string,
  values: readonly string[],
  initial: string,
  text: (v: string) => string = (v) => v,
): types.InputBlock {
  return {
    type: 'input',
    block_id: ruleBlockId(row, field),
    optional: true,
    label: plain(label),
    element: {
      type: 'static_select',
      action_id: field,
      options: values.map((v) => choice(v, text(v))),
      initial_option: choice(initial, text(initial)),
    },
  };
}

function textInput(
  row: number,
  field: RuleField,
  label: string,
  placeholder: string,
  maxLength: number,
): types.InputBlock {
  return {
    type: 'input',
    block_id: ruleBlockId(row, field),
    optional: true,
    label: plain(label),
    element: { type: 'plain_text_input', action_id: field, placeholder: plain(placeholder), max_length: maxLength },
  };
}

function ruleRow(row: number): types.KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `*Rule ${row + 1}*` } },
    select(row, 'direction', 'Direction', DIRECTIONS, 'inbound', (v) => (v === 'inbound' ? 'Inbound' : 'Outbound')),
    select(row, 'protocol', 'Protocol', PROTOCOLS, 'TCP'),
    textInput(row, 'port', 'Port', 'ALL, 22, 80,443 or 8000-8010 (TCP/UDP only)', 200),
    textInput(
      row,
      'peer',
      'Source (inbound) / destination (outbound)',
      '0.0.0.0/0, 10.0.0.0/8, ::/0 or sg-xxxxxxxx',
      100,
    ),
    select(row, 'action', 'Policy', ACTIONS, 'ACCEPT', (v) => policyWord(v as RuleAction)),
    textInput(row, 'description', 'Notes', 'What the rule is for', 100),
  ];
}

/** The add-rules modal: several rule rows at once; rows left without a source are ignored. */
export function buildAddRulesModal(input: AddRulesModalInput): types.ModalView {
  const rows = Array.from({ length: ADD_RULES_ROWS }, (_, i) => ruleRow(i)).flat();
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
          text: `Rules for ${code(input.securityGroupId)} in ${code(input.region)}. Fill one row per rule; rows with no source, port or description are skipped. The rules go through approval before they are added.`,
        },
      },
      ...rows,
    ],
  };
}
