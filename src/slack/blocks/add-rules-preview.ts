/**
 * The add-rules form's preview: what each box's lines read as, in the rule tables the cards use,
 * or the lines that are not rules. Built from the text as typed; the service's own checks (the
 * group's rules, its quota) run at submission.
 */
import type { types } from '@slack/bolt';
import { parseRuleLines } from '../../service/rules/rule-lines.js';
import { DIRECTIONS, type Direction, type Rule } from '../../service/types.js';
import { mrkdwnSection, packLines } from './message.js';
import { buildRulesSections, directionTitle } from './rules-table.js';
import { inlineUserText } from './user-text.js';

export function buildRulesPreview(text: Record<Direction, string>): types.KnownBlock[] {
  const rules: Rule[] = [];
  const problems: string[] = [];
  for (const direction of DIRECTIONS) {
    const parsed = parseRuleLines(text[direction], direction);
    if ('errors' in parsed) {
      problems.push(...parsed.errors.map((e) => `• ${directionTitle(direction)}: ${inlineUserText(e.message)}`));
    } else rules.push(...parsed.rules);
  }
  if (problems.length > 0) {
    return packLines(problems, { heading: '*Preview*: these lines are not rules yet' });
  }
  if (rules.length === 0) return [mrkdwnSection('*Preview*: no rules yet. Write one per line in a box above.')];
  return [
    mrkdwnSection(`*Preview*: ${rules.length} rule${rules.length === 1 ? '' : 's'}, as the card will show them`),
    ...buildRulesSections(rules),
  ];
}
