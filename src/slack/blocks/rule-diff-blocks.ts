/** A change of a group's rules, as people read it: per direction, what is added, removed and changed. */
import type { types } from '@slack/bolt';
import { DIRECTIONS, type GroupDrift, type RuleDiff } from '../../service/types.js';
import { packLines } from './message.js';
import { clipMrkdwn, code, slackDate } from './mrkdwn.js';
import { directionTitle, ruleLine } from './rules-table.js';

const when = (at: string | undefined) => (at ? ` _(changed ${slackDate(at)})_` : '');

/** One line per rule added (+), removed (−) or changed (before → after), per direction. */
export function diffLines(diff: RuleDiff): string[] {
  return DIRECTIONS.flatMap((direction) => {
    const added = diff.added.filter((a) => a.rule.direction === direction);
    const removed = diff.removed.filter((r) => r.rule.direction === direction);
    const changed = diff.changed.filter((c) => c.before.direction === direction);
    if (added.length + removed.length + changed.length === 0) return [];
    return [
      `*${directionTitle(direction)}*: ${added.length} added, ${removed.length} removed, ${changed.length} changed`,
      ...added.map((a) => `:heavy_plus_sign: ${ruleLine(a.rule).slice(2)}${when(a.modifiedAt)}`),
      ...removed.map((r) => `:heavy_minus_sign: ~${ruleLine(r.rule).slice(2)}~`),
      ...changed.flatMap((c) => [
        `:memo: ${ruleLine(c.before).slice(2)}`,
        `      → ${ruleLine(c.after).slice(2)}${when(c.modifiedAt)}`,
      ]),
    ];
  });
}

/** The diff as sections within Slack's limits, under `heading`, at most `maxSections` of them. */
export function buildDiffSections(diff: RuleDiff, heading: string, maxSections: number): types.SectionBlock[] {
  const sections = packLines(diffLines(diff), { heading });
  if (sections.length <= maxSections) return sections;
  const kept = sections.slice(0, Math.max(1, maxSections));
  const last = kept[kept.length - 1];
  if (last?.text)
    last.text.text = `${clipMrkdwn(last.text.text, 2900)}\n…and more: see the group in the Tencent Cloud console.`;
  return kept;
}

/** The heading of a drift: the rules differ from what secgroup last applied. */
export function driftHeading(drift: GroupDrift): string {
  return `:eyes: *Changed outside secgroup* since ${code(drift.lastAppliedBy)} applied its rules (${slackDate(drift.lastAppliedAt)}):`;
}
