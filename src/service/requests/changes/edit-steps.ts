/**
 * Which cloud calls make an edit, chosen per change. Pure: from the rules at the plan's version
 * and the rules wanted, the calls in order and the rules the group holds after each, so an
 * execution can tell from a read where it stands (after a crash or a lost answer) and undo what it
 * did. Rule lists hold both directions, each in its PolicyIndex order.
 */
import { directionsChanged, isEmptyDiff, rulesOf, sameRuleLists } from '../../rules/rule-diff.js';
import { sameRule } from '../../rules/rules.js';
import { DIRECTIONS, type Direction, type Rule, type RuleDiff } from '../../types.js';

export type EditCall =
  | { call: 'replace'; direction: Direction; entries: { index: number; rule: Rule }[] }
  | { call: 'add'; direction: Direction; rules: Rule[] }
  | { call: 'delete'; direction: Direction; indexes: number[] }
  | { call: 'reset'; rules: Rule[] };

export interface EditSteps {
  calls: EditCall[];
  /** The group's rules before the first call and after each: `states[k]` once k calls are done. */
  states: Rule[][];
  /** Why these calls, for the log. */
  why: string;
}

/** The rules after a call. */
export function applyCall(rules: readonly Rule[], call: EditCall): Rule[] {
  if (call.call === 'reset') return [...call.rules];
  return DIRECTIONS.flatMap((direction) => {
    const list = rulesOf(rules, direction);
    if (direction !== call.direction) return list;
    if (call.call === 'add') return [...list, ...call.rules];
    if (call.call === 'delete') return list.filter((_r, i) => !call.indexes.includes(i));
    for (const { index, rule } of call.entries) list[index] = rule;
    return list;
  });
}

/** The call that takes the group from the rules after `call` back to `before`. */
export function undoCall(before: readonly Rule[], call: EditCall): EditCall {
  if (call.call === 'reset') return { call: 'reset', rules: [...before] };
  const list = rulesOf(before, call.direction);
  if (call.call === 'replace') {
    return {
      call: 'replace',
      direction: call.direction,
      entries: call.entries.map(({ index }) => ({ index, rule: list[index] as Rule })),
    };
  }
  if (call.call === 'add') {
    return { call: 'delete', direction: call.direction, indexes: call.rules.map((_r, i) => list.length + i) };
  }
  // Only a list's tail is ever deleted in a sequence of calls, so appending it back restores the order.
  return { call: 'add', direction: call.direction, rules: call.indexes.map((i) => list[i] as Rule) };
}

/** One call of one kind in one direction does the whole change, when the diff is that simple. */
function singleCall(before: readonly Rule[], diff: RuleDiff): EditCall | undefined {
  const [direction, ...others] = directionsChanged(diff);
  if (!direction || others.length > 0) return undefined;
  const kinds = [diff.added.length > 0, diff.removed.length > 0, diff.changed.length > 0].filter(Boolean).length;
  if (kinds !== 1) return undefined;
  if (diff.changed.length > 0) {
    return { call: 'replace', direction, entries: diff.changed.map((c) => ({ index: c.index, rule: c.after })) };
  }
  if (diff.removed.length > 0) return { call: 'delete', direction, indexes: diff.removed.map((r) => r.index) };
  const kept = rulesOf(before, direction).length;
  const appended = diff.added.every((a, i) => a.position === kept + i);
  return appended ? { call: 'add', direction, rules: diff.added.map((a) => a.rule) } : undefined;
}

/**
 * Each changed direction rewritten by place: its tail deleted first when it shrinks (so no rule is
 * there twice in between, which Tencent refuses), the places that differ replaced in one call,
 * then the new tail appended. Every one of these calls can be undone exactly.
 */
function byPlace(before: readonly Rule[], after: readonly Rule[], directions: readonly Direction[]): EditCall[] {
  return directions.flatMap((direction): EditCall[] => {
    const old = rulesOf(before, direction);
    const wanted = rulesOf(after, direction);
    const calls: EditCall[] = [];
    if (old.length > wanted.length) {
      calls.push({ call: 'delete', direction, indexes: old.slice(wanted.length).map((_r, i) => wanted.length + i) });
    }
    const entries = wanted
      .slice(0, old.length)
      .map((rule, index) => ({ index, rule }))
      .filter(({ index, rule }) => !sameRule(old[index] as Rule, rule));
    if (entries.length > 0) calls.push({ call: 'replace', direction, entries });
    if (wanted.length > old.length) calls.push({ call: 'add', direction, rules: wanted.slice(old.length) });
    return calls;
  });
}

export function planEditSteps(
  before: readonly Rule[],
  after: readonly Rule[],
  diff: RuleDiff,
  foreignRules: number,
): EditSteps {
  const withStates = (calls: EditCall[], why: string): EditSteps => {
    const states: Rule[][] = [[...before]];
    for (const call of calls) states.push(applyCall(states[states.length - 1] as Rule[], call));
    return { calls, states, why };
  };
  if (isEmptyDiff(diff)) return withStates([], 'nothing to change');
  const found = singleCall(before, diff);
  // A rule changed is paired by likeness, not place: one Replace keeps the order only if it gives the list asked for.
  const single = found && sameRuleLists(applyCall(before, found), after) ? found : undefined;
  // One Create, Delete or Replace call: Tencent itself checks its Version, and it touches nothing else.
  if (single) return withStates([single], `one ${single.call} call does it, checked by Version in the cloud`);
  const emptied = DIRECTIONS.filter((d) => rulesOf(after, d).length === 0).length;
  // ModifySecurityGroupPolicies sets the whole set in one call, so the change is all or nothing; it
  // would drop rules secgroup cannot show, and it sets both directions or clears both.
  if (foreignRules === 0 && emptied !== 1) {
    return withStates([{ call: 'reset', rules: [...after] }], 'several changes: one whole-set reset, all or nothing');
  }
  return withStates(
    byPlace(before, after, directionsChanged(diff)),
    foreignRules > 0
      ? 'the group has rules a reset would drop: versioned calls in turn, undone if one fails'
      : 'a reset cannot leave one direction empty: versioned calls in turn, undone if one fails',
  );
}
