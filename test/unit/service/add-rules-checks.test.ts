import { describe, expect, it } from 'vitest';
import { addRulesIssues } from '../../../src/service/requests/add-rules-checks.js';
import { parseRuleLines } from '../../../src/service/rules/rule-lines.js';
import type { Rule } from '../../../src/service/types.js';

function rules(text: string, direction: 'inbound' | 'outbound' = 'inbound'): Rule[] {
  const parsed = parseRuleLines(text, direction);
  if ('errors' in parsed) throw new Error(parsed.errors[0]?.message);
  return parsed.rules;
}

const facts = { region: 'ap-guangzhou', groupId: 'sg-aaaaaaaa', missingGroups: new Set<string>() };

describe('addRulesIssues', () => {
  it('refuses repeats of the same traffic and policy even when the notes differ, on the later rule', () => {
    const issues = addRulesIssues(rules('10.0.0.0/8 TCP:22 Allow a\n10.0.0.0/8 TCP:22 Allow b'), facts);
    expect(issues.map((i) => i.field)).toEqual(['rules.1']);
  });

  it('lets the same traffic through with the other policy, or in the other direction', () => {
    const both = [
      ...rules('10.0.0.0/8 TCP:22 Allow\n10.0.0.0/8 TCP:22 Reject'),
      ...rules('10.0.0.0/8 TCP:22 Allow', 'outbound'),
    ];
    expect(addRulesIssues(both, facts)).toEqual([]);
  });

  it("refuses nothing it was not told of: without the group's rules, its limit or missing groups only repeats count", () => {
    const many = rules(Array.from({ length: 150 }, (_, i) => `10.0.${i}.0/24 TCP:22 Allow`).join('\n'));
    expect(addRulesIssues(many, facts)).toEqual([]);
  });

  it("counts room per direction against the group's own rules", () => {
    const existing = rules('10.0.0.0/8 TCP:22 Allow\n10.0.0.0/8 TCP:23 Allow', 'outbound');
    const adding = [
      ...rules('10.0.0.0/8 TCP:80 Allow\n10.0.0.0/8 TCP:81 Allow'),
      ...rules('10.0.0.0/8 TCP:80 Allow', 'outbound'),
    ];
    const issues = addRulesIssues(adding, { ...facts, existing, perDirectionLimit: 2 });
    expect(issues).toEqual([
      {
        field: 'rules.2',
        message:
          'The group has 2 outbound rules and holds at most 2, so there is room for 0 more, not 1: remove 1 outbound rule from here on, or make room in the group first.',
      },
    ]);
  });
});
