/**
 * Reads the add-rules modal: each direction's box, one rule per line, into the rules the service
 * takes, remembering the line each came from so the service's issues go back beside that line.
 */
import type { RuleInput } from '../../service/api.js';
import type { FieldIssue } from '../../service/errors.js';
import { lineMessage, parseRuleLines, type RuleLineError } from '../../service/rules/rule-lines.js';
import { peerText } from '../../service/rules/rules.js';
import { type ChangeRequest, DIRECTIONS, type Direction } from '../../service/types.js';
import { ADD_RULES_ACTION, AddRulesBlock } from '../ids.js';
import { isKeepIssue, keepErrorBlock } from './keep-for-form.js';
import { inputValue, type ViewStateValues } from './view-state.js';

export interface AddRulesForm {
  rules: RuleInput[];
  /** Where each entry of `rules` was typed: its box and line. */
  lines: { direction: Direction; line: number }[];
}

/** Slack's errors per input, by block id. */
export type FormErrors = Record<string, string>;

/** The first errors of a box; a long list of them would hide the box. */
const ERRORS_SHOWN = 5;

function boxErrors(messages: string[]): string {
  const shown = messages.slice(0, ERRORS_SHOWN);
  const more = messages.length - shown.length;
  return [...shown, ...(more > 0 ? [`…and ${more} more.`] : [])].join('\n');
}

/** Each direction's text as typed. */
export function readAddRulesText(values: ViewStateValues): Record<Direction, string> {
  return {
    inbound: inputValue(values, AddRulesBlock.inbound, ADD_RULES_ACTION),
    outbound: inputValue(values, AddRulesBlock.outbound, ADD_RULES_ACTION),
  };
}

/** The rules of both boxes, or the lines that are not rules, beside their box. */
export function readAddRulesForm(values: ViewStateValues): { form: AddRulesForm } | { errors: FormErrors } {
  const text = readAddRulesText(values);
  const form: AddRulesForm = { rules: [], lines: [] };
  const errors: FormErrors = {};
  for (const direction of DIRECTIONS) {
    const lineNumbers = lineNumbersOfRules(text[direction]);
    const parsed = parseRuleLines(text[direction], direction);
    if ('errors' in parsed) {
      errors[AddRulesBlock[direction]] = boxErrors(parsed.errors.map((e: RuleLineError) => e.message));
      continue;
    }
    parsed.rules.forEach((rule, i) => {
      form.rules.push({ ...rule, peer: peerText(rule.peer) });
      form.lines.push({ direction, line: lineNumbers[i] ?? 0 });
    });
  }
  if (Object.keys(errors).length > 0) return { errors };
  if (form.rules.length === 0) return { errors: noRulesError() };
  return { form };
}

/** The 1-based numbers of the lines parseRuleLines reads as rules (it skips blank and # lines). */
function lineNumbersOfRules(text: string): number[] {
  return text.split(/\r\n|\r|\n/).flatMap((raw, i) => (raw.trim() === '' || raw.trim().startsWith('#') ? [] : [i + 1]));
}

const RULE_ISSUE = /^rules\.(\d+)(?:\.|$)/;

/** The service's issues (`rules.<i>…`) beside the line rule i was typed on; others under the first box used. */
export function addRulesErrors(form: AddRulesForm, issues: FieldIssue[], values?: ViewStateValues): FormErrors {
  const byBlock = new Map<string, string[]>();
  const firstBox = AddRulesBlock[form.lines[0]?.direction ?? 'inbound'];
  for (const issue of issues) {
    const match = RULE_ISSUE.exec(issue.field);
    const where = match ? form.lines[Number(match[1])] : undefined;
    const keep = values && isKeepIssue(issue) ? keepErrorBlock(values) : undefined;
    const blockId = keep ?? (where ? AddRulesBlock[where.direction] : firstBox);
    const message = where ? lineMessage(where.line, issue.message) : issue.message;
    byBlock.set(blockId, [...(byBlock.get(blockId) ?? []), message]);
  }
  return Object.fromEntries([...byBlock].map(([blockId, messages]) => [blockId, boxErrors(messages)]));
}

/** The error shown when both boxes were left empty. */
export function noRulesError(): FormErrors {
  return {
    [AddRulesBlock.inbound]: 'Write at least one rule, inbound or outbound, for example: 10.0.0.0/8 TCP:443 Allow',
  };
}

/**
 * The group the add-rules form is for: the one a create-group request made, or (Edit and
 * resubmit) a failed add-rules request's group.
 */
export function formGroupOf(request: ChangeRequest | undefined): string | undefined {
  return request?.spec.kind === 'add-rules' ? request.spec.securityGroupId : request?.result?.securityGroupId;
}
