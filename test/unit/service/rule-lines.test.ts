import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../src/service/api.js';
import { formatRuleLines, parseRuleLines } from '../../../src/service/rules/rule-lines.js';
import { parseRule } from '../../../src/service/rules/rules.js';
import type { Rule } from '../../../src/service/types.js';
import { buildRulesSections } from '../../../src/slack/blocks/rules-table.js';

function rulesOf(text: string, direction: 'inbound' | 'outbound' = 'inbound'): Rule[] {
  const result = parseRuleLines(text, direction);
  if ('errors' in result) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.rules;
}

function errorsOf(text: string, direction: 'inbound' | 'outbound' = 'inbound') {
  const result = parseRuleLines(text, direction);
  return 'errors' in result ? result.errors : [];
}

describe('parseRuleLines: one rule per line', () => {
  it('reads the documented examples', () => {
    const text = [
      '0.0.0.0/0 TCP:22 Allow Linux SSH login',
      '10.0.0.0/8 TCP:80,443 Allow',
      'sg-1a2b3c4d ALL Allow',
      '::/0 ICMPv6 Reject',
      '192.168.0.0/16 UDP:8000-9000 Allow game',
    ].join('\n');
    expect(rulesOf(text)).toEqual([
      {
        direction: 'inbound',
        protocol: 'TCP',
        port: '22',
        peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
        action: 'ACCEPT',
        description: 'Linux SSH login',
      },
      {
        direction: 'inbound',
        protocol: 'TCP',
        port: '80,443',
        peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
        action: 'ACCEPT',
        description: '',
      },
      {
        direction: 'inbound',
        protocol: 'ALL',
        port: 'ALL',
        peer: { kind: 'security-group', groupId: 'sg-1a2b3c4d' },
        action: 'ACCEPT',
        description: '',
      },
      {
        direction: 'inbound',
        protocol: 'ICMPv6',
        port: 'ALL',
        peer: { kind: 'ipv6', cidr: '::/0' },
        action: 'DROP',
        description: '',
      },
      {
        direction: 'inbound',
        protocol: 'UDP',
        port: '8000-9000',
        peer: { kind: 'ipv4', cidr: '192.168.0.0/16' },
        action: 'ACCEPT',
        description: 'game',
      },
    ]);
  });

  it('gives every rule the direction of its box', () => {
    expect(rulesOf('10.0.0.0/8 TCP:443 Allow', 'outbound')[0]?.direction).toBe('outbound');
  });

  it('reads protocol and policy in any case, ACCEPT and DROP too', () => {
    const rules = rulesOf(
      '10.0.0.0/8 tcp:22 allow\n10.0.0.0/8 Udp:53 ACCEPT\n10.0.0.0/8 icmp DROP\n10.0.0.0/8 all reject',
    );
    expect(rules.map((r) => `${r.protocol}:${r.port}:${r.action}`)).toEqual([
      'TCP:22:ACCEPT',
      'UDP:53:ACCEPT',
      'ICMP:ALL:DROP',
      'ALL:ALL:DROP',
    ]);
  });

  it('skips blank lines and # comments', () => {
    expect(rulesOf('# office\n\n   \n10.0.0.0/8 TCP:22 Allow\n  # more later\n')).toHaveLength(1);
    expect(rulesOf('')).toEqual([]);
  });

  it('reads a line copied from a card, bullet, backticks, dots and all', () => {
    const rule: Rule = {
      direction: 'inbound',
      protocol: 'TCP',
      port: '22',
      peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
      action: 'ACCEPT',
      description: 'Linux SSH login',
    };
    const card = buildRulesSections([rule, { ...rule, description: '' }])[0]?.text?.text ?? '';
    const lines = card.split('\n').filter((l) => l.startsWith('•'));
    expect(lines).toEqual(['• `0.0.0.0/0` · TCP:22 · Allow · `Linux SSH login`', '• `0.0.0.0/0` · TCP:22 · Allow · -']);
    expect(rulesOf(lines.join('\n'))).toEqual([rule, { ...rule, description: '' }]);
    expect(rulesOf('- 10.0.0.0/8 · TCP:443 · Allow · web\n* 10.0.0.0/8 TCP:80 Allow')).toHaveLength(2);
  });

  it('keeps notes with spaces and dots as typed', () => {
    expect(rulesOf('10.0.0.0/8 TCP:22 Allow  SSH · from the office ')[0]?.description).toBe('SSH · from the office');
  });
});

describe('parseRuleLines: errors name the line and say what to do', () => {
  it.each([
    ['10.0.0.0/8 TCP:70000 Allow', 'Line 1: port 70000 is out of range: ports go from 1 to 65535.'],
    ['10.0.0.0/8 TCP Allow', 'Line 1: TCP needs a port: write TCP:22, TCP:80,443, TCP:8000-9000 or TCP:ALL.'],
    ['10.0.0.0/8 ICMP:22 Allow', 'Line 1: ICMP has no ports; use port ALL, or choose TCP or UDP for specific ports.'],
    ['::/0 ICMP Allow', 'Line 1: ICMP needs an IPv4 source; use ICMPv6 for an IPv6 source.'],
    ['10.0.0.1/8 TCP:22 Allow', 'Line 1: 10.0.0.1/8 has host bits set — did you mean 10.0.0.0/8?'],
    ['10.0.0.0/8 SCTP:22 Allow', 'Line 1: "SCTP" is not a protocol: use TCP, UDP, ICMP, ICMPv6, ALL.'],
    [
      '10.0.0.0/8 TCP:22 Permit',
      'Line 1: "Permit" is not a policy: use Allow or Reject (after the protocol and port).',
    ],
    [
      '10.0.0.0/8',
      'Line 1: after the source, give the protocol (TCP:22) and the policy (Allow or Reject), for example 0.0.0.0/0 TCP:22 Allow SSH.',
    ],
    [
      '10.0.0.0/8 TCP:22',
      'Line 1: give the policy (Allow or Reject) after the protocol, for example 0.0.0.0/0 TCP:22 Allow SSH.',
    ],
    [`10.0.0.0/8 TCP:22 Allow ${'x'.repeat(101)}`, 'Line 1: keep the description to 100 characters (it has 101).'],
  ])('%s', (line, message) => {
    expect(errorsOf(line)).toEqual([{ line: 1, message }]);
  });

  it('says destination for outbound rules', () => {
    expect(errorsOf('10.0.0.0/8', 'outbound')[0]?.message).toContain('after the destination');
  });

  it('counts lines from 1, blank and comment lines included, and reports every bad line', () => {
    const text = '# header\n10.0.0.0/8 TCP:22 Allow\n\n10.0.0.0/8 TCP:0 Allow\nsg-bad ALL Allow';
    expect(errorsOf(text).map((e) => e.line)).toEqual([4, 5]);
    expect(errorsOf(text)[1]?.message).toMatch(/^Line 5: "sg-bad" is not a security group id/);
  });
});

const peers = ['0.0.0.0/0', '10.0.0.0/8', '203.0.113.7', '::/0', '2001:db8::/32', 'sg-1a2b3c4d', 'sg-ABCDEF12'];
const ruleInput: fc.Arbitrary<RuleInput> = fc.record({
  direction: fc.constantFrom('inbound', 'outbound'),
  protocol: fc.constantFrom('TCP', 'UDP', 'ICMP', 'ICMPv6', 'ALL'),
  port: fc.oneof(
    fc.constant('ALL'),
    fc.integer({ min: 1, max: 65535 }).map(String),
    fc.constant('80,443'),
    fc.constant('8000-9000'),
  ),
  peer: fc.constantFrom(...peers),
  action: fc.constantFrom('ACCEPT', 'DROP'),
  description: fc.oneof(
    fc.string({ maxLength: 100 }),
    fc.constantFrom('', '-', '`-`', '· x', '`code`', '#1', 'a · b', '`', '``'),
  ),
});

describe('formatRuleLines', () => {
  it('writes the syntax people type', () => {
    expect(formatRuleLines(rulesOf('0.0.0.0/0 TCP:22 Allow Linux SSH login\n::/0 icmpv6 drop'))).toBe(
      '0.0.0.0/0 TCP:22 Allow Linux SSH login\n::/0 ICMPv6 Reject',
    );
  });

  it('round-trips through parseRuleLines for any valid rules of a direction', () => {
    fc.assert(
      fc.property(
        fc.array(ruleInput, { maxLength: 20 }),
        fc.constantFrom('inbound', 'outbound'),
        (inputs, direction) => {
          const rules = inputs.flatMap((input) => {
            const parsed = parseRule({ ...input, direction });
            return parsed.ok ? [parsed.value] : [];
          });
          expect(parseRuleLines(formatRuleLines(rules), direction)).toEqual({ rules });
        },
      ),
      { numRuns: 500 },
    );
  });
});
