/**
 * Rules as the Tencent Cloud console lists them — Source (or Destination), Protocol:Port, Policy,
 * Notes — one line per rule, so they wrap to any width (a thread pane, a phone). Policies read
 * Allow and Reject, as in the console and the forms; ACCEPT and DROP stay in the API.
 */
import type { types } from '@slack/bolt';
import { peerText } from '../../service/rules/rules.js';
import type { Direction, Rule, RuleAction } from '../../service/types.js';
import { SlackLimits } from './limits.js';
import { packLines } from './message.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { inlineUserText } from './user-text.js';

export function policyWord(action: RuleAction): 'Allow' | 'Reject' {
  return action === 'ACCEPT' ? 'Allow' : 'Reject';
}

/** "TCP:22", "UDP:8000-9000", "ICMP" or "ALL", as the console's Protocol port column reads. */
export function protocolPort(rule: Rule): string {
  if (rule.protocol === 'ALL') return 'ALL';
  if (rule.protocol !== 'TCP' && rule.protocol !== 'UDP') return rule.protocol;
  return `${rule.protocol}:${rule.port}`;
}

export function directionTitle(direction: Direction): string {
  return direction === 'inbound' ? 'Inbound rules' : 'Outbound rules';
}

/** One rule on one line: `0.0.0.0/0` · TCP:22 · Allow · `Linux SSH login` (the notes, typed by people, inert). */
export function ruleLine(rule: Rule): string {
  const notes = rule.description.trim() === '' ? '-' : inlineUserText(rule.description);
  return `• ${code(peerText(rule.peer))} · ${escapeMrkdwn(protocolPort(rule))} · ${policyWord(rule.action)} · ${notes}`;
}

function columns(direction: Direction): string {
  return `_${direction === 'inbound' ? 'Source' : 'Destination'} · Protocol:Port · Policy · Notes_`;
}

/**
 * The rules as section blocks, inbound then outbound, each direction titled with its count and
 * split so no section passes Slack's 3000 characters.
 */
export function buildRulesSections(rules: Rule[], maxChars: number = SlackLimits.sectionText): types.SectionBlock[] {
  return (['inbound', 'outbound'] as const).flatMap((direction) => {
    const ofDirection = rules.filter((r) => r.direction === direction);
    const title = `*${directionTitle(direction)}* (${ofDirection.length})`;
    if (ofDirection.length === 0) return packLines(['None.'], { heading: title, maxChars });
    return packLines(ofDirection.map(ruleLine), {
      heading: `${title}\n${columns(direction)}`,
      continued: `*${directionTitle(direction)}* (continued)\n${columns(direction)}`,
      maxChars,
    });
  });
}
