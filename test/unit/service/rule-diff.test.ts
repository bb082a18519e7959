import { describe, expect, it } from 'vitest';
import { applyCall, planEditSteps, undoCall } from '../../../src/service/requests/changes/edit-steps.js';
import { diffRules, newRuleIndexes, rebaseDiff, sameRuleLists } from '../../../src/service/rules/rule-diff.js';
import type { Direction, Rule } from '../../../src/service/types.js';

const rule = (port: string, direction: Direction = 'inbound', cidr = '10.0.0.0/8'): Rule => ({
  direction,
  protocol: 'TCP',
  port,
  peer: { kind: 'ipv4', cidr },
  action: 'ACCEPT',
  description: '',
});
const [a, b, c, d] = ['22', '80', '443', '5432'].map((p) => rule(p)) as [Rule, Rule, Rule, Rule];
const out = rule('ALL', 'outbound', '0.0.0.0/0');

describe('the diff of two rule lists', () => {
  it('finds a rule added at its place, one removed at its index, and one rewritten in place', () => {
    expect(diffRules([a, b, c], [a, d, c, out])).toEqual({
      added: [{ position: 0, rule: out }],
      removed: [],
      changed: [{ index: 1, before: b, after: d }],
    });
    expect(diffRules([a, b, c], [a, c])).toEqual({ added: [], removed: [{ index: 1, rule: b }], changed: [] });
    expect(diffRules([a, b], [d, a, b])).toEqual({ added: [{ position: 0, rule: d }], removed: [], changed: [] });
  });

  it('does not report kept rules that only moved up or down because of others', () => {
    const diff = diffRules([a, b, c, d], [b, c, d, a]);
    expect(diff.changed).toEqual([]);
    expect(diff.removed).toEqual([{ index: 0, rule: a }]);
    expect(diff.added).toEqual([{ position: 3, rule: a }]);
  });

  it('pairs a changed rule with the old one most like it, not the one in its place', () => {
    const ssh = rule('22', 'inbound', '0.0.0.0/0');
    const rdp = rule('3389', 'inbound', '0.0.0.0/0');
    const office = rule('22', 'inbound', '203.0.113.0/24');
    expect(diffRules([rdp, ssh, b], [office, b])).toEqual({
      added: [],
      removed: [{ index: 0, rule: rdp }],
      changed: [{ index: 1, before: ssh, after: office }],
    });
    // Swapped in place, each like the other's old rule: a Replace by pairs would keep the old order, so each place is rewritten.
    const [x, y] = [rule('22', 'inbound', '10.1.0.0/16'), rule('80', 'inbound', '10.2.0.0/16')];
    const swapped = [rule('80', 'inbound', '10.3.0.0/16'), rule('22', 'inbound', '10.4.0.0/16')];
    expect(planEditSteps([x, y], swapped, diffRules([x, y], swapped), 0).calls).toEqual([
      { call: 'replace', direction: 'inbound', entries: swapped.map((r, index) => ({ index, rule: r })) },
    ]);
  });

  it('names the rules that are new or rewritten, by their place in the new list', () => {
    expect(newRuleIndexes([a, b, out], [a, d, out, rule('53', 'outbound')])).toEqual([1, 3]);
  });

  it('makes the same intended change on rules that changed meanwhile', () => {
    const diff = diffRules([a, b], [a, d]);
    // Someone added c since: the re-plan keeps it and still turns b into d.
    expect(rebaseDiff(diff, [a, b, c])).toEqual([a, d, c]);
    // Someone removed b already: nothing to rewrite, d is still wanted.
    expect(rebaseDiff(diff, [a])).toEqual([a, d]);
  });
});

describe('the calls an edit makes', () => {
  const plan = (before: Rule[], after: Rule[], foreign = 0) =>
    planEditSteps(before, after, diffRules(before, after), foreign);

  it('uses one versioned call when one kind of change in one direction does it', () => {
    expect(plan([a, b], [a]).calls).toEqual([{ call: 'delete', direction: 'inbound', indexes: [1] }]);
    expect(plan([a, b], [a, c]).calls).toEqual([
      { call: 'replace', direction: 'inbound', entries: [{ index: 1, rule: c }] },
    ]);
    expect(plan([a], [a, c]).calls).toEqual([{ call: 'add', direction: 'inbound', rules: [c] }]);
  });

  it('resets the whole set in one call when several changes are needed and nothing would be lost', () => {
    const steps = plan([a, b, out], [c, a, out]);
    expect(steps.calls).toEqual([{ call: 'reset', rules: [c, a, out] }]);
  });

  it('rewrites by place, each call undoable, when a reset would drop rules or leave one direction empty', () => {
    for (const [before, after, foreign] of [
      [[a, b, c, out], [c, d], 0],
      [[a, b, c, out], [d, b, out, rule('53', 'outbound')], 2],
      [[a, out], [b, c, d, a], 0],
    ] as [Rule[], Rule[], number][]) {
      const steps = plan(before, after, foreign);
      expect(steps.calls.every((call) => call.call !== 'reset')).toBe(true);
      expect(sameRuleLists(steps.states.at(-1) ?? [], after)).toBe(true);
      steps.calls.forEach((call, k) => {
        const from = steps.states[k] as Rule[];
        const to = applyCall(from, call);
        // No direction ever holds the same rule twice in between (Tencent refuses that).
        expect(new Set(to.map((r) => JSON.stringify(r))).size).toBe(to.length);
        expect(sameRuleLists(applyCall(to, undoCall(from, call)), from)).toBe(true);
      });
    }
  });
});
