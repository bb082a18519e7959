import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadRegions,
  loadTemplates,
  parseTemplates,
  RegionsInvalidError,
  TemplateInvalidError,
} from '../../../src/service/catalog/templates.js';
import type { Direction, Peer, Protocol, Rule } from '../../../src/service/types.js';

const FIXTURES = 'test/fixtures/templates';
const fixture = (name: string) => join(FIXTURES, name);

const V4: Peer = { kind: 'ipv4', cidr: '0.0.0.0/0' };
const V6: Peer = { kind: 'ipv6', cidr: '::/0' };
const accept = (direction: Direction, protocol: Protocol, port: string, peer: Peer, description: string): Rule => ({
  direction,
  protocol,
  port,
  peer,
  action: 'ACCEPT',
  description,
});

/** DESIGN.md's table of the console's templates, written out rule by rule. */
const CONSOLE_TEMPLATES = {
  'open-all': [
    accept('inbound', 'ALL', 'ALL', V4, 'Open all ports (IPv4)'),
    accept('inbound', 'ALL', 'ALL', V6, 'Open all ports (IPv6)'),
    accept('outbound', 'ALL', 'ALL', V4, 'Open all ports (IPv4)'),
    accept('outbound', 'ALL', 'ALL', V6, 'Open all ports (IPv6)'),
  ],
  'web-basic': [
    accept('inbound', 'TCP', '3389', V4, 'Windows remote desktop (IPv4)'),
    accept('inbound', 'TCP', '3389', V6, 'Windows remote desktop (IPv6)'),
    accept('inbound', 'TCP', '22', V4, 'Linux SSH login (IPv4)'),
    accept('inbound', 'TCP', '22', V6, 'Linux SSH login (IPv6)'),
    accept('inbound', 'TCP', '80,443', V4, 'Web services HTTP and HTTPS (IPv4)'),
    accept('inbound', 'TCP', '80,443', V6, 'Web services HTTP and HTTPS (IPv6)'),
    accept('inbound', 'ICMP', 'ALL', V4, 'Ping (IPv4)'),
    accept('inbound', 'ICMPv6', 'ALL', V6, 'Ping (IPv6)'),
    accept('inbound', 'ALL', 'ALL', { kind: 'ipv4', cidr: '10.0.0.0/8' }, 'Private network 10.0.0.0/8'),
    accept('inbound', 'ALL', 'ALL', { kind: 'ipv4', cidr: '172.16.0.0/12' }, 'Private network 172.16.0.0/12'),
    accept('inbound', 'ALL', 'ALL', { kind: 'ipv4', cidr: '192.168.0.0/16' }, 'Private network 192.168.0.0/16'),
    accept('outbound', 'ALL', 'ALL', V4, 'Open all ports (IPv4)'),
    accept('outbound', 'ALL', 'ALL', V6, 'Open all ports (IPv6)'),
  ],
  custom: [],
} satisfies Record<string, Rule[]>;

describe('manifest/templates.yml', () => {
  it('holds the console templates, in the console order', async () => {
    const templates = await loadTemplates('manifest/templates.yml');
    expect(templates.slice(0, 3).map((t) => t.id)).toEqual(['open-all', 'web-basic', 'custom']);
  });

  it.each(Object.entries(CONSOLE_TEMPLATES))('template %s plans exactly the console rules', async (id, rules) => {
    const template = (await loadTemplates('manifest/templates.yml')).find((t) => t.id === id);
    expect(template?.rules).toEqual(rules);
  });

  it('carries the seed text, notes, risk note and approvals', async () => {
    const byId = new Map((await loadTemplates('manifest/templates.yml')).map((t) => [t.id, t]));
    expect(byId.get('open-all')).toMatchObject({
      name: 'Open all ports',
      description: 'All ports are open. May present security issues.',
      riskNote: 'All ports are open. May present security issues.',
      approvalsRequired: 2,
    });
    expect(byId.get('web-basic')).toMatchObject({
      name: 'Open port 22, 80, 443, 3389 and ICMP protocol',
      description: 'Port 22, 80, 443 and 3389, and the ICMP protocol are open. All ports are open internally.',
      notes: 'Suitable for instances with web services.',
      approvalsRequired: 1,
    });
    expect(byId.get('custom')).toMatchObject({ name: 'Custom', approvalsRequired: 1, rules: [] });
  });
});

describe('a team template', () => {
  it('loads with its rules normalised like a form rule', async () => {
    const [template] = await loadTemplates(fixture('team-ssh-from-office.yml'));
    expect(template).toEqual({
      id: 'ssh-from-office',
      name: 'SSH from the office',
      description: 'SSH from the office network only.',
      approvalsRequired: 1,
      rules: [
        {
          direction: 'inbound',
          protocol: 'TCP',
          port: '22',
          peer: { kind: 'ipv4', cidr: '203.0.113.0/24' },
          action: 'ACCEPT',
          description: 'SSH from the office',
        },
        {
          direction: 'inbound',
          protocol: 'ICMP',
          port: 'ALL',
          peer: { kind: 'ipv4', cidr: '203.0.113.0/24' },
          action: 'ACCEPT',
          description: '',
        },
      ],
    });
  });
});

async function invalid(name: string): Promise<TemplateInvalidError> {
  const error = await loadTemplates(fixture(name)).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof TemplateInvalidError)) throw new Error(`${name} loaded, or failed with ${String(error)}`);
  return error;
}

describe('an invalid templates file stops start-up, naming the file, the template and the field', () => {
  it.each([
    ['bad-port.yml', 'ssh-office', 'rules.0.port', /Port 70000 is out of range/],
    [
      'host-bits.yml',
      'office',
      'rules.1.peer',
      /203\.0\.113\.9\/24 has host bits set — did you mean 203\.0\.113\.0\/24\?/,
    ],
    ['icmp-from-ipv6.yml', 'ping', 'rules.0.peer', /ICMP needs an IPv4 source/],
    ['port-on-all.yml', 'all-22', 'rules.0.port', /Protocol ALL covers every port/],
    ['long-rule-description.yml', 'wordy', 'rules.0.description', /100 characters/],
    ['missing-id.yml', undefined, 'templates.0.id', /id must be text/],
    ['duplicate-id.yml', 'web', 'id', /used by more than one template/],
    [
      'duplicate-rule.yml',
      'web-twice',
      'rules.3',
      /^inbound TCP:443 from 0\.0\.0\.0\/0, ACCEPT is the same rule as rules\.0 \(only the notes may differ\)/,
    ],
    ['zero-approvals.yml', 'nobody-approves', 'approvalsRequired', /at least 1/],
    ['fractional-approvals.yml', 'half', 'approvalsRequired', /whole number/],
    ['misspelt-field.yml', 'typo', 'approvalRequired', /unknown field/],
    ['rules-not-a-list.yml', 'odd', 'rules', /rules must be a list/],
    ['name-too-long.yml', 'long-name', 'name', /at most 75 characters/],
    ['no-templates.yml', undefined, 'templates', /at least one template/],
    ['not-yaml.yml', undefined, /^line \d+$/, /./],
  ])('%s → template %s, field %s', async (name, templateId, field, problem) => {
    const error = await invalid(name);
    expect(error.file).toBe(fixture(name));
    expect(error.templateId).toBe(templateId);
    expect(error.field).toMatch(field);
    expect(error.problem).toMatch(problem);
    expect(error.message).toContain(fixture(name));
  });

  it('a missing file names the file', async () => {
    const error = await invalid('does-not-exist.yml');
    expect(error.message).toBe(`${fixture('does-not-exist.yml')}: template ?: file: file not found`);
  });

  it('text that is not a mapping is refused', () => {
    expect(() => parseTemplates('- just\n- a list\n', 'inline.yml')).toThrow(TemplateInvalidError);
  });
});

describe('regions.yml', () => {
  it('loads ids and names, including a quoted name with commas', async () => {
    expect(await loadRegions(fixture('regions-valid.yml'))).toEqual([
      { id: 'ap-guangzhou', name: 'South China (Guangzhou)' },
      { id: 'ap-hongkong', name: 'Hong Kong, Macau and Taiwan (Hong Kong)' },
    ]);
  });

  it.each([
    ['regions-duplicate.yml', 'regions.1.id', /listed twice/],
    ['regions-unquoted-comma.yml', 'regions.0.Macau and Taiwan (Hong Kong)', /unknown field/],
  ])('%s is refused at %s', async (name, field, problem) => {
    const error = await loadRegions(fixture(name)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RegionsInvalidError);
    expect(error).toMatchObject({ file: fixture(name), field, problem: expect.stringMatching(problem) });
  });
});
