import { describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../src/service/api.js';
import { assessRisk } from '../../../src/service/policy/risk-checks.js';
import { parsePeer, parsePort, parseRule, parseRules, sameRule } from '../../../src/service/rules/rules.js';

const base: RuleInput = {
  direction: 'inbound',
  protocol: 'TCP',
  port: '443',
  peer: '10.0.0.0/8',
  action: 'ACCEPT',
  description: 'HTTPS from the office',
};

const rule = (overrides: Partial<RuleInput>): RuleInput => ({ ...base, ...overrides });

function issuesOf(input: RuleInput) {
  const result = parseRule(input);
  return result.ok ? [] : result.issues;
}

describe('parseRule: accepted rules come back in canonical form', () => {
  it.each([
    ['a TCP port', rule({}), { protocol: 'TCP', port: '443', peer: { kind: 'ipv4', cidr: '10.0.0.0/8' } }],
    ['lower-case protocol and action', rule({ protocol: 'tcp', action: 'drop' }), { protocol: 'TCP', action: 'DROP' }],
    ['mixed-case direction', rule({ direction: 'Outbound' }), { direction: 'outbound' }],
    ['ICMPv6 spelled icmpv6', rule({ protocol: 'icmpv6', port: 'ALL', peer: '::/0' }), { protocol: 'ICMPv6' }],
    ['a port list with spaces', rule({ port: '80, 443' }), { port: '80,443' }],
    ['a range', rule({ port: '8000-8010' }), { port: '8000-8010' }],
    ['a range of one port', rule({ port: '22-22' }), { port: '22' }],
    ['ports with leading zeros', rule({ port: '0080' }), { port: '80' }],
    ['the lowest and highest ports', rule({ port: '1,65535' }), { port: '1,65535' }],
    ['port all in lower case', rule({ port: 'all' }), { port: 'ALL' }],
    ['UDP with a port', rule({ protocol: 'UDP', port: '53' }), { protocol: 'UDP', port: '53' }],
    ['ICMP with port ALL', rule({ protocol: 'ICMP', port: 'ALL' }), { protocol: 'ICMP', port: 'ALL' }],
    ['ICMP with a blank port', rule({ protocol: 'ICMP', port: '' }), { port: 'ALL' }],
    ['protocol ALL', rule({ protocol: 'ALL', port: 'ALL' }), { protocol: 'ALL', port: 'ALL' }],
    ['a bare IPv4 address as /32', rule({ peer: '203.0.113.7' }), { peer: { kind: 'ipv4', cidr: '203.0.113.7/32' } }],
    ['a bare IPv6 address as /128', rule({ peer: '2001:DB8::1' }), { peer: { kind: 'ipv6', cidr: '2001:db8::1/128' } }],
    [
      'an IPv6 CIDR, canonical',
      rule({ peer: '2001:0db8:0000::/32' }),
      { peer: { kind: 'ipv6', cidr: '2001:db8::/32' } },
    ],
    ['the IPv4 internet', rule({ peer: '0.0.0.0/0' }), { peer: { kind: 'ipv4', cidr: '0.0.0.0/0' } }],
    ['a security group', rule({ peer: 'sg-1a2b3c4d' }), { peer: { kind: 'security-group', groupId: 'sg-1a2b3c4d' } }],
    [
      'a security group in caps',
      rule({ peer: 'SG-1A2B3C4D' }),
      { peer: { kind: 'security-group', groupId: 'sg-1a2b3c4d' } },
    ],
    ['ICMP from a security group', rule({ protocol: 'ICMP', port: 'ALL', peer: 'sg-1a2b3c4d' }), { protocol: 'ICMP' }],
    ['a blank description', rule({ description: '' }), { description: '' }],
    ['a 100-character description', rule({ description: 'd'.repeat(100) }), { description: 'd'.repeat(100) }],
    ['a trimmed description', rule({ description: '  web  ' }), { description: 'web' }],
  ])('accepts %s', (_name, input, expected) => {
    const result = parseRule(input);
    expect(result).toMatchObject({ ok: true, value: expected });
  });
});

describe('parseRule: refused rules name the field and say how to fix it', () => {
  it.each([
    ['an unknown direction', rule({ direction: 'sideways' }), 'direction', /use inbound, outbound/],
    ['a blank direction', rule({ direction: '' }), 'direction', /Choose a direction/],
    ['an unknown protocol', rule({ protocol: 'SCTP' }), 'protocol', /use TCP, UDP, ICMP, ICMPv6, ALL/],
    ['an unknown action', rule({ action: 'ALLOW' }), 'action', /use ACCEPT, DROP/],
    ['a blank TCP port', rule({ port: '' }), 'port', /Enter a port/],
    ['a word for a port', rule({ port: 'http' }), 'port', /Use ALL, one port/],
    ['port 0', rule({ port: '0' }), 'port', /Port 0 is out of range/],
    ['port 65536', rule({ port: '65536' }), 'port', /Port 65536 is out of range/],
    ['a huge port', rule({ port: '123456' }), 'port', /Use ALL, one port/],
    ['a reversed range', rule({ port: '9000-8000' }), 'port', /starts after it ends; write it as 8000-9000/],
    ['a range past 65535', rule({ port: '60000-70000' }), 'port', /Port 70000 is out of range/],
    ['a list with a range', rule({ port: '80,8000-8010' }), 'port', /either a list .* or one range/],
    ['a repeated port', rule({ port: '80,443,80' }), 'port', /Port 80 is listed twice/],
    ['an empty list item', rule({ port: '80,,443' }), 'port', /Use ALL, one port/],
    ['a negative port', rule({ port: '-1' }), 'port', /Use ALL, one port/],
    ['a port on ICMP', rule({ protocol: 'ICMP', port: '22' }), 'port', /ICMP has no ports/],
    ['a port on ICMPv6', rule({ protocol: 'ICMPv6', port: '8', peer: '::/0' }), 'port', /ICMPv6 has no ports/],
    ['a port on ALL', rule({ protocol: 'ALL', port: '22' }), 'port', /Protocol ALL covers every port/],
    ['ICMP from IPv6', rule({ protocol: 'ICMP', port: 'ALL', peer: '::/0' }), 'peer', /ICMP needs an IPv4 source/],
    [
      'ICMP to IPv6',
      rule({ direction: 'outbound', protocol: 'ICMP', port: 'ALL', peer: '::/0' }),
      'peer',
      /ICMP needs an IPv4 destination/,
    ],
    ['ICMPv6 from IPv4', rule({ protocol: 'ICMPv6', port: 'ALL', peer: '0.0.0.0/0' }), 'peer', /ICMPv6 needs an IPv6/],
    ['a blank peer', rule({ peer: ' ' }), 'peer', /Enter a peer/],
    [
      'IPv4 host bits',
      rule({ peer: '10.0.0.1/8' }),
      'peer',
      /^10\.0\.0\.1\/8 has host bits set — did you mean 10\.0\.0\.0\/8\?$/,
    ],
    ['IPv6 host bits', rule({ peer: '2001:db8::1/32' }), 'peer', /did you mean 2001:db8::\/32\?/],
    [
      'an IPv4 prefix of 33',
      rule({ peer: '10.0.0.0/33' }),
      'peer',
      /\/33 is not an IPv4 prefix length: use \/0 to \/32/,
    ],
    ['an IPv6 prefix of 129', rule({ peer: '::/129' }), 'peer', /not an IPv6 prefix length/],
    ['a prefix that is not a number', rule({ peer: '10.0.0.0/x' }), 'peer', /not an IPv4 prefix length/],
    ['an octet above 255', rule({ peer: '10.0.0.256' }), 'peer', /is not a valid address/],
    ['three octets', rule({ peer: '10.0.0/24' }), 'peer', /is not a valid address/],
    ['an octal-looking octet', rule({ peer: '010.0.0.0/8' }), 'peer', /is not a valid address/],
    ['a host name', rule({ peer: 'office.example.com' }), 'peer', /is not a valid address/],
    ['an IPv6 zone id', rule({ peer: 'fe80::1%eth0' }), 'peer', /is not a valid address/],
    ['a malformed IPv6', rule({ peer: '2001:db8:::1/64' }), 'peer', /is not a valid address/],
    [
      'a short security group id',
      rule({ peer: 'sg-123' }),
      'peer',
      /not a security group id: they look like sg-1a2b3c4d/,
    ],
    ['a security group id with symbols', rule({ peer: 'sg-1a2b_c4d' }), 'peer', /not a security group id/],
    [
      'a 101-character description',
      rule({ description: 'd'.repeat(101) }),
      'description',
      /100 characters \(it has 101\)/,
    ],
    ['a description on two lines', rule({ description: 'a\nb' }), 'description', /one line/],
  ])('refuses %s', (_name, input, field, message) => {
    const issues = issuesOf(input);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe(field);
    expect(issues[0]?.message).toMatch(message);
  });

  it('counts characters, not UTF-16 units, in descriptions', () => {
    expect(parseRule(rule({ description: '🔒'.repeat(100) })).ok).toBe(true);
    expect(parseRule(rule({ description: '🔒'.repeat(101) })).ok).toBe(false);
  });

  it('reports every broken field of a rule at once', () => {
    const issues = issuesOf({ direction: 'up', protocol: 'x', port: '1', peer: 'nope', action: 'y', description: '' });
    expect(issues.map((i) => i.field).sort()).toEqual(['action', 'direction', 'peer', 'protocol']);
  });

  it('treats a missing field as a field issue, not a crash', () => {
    const issues = issuesOf({ ...base, peer: undefined } as unknown as RuleInput);
    expect(issues).toEqual([{ field: 'peer', message: expect.stringMatching(/IPv4 CIDR/) }]);
  });

  it('quotes at most 40 characters of what was typed', () => {
    const [issue] = issuesOf(rule({ peer: `x${'y'.repeat(500)}` }));
    expect(issue?.message.length).toBeLessThan(200);
    expect(issue?.message).toContain('…');
  });
});

describe('parseRules', () => {
  it('prefixes each issue with the rule index', () => {
    const result = parseRules([rule({}), rule({ port: '70000' }), rule({ peer: '1.2.3.4/8' })]);
    expect(result).toEqual({
      ok: false,
      issues: [
        { field: 'rules.1.port', message: expect.stringContaining('70000') },
        { field: 'rules.2.peer', message: '1.2.3.4/8 has host bits set — did you mean 1.0.0.0/8?' },
      ],
    });
  });

  it('returns all rules in order when every rule is valid', () => {
    const result = parseRules([rule({ port: '22' }), rule({ port: '80' })]);
    expect(result.ok && result.value.map((r) => r.port)).toEqual(['22', '80']);
  });
});

describe('parsePort and parsePeer', () => {
  it.each([
    ['ALL', 'ALL'],
    ['22', '22'],
    ['22 , 80', '22,80'],
    ['1-65535', '1-65535'],
  ])('port %s → %s', (input, port) => {
    expect(parsePort(input)).toEqual({ port });
  });

  it('peers in two spellings compare equal once parsed', () => {
    const a = parseRule(rule({ peer: '2001:db8:0:0::/64' }));
    const b = parseRule(rule({ peer: '2001:DB8::/64' }));
    expect(a.ok && b.ok && sameRule(a.value, b.value)).toBe(true);
  });

  it('a peer differing only in prefix is another rule', () => {
    const a = parseRule(rule({ peer: '10.0.0.0/8' }));
    const b = parseRule(rule({ peer: '10.0.0.0/16' }));
    expect(a.ok && b.ok && sameRule(a.value, b.value)).toBe(false);
  });

  // SecurityGroupPolicy.CidrBlock: "特殊说明：0.0.0.0/n 都会映射为0.0.0.0/0" (tencentcloud-sdk-nodejs
  // vpc_models.d.ts): SSH "from 0.0.0.0/1" would be SSH from the whole internet.
  it.each(['0.0.0.0/1', '0.0.0.0/8', '0.0.0.0/32', '0.0.0.0'])(
    '%s is planned as 0.0.0.0/0, as Tencent Cloud keeps it',
    (peer) => {
      expect(parsePeer(peer)).toEqual({ peer: { kind: 'ipv4', cidr: '0.0.0.0/0' } });
      const ssh = parseRule(rule({ peer, port: '22' }));
      expect(ssh.ok && assessRisk([ssh.value]).map((r) => r.message)).toEqual([expect.stringMatching(/internet/)]);
    },
  );

  it('an IPv4-mapped IPv6 address stays an IPv6 peer', () => {
    expect(parsePeer('::ffff:192.0.2.1')).toMatchObject({ peer: { kind: 'ipv6' } });
  });
});
