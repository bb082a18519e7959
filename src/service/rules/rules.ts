/**
 * Turns a rule as a person writes it (strings from a form or templates.yml) into a domain Rule,
 * rejecting what Tencent Cloud would reject, with a message per field that says how to fix it.
 *
 * One decision applies everywhere: a bare address means a single host (/32 or /128), and a CIDR
 * with host bits set is rejected rather than silently widened or narrowed.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { RuleInput } from '../api.js';
import type { FieldIssue } from '../errors.js';
import { SECURITY_GROUP_ID } from '../ids.js';
import { ACTIONS, DIRECTIONS, type Direction, type Peer, PROTOCOLS, type Protocol, type Rule } from '../types.js';
import {
  characterCount,
  deceptiveCharacterProblem,
  hasControlCharacters,
  quoteInput,
  toFieldIssues,
  type Validation,
} from '../validation.js';

export const RULE_DESCRIPTION_MAX = 100;
const PORT_MIN = 1;
const PORT_MAX = 65535;

const PORT_HELP = 'Use ALL, one port (22), a list (80,443) or one range (8000-8010), with ports from 1 to 65535.';
const PEER_HELP =
  'Use an IPv4 CIDR (10.0.0.0/8), an IPv6 CIDR (2001:db8::/32), a single address, or a security group id (sg-1a2b3c4d).';

/** Protocols that take a port; the others always have port ALL. */
const PORTED_PROTOCOLS: ReadonlySet<Protocol> = new Set<Protocol>(['TCP', 'UDP']);

function caseInsensitiveChoice<T extends string>(choices: readonly T[], what: string) {
  const byLower = new Map(choices.map((c) => [c.toLowerCase(), c]));
  return z.string({ error: `Choose a ${what}: ${choices.join(', ')}.` }).transform((raw, ctx): T => {
    const found = byLower.get(raw.trim().toLowerCase());
    if (found === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${raw.trim() === '' ? `Choose a ${what}` : `${quoteInput(raw.trim())} is not a ${what}`}: use ${choices.join(', ')}.`,
      });
      return z.NEVER;
    }
    return found;
  });
}

/** One port number, rejecting what is not a whole number in 1-65535. */
function portNumber(text: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return PORT_HELP;
  const port = Number(text);
  if (port < PORT_MIN || port > PORT_MAX) return `Port ${port} is out of range: ports go from 1 to 65535.`;
  return port;
}

/**
 * Parses "ALL", "22", "80,443" or "8000-8010" into Tencent's canonical form (no spaces, no
 * leading zeros). Returns a message instead when the text is not one of those shapes.
 */
export function parsePort(raw: string): { port: string } | { message: string } {
  const text = raw.replace(/\s+/g, '');
  if (text.toUpperCase() === 'ALL') return { port: 'ALL' };
  if (text === '') return { message: `Enter a port. ${PORT_HELP}` };
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) {
    const from = portNumber(range[1] ?? '');
    const to = portNumber(range[2] ?? '');
    if (typeof from === 'string') return { message: from };
    if (typeof to === 'string') return { message: to };
    if (from > to) return { message: `The range ${from}-${to} starts after it ends; write it as ${to}-${from}.` };
    return { port: from === to ? String(from) : `${from}-${to}` };
  }
  const parts = text.split(',');
  const ports: number[] = [];
  for (const part of parts) {
    if (part.includes('-')) {
      return { message: `Give either a list (80,443) or one range (8000-8010), not both. ${PORT_HELP}` };
    }
    const port = portNumber(part);
    if (typeof port === 'string') return { message: port };
    if (ports.includes(port)) return { message: `Port ${port} is listed twice.` };
    ports.push(port);
  }
  return { port: ports.join(',') };
}

/**
 * Parses a peer: IPv4 or IPv6 CIDR (a bare address is one host), or a security group id.
 * CIDRs come back in canonical form so two spellings of one network compare equal.
 */
export function parsePeer(raw: string): { peer: Peer } | { message: string } {
  const text = raw.trim();
  if (text === '') return { message: `Enter a peer. ${PEER_HELP}` };
  if (/^sg-/i.test(text)) {
    const groupId = text.toLowerCase();
    if (!SECURITY_GROUP_ID.test(groupId)) {
      return {
        message: `${quoteInput(text)} is not a security group id: they look like sg-1a2b3c4d (sg- and 8 letters or digits).`,
      };
    }
    return { peer: { kind: 'security-group', groupId } };
  }
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  if (address.includes(':')) return parseIpv6(text, address, prefixText);
  return parseIpv4(text, address, prefixText);
}

function parsePrefix(prefixText: string | undefined, max: number, family: string): number | { message: string } {
  if (prefixText === undefined) return max;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    return { message: `/${prefixText} is not an ${family} prefix length: use /0 to /${max}.` };
  }
  return Number(prefixText);
}

function parseIpv4(text: string, address: string, prefixText: string | undefined) {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
    return { message: `${quoteInput(text)} is not a valid address. ${PEER_HELP}` };
  }
  const prefix = parsePrefix(prefixText, 32, 'IPv4');
  if (typeof prefix !== 'number') return prefix;
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`).toString();
  const given = ipaddr.IPv4.parse(address).toString();
  if (network !== given) {
    return { message: `${text} has host bits set — did you mean ${network}/${prefix}?` };
  }
  // Tencent Cloud keeps any 0.0.0.0/n as 0.0.0.0/0 (SecurityGroupPolicy.CidrBlock, API model): a
  // rule is planned, judged for risk and shown as the internet-wide rule it will be.
  if (network === '0.0.0.0') return { peer: { kind: 'ipv4', cidr: '0.0.0.0/0' } satisfies Peer };
  return { peer: { kind: 'ipv4', cidr: `${network}/${prefix}` } satisfies Peer };
}

function parseIpv6(text: string, address: string, prefixText: string | undefined) {
  if (address.includes('%') || !ipaddr.IPv6.isValid(address)) {
    return { message: `${quoteInput(text)} is not a valid address. ${PEER_HELP}` };
  }
  const prefix = parsePrefix(prefixText, 128, 'IPv6');
  if (typeof prefix !== 'number') return prefix;
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`).toRFC5952String();
  const given = ipaddr.IPv6.parse(address).toRFC5952String();
  if (network !== given) {
    return { message: `${text} has host bits set — did you mean ${network}/${prefix}?` };
  }
  return { peer: { kind: 'ipv6', cidr: `${network}/${prefix}` } satisfies Peer };
}

const portField = z.string({ error: PORT_HELP });

const peerField = z.string({ error: PEER_HELP }).transform((raw, ctx): Peer => {
  const parsed = parsePeer(raw);
  if ('message' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.peer;
});

const descriptionField = z
  .string({ error: `A description of at most ${RULE_DESCRIPTION_MAX} characters.` })
  .transform((raw, ctx) => {
    const deceptive = deceptiveCharacterProblem(raw, 'the description');
    if (deceptive) {
      ctx.addIssue({ code: 'custom', message: deceptive });
      return z.NEVER;
    }
    const text = raw.trim();
    if (characterCount(text) > RULE_DESCRIPTION_MAX) {
      ctx.addIssue({
        code: 'custom',
        message: `Keep the description to ${RULE_DESCRIPTION_MAX} characters (it has ${characterCount(text)}).`,
      });
      return z.NEVER;
    }
    if (hasControlCharacters(text)) {
      ctx.addIssue({ code: 'custom', message: 'Write the description on one line, without control characters.' });
      return z.NEVER;
    }
    return text;
  });

const peerWord = (direction: Direction) => (direction === 'inbound' ? 'source' : 'destination');

/** A rule from strings; cross-field checks run once every field has parsed. */
export const ruleInputSchema = z
  .object({
    direction: caseInsensitiveChoice(DIRECTIONS, 'direction'),
    protocol: caseInsensitiveChoice(PROTOCOLS, 'protocol'),
    port: portField,
    peer: peerField,
    action: caseInsensitiveChoice(ACTIONS, 'action'),
    description: descriptionField,
  })
  .transform((fields, ctx): Rule => {
    const { direction, protocol, peer, action, description } = fields;
    let port: string;
    if (PORTED_PROTOCOLS.has(protocol)) {
      const parsed = parsePort(fields.port);
      if ('message' in parsed) {
        ctx.addIssue({ code: 'custom', path: ['port'], message: parsed.message });
        return z.NEVER;
      }
      port = parsed.port;
    } else {
      // ICMP, ICMPv6 and ALL take no port: blank or ALL both mean "no port".
      const text = fields.port.trim();
      if (text !== '' && text.toUpperCase() !== 'ALL') {
        ctx.addIssue({
          code: 'custom',
          path: ['port'],
          message: `${protocol === 'ALL' ? 'Protocol ALL covers every port' : `${protocol} has no ports`}; use port ALL, or choose TCP or UDP for specific ports.`,
        });
        return z.NEVER;
      }
      port = 'ALL';
    }
    if (protocol === 'ICMP' && peer.kind === 'ipv6') {
      ctx.addIssue({
        code: 'custom',
        path: ['peer'],
        message: `ICMP needs an IPv4 ${peerWord(direction)}; use ICMPv6 for an IPv6 ${peerWord(direction)}.`,
      });
      return z.NEVER;
    }
    if (protocol === 'ICMPv6' && peer.kind === 'ipv4') {
      ctx.addIssue({
        code: 'custom',
        path: ['peer'],
        message: `ICMPv6 needs an IPv6 ${peerWord(direction)}; use ICMP for an IPv4 ${peerWord(direction)}.`,
      });
      return z.NEVER;
    }
    return { direction, protocol, port, peer, action, description };
  });

/** Parses one rule; field names in issues are prefixed, e.g. "rules.2.port". */
export function parseRule(input: RuleInput, fieldPrefix = ''): Validation<Rule> {
  const parsed = ruleInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: toFieldIssues(parsed.error, fieldPrefix) };
}

/** Parses every rule, collecting the issues of all of them. */
export function parseRules(inputs: readonly RuleInput[], fieldPrefix = 'rules'): Validation<Rule[]> {
  const rules: Rule[] = [];
  const issues: FieldIssue[] = [];
  inputs.forEach((input, index) => {
    const result = parseRule(input, `${fieldPrefix}.${index}`);
    if (result.ok) rules.push(result.value);
    else issues.push(...result.issues);
  });
  return issues.length === 0 ? { ok: true, value: rules } : { ok: false, issues };
}

/** The peer as Tencent and people write it: the CIDR or the group id. */
export function peerText(peer: Peer): string {
  return peer.kind === 'security-group' ? peer.groupId : peer.cidr;
}

/**
 * The same rule: same traffic, action, peer and description. What "already in the group" means,
 * both for a retried add-rules request and for the provider before it adds.
 */
export function sameRule(a: Rule, b: Rule): boolean {
  return (
    a.direction === b.direction &&
    a.protocol === b.protocol &&
    a.port === b.port &&
    a.action === b.action &&
    a.description === b.description &&
    a.peer.kind === b.peer.kind &&
    peerText(a.peer) === peerText(b.peer)
  );
}

/**
 * What Tencent Cloud calls a duplicate policy (UnsupportedOperation.DuplicatePolicy): the same
 * direction, traffic, peer and action, whatever the description.
 */
export function sameTraffic(a: Rule, b: Rule): boolean {
  return sameRule(a, { ...b, description: a.description });
}
