import type { types } from '@slack/bolt';
import { peerText } from '../../service/rules/rules.js';
import type { Direction, Rule } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { escapeMrkdwn } from './mrkdwn.js';

type SectionBlock = types.SectionBlock;

const COLUMNS = ['Protocol', 'Port', 'Source', 'Action', 'Description'] as const;
const FENCE = '```';

function cells(rule: Rule): string[] {
  return [rule.protocol, rule.port, peerText(rule.peer), rule.action, rule.description || '-'];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

/** Aligned lines (header first) for rules of one direction; cloud and user text is escaped. */
function tableLines(rules: Rule[], direction: Direction): string[] {
  const header = COLUMNS.map((c) => (c === 'Source' && direction === 'outbound' ? 'Destination' : c));
  const rows = rules.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => escapeMrkdwn(l.replace(/`/g, "'")));
}

/** Packs lines into code-block sections of at most `maxChars` characters each. */
function packIntoSections(title: string, lines: string[], maxChars: number): SectionBlock[] {
  const [header, ...rows] = lines;
  const sections: SectionBlock[] = [];
  const budget = maxChars - title.length - FENCE.length * 2 - 2;
  let chunk: string[] = [];
  let size = (header ?? '').length + 1;
  const flush = () => {
    const body = [header, ...chunk].join('\n');
    const prefix = sections.length === 0 ? title : `${title} (continued)`;
    sections.push({ type: 'section', text: { type: 'mrkdwn', text: `${prefix}\n${FENCE}${body}${FENCE}` } });
    chunk = [];
    size = (header ?? '').length + 1;
  };
  for (const row of rows) {
    // A single row longer than the budget cannot occur: descriptions are at most 100 characters.
    if (size + row.length + 1 > budget && chunk.length > 0) flush();
    chunk.push(row);
    size += row.length + 1;
  }
  if (chunk.length > 0) flush();
  return sections;
}

/**
 * The rules as section blocks, inbound then outbound, each a fixed-width table in a code block
 * split so no section passes Slack's 3000-character limit.
 */
export function buildRulesSections(rules: Rule[], maxChars: number = SlackLimits.sectionText): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  for (const direction of ['inbound', 'outbound'] as const) {
    const ofDirection = rules.filter((r) => r.direction === direction);
    const title = `*${direction === 'inbound' ? 'Inbound' : 'Outbound'} rules* (${ofDirection.length})`;
    if (ofDirection.length === 0) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${title}\nNone.` } });
      continue;
    }
    blocks.push(...packIntoSections(title, tableLines(ofDirection, direction), maxChars));
  }
  return blocks;
}
