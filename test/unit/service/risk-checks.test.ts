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
    ['SSH from a /1', rule({ peer: '0.0.0.0/1' })],
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
