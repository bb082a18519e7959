import type { RuleInput } from '../../service/api.js';
import type { FieldIssue } from '../../service/errors.js';
import { ADD_RULES_ROWS, RULE_FIELDS, type RuleField, ruleBlockId } from '../ids.js';
import { inputValue, type ViewStateValues } from './view-state.js';

export interface AddRulesForm {
  rules: RuleInput[];
  /** The modal row each entry of `rules` came from, to put errors back on the right row. */
  rows: number[];
}

/** Protocols that take no port: a blank port means all of them, as the console shows it. */
const PORTLESS = new Set(['ICMP', 'ICMPv6', 'ALL']);

/** Reads the filled rows; a row with no port, source or description was left empty and is skipped. */
export function readAddRulesForm(values: ViewStateValues): AddRulesForm {
  const rules: RuleInput[] = [];
  const rows: number[] = [];
  for (let row = 0; row < ADD_RULES_ROWS; row += 1) {
    const read = (field: RuleField) => inputValue(values, ruleBlockId(row, field), field).trim();
    const rule: RuleInput = {
      direction: read('direction'),
      protocol: read('protocol'),
      port: read('port'),
      peer: read('peer'),
      action: read('action'),
      description: read('description'),
    };
    if (rule.port === '' && rule.peer === '' && rule.description === '') continue;
    if (rule.port === '' && PORTLESS.has(rule.protocol)) rule.port = 'ALL';
    rules.push(rule);
    rows.push(row);
  }
  return { rules, rows };
}

const RULE_ISSUE = /^rules\.(\d+)\.(\w+)$/;

function isRuleField(field: string): field is RuleField {
  return (RULE_FIELDS as readonly string[]).includes(field);
}

/** Issues named `rules.<i>.<field>` mapped onto the modal row the rule came from. */
export function addRulesErrors(form: AddRulesForm, issues: FieldIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const firstRow = form.rows[0] ?? 0;
  for (const issue of issues) {
    const match = RULE_ISSUE.exec(issue.field);
    const index = match ? Number(match[1]) : -1;
    const field = match?.[2] ?? '';
    const row = form.rows[index] ?? firstRow;
    const blockId = ruleBlockId(row, isRuleField(field) ? field : 'peer');
    errors[blockId] = errors[blockId] ? `${errors[blockId]}; ${issue.message}` : issue.message;
  }
  return errors;
}

/** The error shown when every row was left empty. */
export function noRulesError(): Record<string, string> {
  return { [ruleBlockId(0, 'peer')]: 'Fill in at least one rule: a source (or destination) and, for TCP/UDP, a port.' };
}
