/**
 * Rules written one per line, as a person types them into one text box per direction:
 *
 *   <source or destination> <protocol[:port]> <Allow|Reject> [notes…]
 *   0.0.0.0/0 TCP:22 Allow Linux SSH login
 *   10.0.0.0/8 TCP:80,443 Allow
 *   sg-1a2b3c4d ALL Allow
 *
 * Fields are separated by spaces or " · ", so a line copied from a card's rule table
 * (• `0.0.0.0/0` · TCP:22 · Allow · `notes`) reads back as the same rule. Each line is checked by
 * parseRule, the check every rule goes through; this file only splits lines into fields.
 */
import type { RuleInput } from '../api.js';
import type { Direction, Rule, RuleAction } from '../types.js';
import { parseRule, peerText } from './rules.js';

export interface RuleLineError {
  /** 1-based, counting every line of the text (blank and comment lines too). */
  line: number;
  /** A whole sentence naming the line: "Line 3: Port 70000 is out of range: …". */
  message: string;
}

export type RuleLinesResult = { rules: Rule[] } | { errors: RuleLineError[] };

export const RULE_LINE_SYNTAX = '<source> <protocol[:port]> <Allow|Reject> [notes]';

const POLICIES: ReadonlyMap<string, RuleAction> = new Map([
  ['allow', 'ACCEPT'],
  ['accept', 'ACCEPT'],
  ['reject', 'DROP'],
  ['drop', 'DROP'],
]);

const PORTED = new Set(['tcp', 'udp']);

/** A list bullet of a copied line: •, - or *. No source starts with one of these. */
const BULLET = /^[•*-]\s*/;
const FIELD = /^[^\s·]+/;
const SEPARATOR = /^(?:\s*·\s*|\s+)/;

function peerWord(direction: Direction): string {
  return direction === 'inbound' ? 'source' : 'destination';
}

/** The line's first three fields and the rest (the notes), or as many fields as it has. */
function splitFields(line: string): { fields: string[]; notes: string } {
  let rest = line.replace(BULLET, '');
  const fields: string[] = [];
  while (fields.length < 3) {
    const field = FIELD.exec(rest)?.[0];
    if (field === undefined) break;
    fields.push(field.replaceAll('`', ''));
    rest = rest.slice(field.length);
    const separator = SEPARATOR.exec(rest)?.[0];
    if (separator === undefined) break;
    rest = rest.slice(separator.length);
  }
  return { fields, notes: rest.trim() };
}

/** Notes as written: "-" or nothing means none; one pair of backticks around them (a card's code span) is dropped. */
function readNotes(notes: string): string {
  if (notes === '-') return '';
  if (notes.length >= 2 && notes.startsWith('`') && notes.endsWith('`')) return notes.slice(1, -1);
  return notes;
}

function missingFieldMessage(count: number, direction: Direction): string {
  const example = 'for example 0.0.0.0/0 TCP:22 Allow SSH';
  if (count === 1)
    return `after the ${peerWord(direction)}, give the protocol (TCP:22) and the policy (Allow or Reject), ${example}.`;
  return `give the policy (Allow or Reject) after the protocol, ${example}.`;
}

type LineResult = { rule: Rule } | { messages: string[] };

function parseLine(line: string, direction: Direction): LineResult {
  const { fields, notes } = splitFields(line);
  const [peer = '', protocolPort = '', policy = ''] = fields;
  if (fields.length < 3) return { messages: [missingFieldMessage(fields.length, direction)] };
  const colon = protocolPort.indexOf(':');
  const protocol = colon === -1 ? protocolPort : protocolPort.slice(0, colon);
  const port = colon === -1 ? '' : protocolPort.slice(colon + 1);
  if (colon === -1 && PORTED.has(protocol.toLowerCase())) {
    const p = protocol.toUpperCase();
    return { messages: [`${p} needs a port: write ${p}:22, ${p}:80,443, ${p}:8000-9000 or ${p}:ALL.`] };
  }
  const action = POLICIES.get(policy.toLowerCase());
  if (action === undefined) {
    return { messages: [`"${policy}" is not a policy: use Allow or Reject (after the protocol and port).`] };
  }
  const input: RuleInput = { direction, protocol, port, peer, action, description: readNotes(notes) };
  const parsed = parseRule(input);
  if (parsed.ok) return { rule: parsed.value };
  return { messages: parsed.issues.map((issue) => issue.message) };
}

/** "Line 3: port 70000 is …": a sentence about a line reads on after its number; quoted input and names stay as typed. */
export function lineMessage(line: number, message: string): string {
  const reads = /^[A-Z][a-z]/.test(message) ? `${message[0]?.toLowerCase()}${message.slice(1)}` : message;
  return `Line ${line}: ${reads}`;
}

/**
 * Parses one direction's rules, one per line. Blank lines and lines starting with # are skipped.
 * Either every line is a rule, or the errors of every line that is not.
 */
export function parseRuleLines(text: string, direction: Direction): RuleLinesResult {
  const rules: Rule[] = [];
  const errors: RuleLineError[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const result = parseLine(line, direction);
    if ('rule' in result) rules.push(result.rule);
    else {
      for (const message of result.messages) {
        errors.push({ line: index + 1, message: lineMessage(index + 1, message) });
      }
    }
  });
  return errors.length > 0 ? { errors } : { rules };
}

function protocolPortText(rule: Rule): string {
  return rule.protocol === 'TCP' || rule.protocol === 'UDP' ? `${rule.protocol}:${rule.port}` : rule.protocol;
}

/** Notes that would read back as something else ("-", "· x", a code span) go in backticks. */
function notesText(description: string): string {
  if (description === '') return '';
  const ambiguous = description === '-' || description.startsWith('·') || description.startsWith('`');
  return ambiguous ? ` \`${description}\`` : ` ${description}`;
}

/** The rules one per line, in the syntax parseRuleLines reads (it gives the same rules back). */
export function formatRuleLines(rules: readonly Rule[]): string {
  return rules
    .map(
      (rule) =>
        `${peerText(rule.peer)} ${protocolPortText(rule)} ${rule.action === 'ACCEPT' ? 'Allow' : 'Reject'}${notesText(rule.description)}`,
    )
    .join('\n');
}
