/**
 * What an add-rules request can be refused for before it is stored, from what the cloud says of
 * its group at submission: rules naming a security group the region does not have, rules that
 * repeat each other or a rule the group has (Tencent Cloud refuses duplicates), and more rules in a
 * direction than the group has room for. Each issue names the rule (`rules.<i>`), so a front end
 * shows it beside the line or row it was typed on. Pure.
 */
import type { FieldIssue } from '../errors.js';
import { peerText, sameTraffic } from '../rules/rules.js';
import { DIRECTIONS, type Rule } from '../types.js';

export interface AddRulesFacts {
  region: string;
  groupId: string;
  /** The group's rules now; absent when the cloud did not say in time. */
  existing?: Rule[];
  /** Rules the group may hold per direction; absent when the cloud did not say in time. */
  perDirectionLimit?: number;
  /** Security groups the rules name that the cloud said the region does not have. */
  missingGroups: ReadonlySet<string>;
}

function peerWord(rule: Rule): string {
  return rule.direction === 'inbound' ? 'source' : 'destination';
}

function summary(rule: Rule): string {
  const port = rule.protocol === 'TCP' || rule.protocol === 'UDP' ? `:${rule.port}` : '';
  return `${peerText(rule.peer)} ${rule.protocol}${port} ${rule.action === 'ACCEPT' ? 'Allow' : 'Reject'}`;
}

function roomIssues(rules: Rule[], facts: AddRulesFacts): FieldIssue[] {
  const { existing, perDirectionLimit: limit } = facts;
  if (existing === undefined || limit === undefined) return [];
  return DIRECTIONS.flatMap((direction) => {
    const has = existing.filter((r) => r.direction === direction).length;
    const adding = rules.flatMap((r, i) => (r.direction === direction ? [i] : []));
    const room = Math.max(0, limit - has);
    const firstOver = adding[room];
    if (firstOver === undefined) return [];
    return [
      {
        field: `rules.${firstOver}`,
        message: `The group has ${has} ${direction} rule${has === 1 ? '' : 's'} and holds at most ${limit}, so there is room for ${room} more, not ${adding.length}: remove ${adding.length - room} ${direction} rule${adding.length - room === 1 ? '' : 's'} from here on, or make room in the group first.`,
      },
    ];
  });
}

/** The issues of an add-rules request's rules given what the cloud said; none when it said nothing. */
export function addRulesIssues(rules: Rule[], facts: AddRulesFacts): FieldIssue[] {
  const issues: FieldIssue[] = [];
  rules.forEach((rule, i) => {
    if (rule.peer.kind === 'security-group' && facts.missingGroups.has(rule.peer.groupId)) {
      issues.push({
        field: `rules.${i}.peer`,
        message: `There is no security group ${rule.peer.groupId} in ${facts.region}: a rule may name a group of its own region only.`,
      });
    }
    if (rules.slice(0, i).some((earlier) => sameTraffic(earlier, rule))) {
      issues.push({
        field: `rules.${i}`,
        message: `Repeats an earlier ${rule.direction} rule (${summary(rule)}: the same ${peerWord(rule)}, protocol, port and policy); Tencent Cloud refuses duplicates, so keep one.`,
      });
    } else if (facts.existing?.some((present) => sameTraffic(present, rule))) {
      issues.push({
        field: `rules.${i}`,
        message: `${facts.groupId} already has this rule (${rule.direction} ${summary(rule)}); leave it out.`,
      });
    }
  });
  const all = [...issues, ...roomIssues(rules, facts)];
  // In the order the rules were given, so they read top to bottom beside the lines.
  return all.sort((a, b) => ruleIndex(a) - ruleIndex(b));
}

function ruleIndex(issue: FieldIssue): number {
  return Number(/^rules\.(\d+)/.exec(issue.field)?.[1] ?? 0);
}
