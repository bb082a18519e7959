import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../src/service/api.js';
import { parseTemplates } from '../../../src/service/catalog/templates.js';
import { assessRisk } from '../../../src/service/policy/risk-checks.js';
import { parseRule } from '../../../src/service/rules/rules.js';
import type { Rule } from '../../../src/service/types.js';

function rule(overrides: Partial<RuleInput>): Rule {
  const result = parseRule({
    direction: 'inbound',
    protocol: 'TCP',
    port: '22',
    peer: '0.0.0.0/0',
    action: 'ACCEPT',
    description: '',
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  // The union is judged over any IPv4 blocks; parsing maps 0.0.0.0/n to the 0.0.0.0/0 Tencent
  // Cloud makes of it (rules.test.ts), so an IPv4 half starting at 0.0.0.0 is built here as a block.
  const peer = overrides.peer ?? '';
  if (/^0\.0\.0\.0\/([1-9]|[12]\d|3[0-2])$/.test(peer)) return { ...result.value, peer: { kind: 'ipv4', cidr: peer } };
  return result.value;
}

const messageFor = (r: Rule) => assessRisk([r])[0]?.message;

describe('assessRisk flags rules that open to the whole internet', () => {
  it.each([
    ['SSH from anywhere (IPv4)', rule({}), 'SSH (22) open to the internet'],
    ['SSH from anywhere (IPv6)', rule({ peer: '::/0' }), 'SSH (22) open to the internet'],
    ['RDP', rule({ port: '3389' }), 'RDP (3389) open to the internet'],
    ['MySQL', rule({ port: '3306' }), 'MySQL (3306) open to the internet'],
    ['PostgreSQL', rule({ port: '5432' }), 'PostgreSQL (5432) open to the internet'],
    ['Redis', rule({ port: '6379' }), 'Redis (6379) open to the internet'],
    ['MongoDB', rule({ port: '27017' }), 'MongoDB (27017) open to the internet'],
    ['Elasticsearch', rule({ port: '9200' }), 'Elasticsearch (9200) open to the internet'],
    ['SQL Server', rule({ port: '1433' }), 'SQL Server (1433) open to the internet'],
    ['memcached over UDP', rule({ protocol: 'UDP', port: '11211' }), 'memcached (11211) open to the internet'],
    ['Docker', rule({ port: '2375' }), 'Docker (2375) open to the internet'],
    ['Telnet', rule({ port: '23' }), 'Telnet (23) open to the internet'],
    ['FTP', rule({ port: '21' }), 'FTP (21) open to the internet'],
    ['SMB', rule({ port: '445' }), 'SMB (445) open to the internet'],
    ['a sensitive port inside a list', rule({ port: '80,443,22' }), 'SSH (22) open to the internet'],
    ['two sensitive ports in a list', rule({ port: '22,3389' }), 'SSH (22) and RDP (3389) open to the internet'],
    [
      'a sensitive port inside a range',
      rule({ port: '3000-3400' }),
      'MySQL (3306) and RDP (3389) open to the internet',
    ],
    [
      'a range holding many',
      rule({ port: '1-1000' }),
      'FTP (21), SSH (22), Telnet (23) and 5 more sensitive ports open to the internet',
    ],
    ['protocol ALL', rule({ protocol: 'ALL', port: 'ALL' }), 'All ports open to the internet'],
    ['every TCP port', rule({ port: 'ALL' }), 'All TCP ports open to the internet'],
    ['every UDP port', rule({ protocol: 'UDP', port: 'ALL' }), 'All UDP ports open to the internet'],
  ])('%s', (_name, r, message) => {
    expect(assessRisk([r])).toEqual([{ ruleIndex: 0, severity: 'warning', message }]);
  });
});

describe('assessRisk leaves alone what is not open to the internet', () => {
  it.each([
    ['HTTPS from anywhere', rule({ port: '443' })],
    ['a web list', rule({ port: '80,443' })],
    ['a range missing every sensitive port', rule({ port: '8000-8010' })],
    ['SSH from the office', rule({ peer: '203.0.113.0/24' })],
    ['SSH from a /1', rule({ peer: '128.0.0.0/1' })],
    ['SSH from a security group', rule({ peer: 'sg-1a2b3c4d' })],
    ['all ports from a private range', rule({ protocol: 'ALL', port: 'ALL', peer: '10.0.0.0/8' })],
    ['SSH dropped from anywhere', rule({ action: 'DROP' })],
    ['everything outbound', rule({ direction: 'outbound', protocol: 'ALL', port: 'ALL' })],
    ['ping from anywhere', rule({ protocol: 'ICMP', port: 'ALL' })],
    ['UDP on 22 (not SSH)', rule({ protocol: 'UDP', port: '22' })],
  ])('%s', (_name, r) => {
    expect(messageFor(r)).toBeUndefined();
  });
});

describe('assessRisk on a plan', () => {
  it('gives one finding per risky rule, pointing at the rule', () => {
    const findings = assessRisk([
      rule({ port: '443' }),
      rule({ port: '22' }),
      rule({ port: '80' }),
      rule({ port: '3389' }),
    ]);
    expect(findings.map((f) => f.ruleIndex)).toEqual([1, 3]);
  });

  it("flags the console's web template on SSH and RDP, and open-all on all ports", () => {
    const templates = parseTemplates(readFileSync('manifest/templates.yml', 'utf8'), 'manifest/templates.yml');
    const messages = (id: string) => assessRisk(templates.find((t) => t.id === id)?.rules ?? []).map((f) => f.message);
    expect(messages('web-basic')).toEqual([
      'RDP (3389) open to the internet',
      'RDP (3389) open to the internet',
      'SSH (22) open to the internet',
      'SSH (22) open to the internet',
    ]);
    expect(messages('open-all')).toEqual(['All ports open to the internet', 'All ports open to the internet']);
    expect(messages('custom')).toEqual([]);
  });
});

const SSH = 'SSH (22) open to the internet';
const TOGETHER = ", together with the group's current rules";
const findings = (rules: Rule[], existing?: Rule[]) =>
  assessRisk(rules, existing ? { existing } : {}).map((f) => [f.ruleIndex, f.message]);

describe('assessRisk judges the union of the sources, however a plan splits them', () => {
  it.each<[string, Rule[], [number, string][]]>([
    [
      'SSH from two IPv4 halves',
      [rule({ peer: '0.0.0.0/1' }), rule({ peer: '128.0.0.0/1' })],
      [
        [0, SSH],
        [1, SSH],
      ],
    ],
    [
      'SSH from two IPv6 halves',
      [rule({ peer: '::/1' }), rule({ peer: '8000::/1' })],
      [
        [0, SSH],
        [1, SSH],
      ],
    ],
    [
      'SSH from four quarters, in any order',
      ['192.0.0.0/2', '0.0.0.0/2', '128.0.0.0/2', '64.0.0.0/2'].map((peer) => rule({ peer })),
      [
        [0, SSH],
        [1, SSH],
        [2, SSH],
        [3, SSH],
      ],
    ],
    [
      'halves through port ranges that both hold 22',
      [rule({ port: '20-22', peer: '0.0.0.0/1' }), rule({ port: '22-30', peer: '128.0.0.0/1' })],
      [
        [0, SSH],
        [1, SSH],
      ],
    ],
    [
      'halves through a list and a single port',
      [rule({ port: '80,22', peer: '0.0.0.0/1' }), rule({ peer: '128.0.0.0/1' })],
      [
        [0, SSH],
        [1, SSH],
      ],
    ],
    [
      'protocol ALL in halves',
      [
        rule({ protocol: 'ALL', port: 'ALL', peer: '0.0.0.0/1' }),
        rule({ protocol: 'ALL', port: 'ALL', peer: '128.0.0.0/1' }),
      ],
      [
        [0, 'All ports open to the internet'],
        [1, 'All ports open to the internet'],
      ],
    ],
    [
      'protocol ALL for one half, SSH for the other',
      [rule({ protocol: 'ALL', port: 'ALL', peer: '0.0.0.0/1' }), rule({ peer: '128.0.0.0/1' })],
      [
        [0, SSH],
        [1, SSH],
      ],
    ],
    [
      'every TCP port from two IPv6 halves',
      [rule({ port: 'ALL', peer: '::/1' }), rule({ port: 'ALL', peer: '8000::/1' })],
      [
        [0, 'All TCP ports open to the internet'],
        [1, 'All TCP ports open to the internet'],
      ],
    ],
    [
      'every TCP port in two ranges',
      [rule({ port: '1-32767' }), rule({ port: '32768-65535' })],
      [
        [0, 'All TCP ports open to the internet'],
        [1, 'All TCP ports open to the internet'],
      ],
    ],
    [
      'TCP ports but one: the sensitive ones, not all',
      [rule({ port: '1-32766' }), rule({ port: '32768-65535' })],
      [[0, 'FTP (21), SSH (22), Telnet (23) and 23 more sensitive ports open to the internet']],
    ],
    [
      'the private ranges beside 0.0.0.0/0: only the rule that opens it',
      [rule({ protocol: 'ALL', port: 'ALL', peer: '10.0.0.0/8' }), rule({}), rule({ peer: '192.168.0.0/16' })],
      [[1, SSH]],
    ],
    ['a half inside 0.0.0.0/0: only the wider rule', [rule({ peer: '0.0.0.0/1' }), rule({})], [[1, SSH]]],
    [
      'SSH and RDP from halves',
      [rule({ port: '22,3389', peer: '0.0.0.0/1' }), rule({ port: '3389,22', peer: '128.0.0.0/1' })],
      [
        [0, 'SSH (22) and RDP (3389) open to the internet'],
        [1, 'SSH (22) and RDP (3389) open to the internet'],
      ],
    ],
  ])('%s', (_name, rules, expected) => {
    expect(findings(rules)).toEqual(expected);
  });

  it.each<[string, Rule[]]>([
    ['halves on different ports', [rule({ peer: '0.0.0.0/1' }), rule({ port: '3389', peer: '128.0.0.0/1' })]],
    ['halves of different protocols', [rule({ peer: '0.0.0.0/1' }), rule({ protocol: 'UDP', peer: '128.0.0.0/1' })]],
    ['a quarter missing', [rule({ peer: '0.0.0.0/1' }), rule({ peer: '128.0.0.0/2' })]],
    [
      'one address missing',
      [rule({ peer: '0.0.0.0/1' }), rule({ peer: '128.0.0.0/2' }), rule({ peer: '192.0.0.0/3' })],
    ],
    ['an IPv4 half and an IPv6 half', [rule({ peer: '0.0.0.0/1' }), rule({ peer: '8000::/1' })]],
    ['a half dropped', [rule({ peer: '0.0.0.0/1' }), rule({ peer: '128.0.0.0/1', action: 'DROP' })]],
    ['a half outbound', [rule({ peer: '0.0.0.0/1' }), rule({ peer: '128.0.0.0/1', direction: 'outbound' })]],
    ['a half from a security group', [rule({ peer: '0.0.0.0/1' }), rule({ peer: 'sg-1a2b3c4d' })]],
    ['TCP ports with one missing', [rule({ port: '30000-32766' }), rule({ port: '32768-65535' })]],
    [
      'ping in halves',
      [
        rule({ protocol: 'ICMP', port: 'ALL', peer: '0.0.0.0/1' }),
        rule({ protocol: 'ICMP', port: 'ALL', peer: '128.0.0.0/1' }),
      ],
    ],
  ])('leaves alone %s', (_name, rules) => {
    expect(findings(rules)).toEqual([]);
  });
});

describe('assessRisk on a change to a group: the union with what the group already allows', () => {
  it.each<[string, Rule[], Rule[], [number, string][]]>([
    [
      'the other IPv4 half of SSH',
      [rule({ peer: '0.0.0.0/1' })],
      [rule({ peer: '128.0.0.0/1' })],
      [[0, `${SSH}${TOGETHER}`]],
    ],
    ['the other IPv6 half of SSH', [rule({ peer: '::/1' })], [rule({ peer: '8000::/1' })], [[0, `${SSH}${TOGETHER}`]]],
    [
      'the last quarter',
      [rule({ peer: '0.0.0.0/1' }), rule({ protocol: 'ALL', port: 'ALL', peer: '128.0.0.0/2' })],
      [rule({ peer: '192.0.0.0/2' })],
      [[0, `${SSH}${TOGETHER}`]],
    ],
    [
      'the other half of every port',
      [rule({ protocol: 'ALL', port: 'ALL', peer: '0.0.0.0/1' })],
      [rule({ protocol: 'ALL', port: 'ALL', peer: '128.0.0.0/1' })],
      [[0, `All ports open to the internet${TOGETHER}`]],
    ],
    [
      'the rest of the TCP ports',
      [rule({ port: '1-32767' })],
      [rule({ port: '32768-65535' })],
      [[0, `All TCP ports open to the internet${TOGETHER}`]],
    ],
    ['SSH from anywhere again, on a group that already has it', [rule({})], [rule({})], [[0, SSH]]],
    ['SSH from IPv6 anywhere on a group open to IPv4 anywhere', [rule({})], [rule({ peer: '::/0' })], [[0, SSH]]],
  ])('flags %s', (_name, existing, planned, expected) => {
    expect(findings(planned, existing)).toEqual(expected);
  });

  it.each<[string, Rule[], Rule[]]>([
    ['an office range on a group already open to the internet', [rule({})], [rule({ peer: '203.0.113.0/24' })]],
    ['a half beside a dropped half', [rule({ peer: '0.0.0.0/1', action: 'DROP' })], [rule({ peer: '128.0.0.0/1' })]],
    [
      'a half beside a half on another port',
      [rule({ port: '80', peer: '0.0.0.0/1' })],
      [rule({ peer: '128.0.0.0/1' })],
    ],
    [
      'a half beside an outbound half',
      [rule({ peer: '0.0.0.0/1', direction: 'outbound' })],
      [rule({ peer: '128.0.0.0/1' })],
    ],
  ])('leaves alone %s', (_name, existing, planned) => {
    expect(findings(planned, existing)).toEqual([]);
  });

  it('reads a CIDR the cloud gives with host bits set as its network', () => {
    const fromCloud: Rule = { ...rule({ peer: '0.0.0.0/1' }), peer: { kind: 'ipv4', cidr: '1.2.3.4/1' } };
    expect(findings([rule({ peer: '128.0.0.0/1' })], [fromCloud])).toEqual([[0, `${SSH}${TOGETHER}`]]);
  });
});
