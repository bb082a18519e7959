/**
 * How a group's rules change: added, removed and changed rules per direction, between two lists
 * in evaluation order. Pure. Rules kept as they were are matched by content (sameRule) along the
 * longest common subsequence, so a rule moved by others around it is not reported as changed; in
 * each stretch between kept rules, a new rule like an old one (the same traffic, peer or notes)
 * counts as that rule changed, the rest as removed or added.
 */
import { DIRECTIONS, type Direction, type Rule, type RuleDiff } from '../types.js';
import { peerText, sameRule } from './rules.js';

export const EMPTY_DIFF: RuleDiff = Object.freeze({ added: [], removed: [], changed: [] }) as RuleDiff;

/**
 * A rule as Tencent Cloud keeps it: it takes any 0.0.0.0/n as 0.0.0.0/0 (SecurityGroupPolicy
 * CidrBlock, API model), so an edit plans, judges and later recognises what the group will hold.
 */
export function asTencentKeepsIt(rule: Rule): Rule {
  const { peer } = rule;
  return peer.kind === 'ipv4' && peer.cidr.startsWith('0.0.0.0/') && peer.cidr !== '0.0.0.0/0'
    ? { ...rule, peer: { kind: 'ipv4', cidr: '0.0.0.0/0' } }
    : rule;
}

export function rulesOf(rules: readonly Rule[], direction: Direction): Rule[] {
  return rules.filter((r) => r.direction === direction);
}

/** Pairs of indexes (old, new) of rules kept, in order: the longest common subsequence. */
function keptPairs(before: readonly Rule[], after: readonly Rule[]): [number, number][] {
  const n = before.length;
  const m = after.length;
  const longest = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const at = (i: number, j: number) => longest[i]?.[j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    const row = longest[i] as number[];
    for (let j = m - 1; j >= 0; j--) {
      row[j] = sameRule(before[i] as Rule, after[j] as Rule)
        ? at(i + 1, j + 1) + 1
        : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (sameRule(before[i] as Rule, after[j] as Rule)) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) i++;
    else j++;
  }
  return pairs;
}

/** How alike two rules are: the same traffic counts most, then the same peer, then the same notes. */
function likeness(a: Rule, b: Rule): number {
  const traffic = a.protocol === b.protocol && a.port === b.port ? 2 : 0;
  const peer = a.peer.kind === b.peer.kind && peerText(a.peer) === peerText(b.peer) ? 1 : 0;
  const notes = a.description !== '' && a.description === b.description ? 1 : 0;
  return traffic + peer + notes;
}

/**
 * One stretch between kept rules: each new rule is paired with the old rule most like it (a rule
 * changed), the old rules left are removed and the new ones left are added.
 */
function diffStretch(
  before: readonly Rule[],
  after: readonly Rule[],
  olds: number[],
  news: number[],
  diff: RuleDiff,
): void {
  const paired = new Set<number>();
  for (const j of news) {
    const rule = after[j] as Rule;
    let best: number | undefined;
    let bestScore = 0;
    for (const i of olds) {
      if (paired.has(i)) continue;
      const score = likeness(before[i] as Rule, rule);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best === undefined) diff.added.push({ position: j, rule });
    else {
      paired.add(best);
      diff.changed.push({ index: best, before: before[best] as Rule, after: rule });
    }
  }
  for (const i of olds) if (!paired.has(i)) diff.removed.push({ index: i, rule: before[i] as Rule });
}

function diffDirection(before: readonly Rule[], after: readonly Rule[], diff: RuleDiff): void {
  const pairs = [...keptPairs(before, after), [before.length, after.length] as [number, number]];
  let i = 0;
  let j = 0;
  for (const [keptOld, keptNew] of pairs) {
    const olds = Array.from({ length: keptOld - i }, (_, k) => i + k);
    const news = Array.from({ length: keptNew - j }, (_, k) => j + k);
    diffStretch(before, after, olds, news, diff);
    i = keptOld + 1;
    j = keptNew + 1;
  }
  diff.changed.sort((x, y) => x.index - y.index);
  diff.removed.sort((x, y) => x.index - y.index);
}

/** Indexes into `after` of the rules that are not kept from `before`: added or changed. */
export function newRuleIndexes(before: readonly Rule[], after: readonly Rule[]): number[] {
  return DIRECTIONS.flatMap((direction) => {
    const places = after.flatMap((rule, index) => (rule.direction === direction ? [index] : []));
    const kept = new Set(keptPairs(rulesOf(before, direction), rulesOf(after, direction)).map(([, j]) => j));
    return places.filter((_index, j) => !kept.has(j));
  }).sort((a, b) => a - b);
}

/** From `before` to `after` (both directions, each in its own order). */
export function diffRules(before: readonly Rule[], after: readonly Rule[]): RuleDiff {
  const diff: RuleDiff = { added: [], removed: [], changed: [] };
  for (const direction of DIRECTIONS) diffDirection(rulesOf(before, direction), rulesOf(after, direction), diff);
  return diff;
}

export function isEmptyDiff(diff: RuleDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

/** The directions a diff touches. */
export function directionsChanged(diff: RuleDiff): Direction[] {
  const touched = new Set<Direction>([
    ...diff.added.map((a) => a.rule.direction),
    ...diff.removed.map((r) => r.rule.direction),
    ...diff.changed.map((c) => c.before.direction),
  ]);
  return DIRECTIONS.filter((d) => touched.has(d));
}

/** The same rules in the same order, direction by direction. */
export function sameRuleLists(a: readonly Rule[], b: readonly Rule[]): boolean {
  return DIRECTIONS.every((direction) => {
    const x = rulesOf(a, direction);
    const y = rulesOf(b, direction);
    return x.length === y.length && x.every((rule, i) => sameRule(rule, y[i] as Rule));
  });
}

/**
 * The same intended change made on other rules (a re-plan after the group changed): each rule
 * removed or changed is found by content, each added one is put at its position (or the end) if
 * the group does not have it yet. What the group no longer has is left alone.
 */
export function rebaseDiff(diff: RuleDiff, current: readonly Rule[]): Rule[] {
  return DIRECTIONS.flatMap((direction) => {
    const rules = rulesOf(current, direction);
    for (const { rule } of diff.removed.filter((r) => r.rule.direction === direction)) {
      const found = rules.findIndex((r) => sameRule(r, rule));
      if (found >= 0) rules.splice(found, 1);
    }
    for (const { before, after } of diff.changed.filter((c) => c.before.direction === direction)) {
      const found = rules.findIndex((r) => sameRule(r, before));
      if (found >= 0) rules[found] = after;
      else if (!rules.some((r) => sameRule(r, after))) rules.push(after);
    }
    for (const { position, rule } of diff.added.filter((a) => a.rule.direction === direction)) {
      if (!rules.some((r) => sameRule(r, rule))) rules.splice(Math.min(position, rules.length), 0, rule);
    }
    return rules;
  });
}

/** Stamps the diff's new rules with when the cloud last changed them, where it says (found by content). */
export function withModifyTimes(diff: RuleDiff, now: readonly { rule: Rule; modifiedAt?: string }[]): RuleDiff {
  const timeOf = (rule: Rule) => now.find((entry) => sameRule(entry.rule, rule))?.modifiedAt;
  const stamp = <T extends object>(entry: T, rule: Rule): T => {
    const at = timeOf(rule);
    return at ? { ...entry, modifiedAt: at } : entry;
  };
  return {
    added: diff.added.map((a) => stamp(a, a.rule)),
    removed: diff.removed,
    changed: diff.changed.map((c) => stamp(c, c.after)),
  };
}
