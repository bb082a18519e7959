import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../../src/service/catalog/templates.js';
import { assessRisk } from '../../../src/service/policy/risk-checks.js';
import type { ChangeRequest, Rule } from '../../../src/service/types.js';
import { buildRequestCard } from '../../../src/slack/blocks/request-card.js';
import { statusLine } from '../../../src/slack/blocks/request-status.js';
import { liveSequencesIn } from '../../reliability/support/inert.js';
import { aRequest, egressRule, sshRule } from './change-request-fixture.js';

const at = '2026-01-02T04:00:00.000Z';
const atToken = '<!date^1767326400^{date_short_pretty} {time}|2026-01-02 04:00 UTC>';

function allText(value: unknown): string {
  return JSON.stringify(value);
}

describe('buildRequestCard', () => {
  it('shows who, what, the planned rules, risks, approvals and status, with a text fallback', () => {
    const card = buildRequestCard(aRequest(), {
      regionName: 'South China (Guangzhou)',
      templateName: 'Open port 22, 80, 443, 3389 and ICMP protocol',
      projectName: 'Default project',
    });
    expect(card.text).toBe('Security group request req-ab12cd34: create `web-prod` in `ap-guangzhou` (pending)');
    expect(card.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Security group request req-ab12cd34', emoji: false },
    });
    expect(card.blocks[2]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Requester*\n<@U0REQUESTER>' },
        { type: 'mrkdwn', text: '*Region*\nSouth China (Guangzhou) (`ap-guangzhou`)' },
        { type: 'mrkdwn', text: '*Template*\nOpen port 22, 80, 443, 3389 and ICMP protocol' },
        { type: 'plain_text', text: 'Name\nweb-prod', emoji: false },
        { type: 'mrkdwn', text: '*Project*\nDefault project (`0`)' },
        { type: 'plain_text', text: 'Notes\nfor the shop', emoji: false },
      ],
    });
    const text = allText(card.blocks);
    expect(text).toContain(':warning: SSH (22) open to the internet');
    expect(text).toContain('*Inbound rules* (1)\\n_Source · Protocol:Port · Policy · Notes_');
    expect(text).toContain('• `0.0.0.0/0` · TCP:22 · Allow · `Linux SSH login (IPv4)`');
    expect(text).toContain('*Outbound rules* (1)\\n_Destination · Protocol:Port · Policy · Notes_');
    expect(text).toContain('• `::/0` · ALL · Allow · `Open all ports (IPv6)`');
    expect(text).not.toMatch(/ACCEPT|DROP/);
    expect(text).toContain(':hourglass_flowing_sand: *Pending approval* (0 of 1 approval)');
    expect(card.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '1 approval needed · requested by <@U0REQUESTER> <!date^1767323045^{date_short_pretty} {time}|2026-01-02 03:04 UTC> · expires <!date^1767409445^{date_short_pretty} {time}|2026-01-03 03:04 UTC> · req-ab12cd34',
        },
      ],
    });
  });

  it('keeps <!channel> and disguised links typed by people inert', () => {
    const request = aRequest({
      spec: {
        kind: 'create-group',
        region: 'ap-guangzhou',
        templateId: 'web-basic',
        name: '<!here> web',
        projectId: '0',
        notes: '<!channel> see <https://evil.example|docs>',
      },
      rules: [
        {
          direction: 'inbound',
          protocol: 'TCP',
          port: '443',
          peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
          action: 'ACCEPT',
          description: '<@U0BOSS> & <!everyone>',
        },
      ],
    });
    const card = buildRequestCard(request);
    // mrkdwn (the fallback and the rules included): escaped.
    expect(liveSequencesIn([card])).toEqual([]);
    expect(allText(card)).toContain('`&lt;@U0BOSS&gt; &amp; &lt;!everyone&gt;`');
    expect(card.text).toContain('create `&lt;!here&gt; web`');
    // plain_text, where Slack parses nothing: as typed.
    expect(card.blocks[2]).toMatchObject({
      fields: expect.arrayContaining([
        { type: 'plain_text', text: 'Name\n<!here> web', emoji: false },
        { type: 'plain_text', text: 'Notes\n<!channel> see <https://evil.example|docs>', emoji: false },
      ]),
    });
  });

  it("shows each of a console template's risks once, with the sources of the rules it comes from", async () => {
    const webBasic = (await loadTemplates('manifest/templates.yml')).find((t) => t.id === 'web-basic');
    if (!webBasic) throw new Error('manifest/templates.yml has no web-basic template');
    const risks = assessRisk(webBasic.rules);
    expect(risks).toHaveLength(4);
    const card = buildRequestCard(aRequest({ rules: webBasic.rules, risks }));
    const riskSections = card.blocks.filter((b) => b.type === 'section' && b.text?.text.includes(':warning:'));
    expect(riskSections).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            ':warning: RDP (3389) open to the internet (from `0.0.0.0/0` and `::/0`)',
            ':warning: SSH (22) open to the internet (from `0.0.0.0/0` and `::/0`)',
          ].join('\n'),
        },
      },
    ]);
  });

  it('names a source once when several rules from it carry the same risk, and keeps different risks apart', () => {
    const sshAndWeb: Rule = { ...sshRule, port: '22,80', description: 'SSH and HTTP' };
    const telnet: Rule = { ...sshRule, port: '23', description: 'Telnet' };
    const rules = [sshRule, sshAndWeb, telnet];
    const card = buildRequestCard(aRequest({ rules, risks: assessRisk(rules) }));
    const text = allText(card.blocks);
    expect(text).toContain(
      ':warning: SSH (22) open to the internet (from `0.0.0.0/0`)\\n:warning: Telnet (23) open to the internet (from `0.0.0.0/0`)',
    );
    expect(text.match(/SSH \(22\) open/g)).toHaveLength(1);
  });

  it('says a Custom group starts with no rules', () => {
    const text = allText(buildRequestCard(aRequest({ rules: [], risks: [] })));
    expect(text).toContain('*Planned rules*: none. A group with no rules denies all traffic');
    expect(text).not.toContain(':warning:');
  });

  it('stays within 50 blocks and 3000 characters a section however many rules are planned', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      direction: 'inbound' as const,
      protocol: 'TCP' as const,
      port: String(1000 + i),
      peer: { kind: 'ipv4' as const, cidr: `10.${i % 250}.0.0/16` },
      action: 'ACCEPT' as const,
      description: 'x'.repeat(100),
    }));
    const card = buildRequestCard(aRequest({ rules: many }));
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    for (const block of card.blocks) {
      if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    expect(allText(card.blocks).includes('more rule tables not shown here.')).toBe(true);
  });
});

describe('the final card', () => {
  const approvals = [{ actorId: 'U0APPROVER', at }];
  const created = aRequest({
    status: 'done',
    approvals,
    result: {
      securityGroupId: 'sg-1a2b3c4d',
      rules: [sshRule, { ...sshRule, port: '443' }, egressRule],
      completedAt: at,
      quota: { rulesPerDirectionLimit: 100, groups: { count: 7, limit: 50 } },
    },
  });

  it("leads with the group's name and id, its console link, rule counts and quota use, and who approved when", () => {
    const card = buildRequestCard(created, { regionName: 'South China (Guangzhou)', projectName: 'Default project' });
    expect(card.blocks.slice(0, 3)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'web-prod (sg-1a2b3c4d)', emoji: false } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: *Created* \`sg-1a2b3c4d\` ${atToken}`,
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `<https://console.cloud.tencent.com/vpc/security-group/detail?rid=1&id=sg-1a2b3c4d|Open sg-1a2b3c4d in the Tencent Cloud console>`,
        },
        fields: [
          { type: 'mrkdwn', text: '*Inbound rules*\n2 of 100' },
          { type: 'mrkdwn', text: '*Outbound rules*\n1 of 100' },
          { type: 'mrkdwn', text: '*Security groups*\n7 of 50 (Default project, `ap-guangzhou`)' },
          { type: 'mrkdwn', text: `*Approved by*\n<@U0APPROVER> ${atToken}` },
        ],
      },
    ]);
    expect(JSON.stringify(card.blocks)).toContain('*Requested rules*');
  });

  it('links to the international console for an international account, and to the list where the region has no known number', () => {
    const intl = buildRequestCard(created, { consoleSite: 'international' });
    expect(JSON.stringify(intl.blocks)).toContain(
      '<https://console.tencentcloud.com/vpc/security-group/detail?rid=1&id=sg-1a2b3c4d|Open sg-1a2b3c4d in the Tencent Cloud console>',
    );
    const elsewhere = buildRequestCard({
      ...created,
      spec: { ...created.spec, region: 'eu-frankfurt' } as typeof created.spec,
    });
    expect(JSON.stringify(elsewhere.blocks)).toContain(
      '<https://console.cloud.tencent.com/vpc/security-group|Tencent Cloud console> (security groups of `eu-frankfurt`)',
    );
  });

  it('shows counts without limits when the quota could not be read', () => {
    const { quota: _none, ...result } = created.result ?? { securityGroupId: '', rules: [], completedAt: at };
    const card = buildRequestCard({ ...created, result });
    expect(card.blocks[2]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '<https://console.cloud.tencent.com/vpc/security-group/detail?rid=1&id=sg-1a2b3c4d|Open sg-1a2b3c4d in the Tencent Cloud console>',
      },
      fields: [
        { type: 'mrkdwn', text: '*Inbound rules*\n2' },
        { type: 'mrkdwn', text: '*Outbound rules*\n1' },
        { type: 'mrkdwn', text: `*Approved by*\n<@U0APPROVER> ${atToken}` },
      ],
    });
  });

  const closed: [string, Partial<ChangeRequest>][] = [
    ['done', created],
    ['failed', { status: 'failed', approvals, failure: { code: 'LimitExceeded', message: 'too many' } }],
    ['rejected', { status: 'rejected', history: [{ from: 'pending', to: 'rejected', actorId: 'U0AP', at }] }],
    ['cancelled', { status: 'cancelled', history: [{ from: 'pending', to: 'cancelled', actorId: 'U0REQUESTER', at }] }],
    ['expired', { status: 'expired', history: [{ from: 'pending', to: 'expired', actorId: 'system', at }] }],
  ];
  it.each(closed)('once %s, no longer says when it expires or how many approvals it needs', (_name, overrides) => {
    const card = buildRequestCard(aRequest(overrides));
    const text = JSON.stringify(card.blocks);
    expect(text).not.toContain('expires');
    expect(text).not.toContain('approval needed');
    expect(card.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'requested by <@U0REQUESTER> <!date^1767323045^{date_short_pretty} {time}|2026-01-02 03:04 UTC> · req-ab12cd34',
        },
      ],
    });
  });
});

describe('statusLine', () => {
  const approved = { approvals: [{ actorId: 'U0APPROVER', at }] };
  const cases: [string, Partial<ChangeRequest>, string][] = [
    [
      'pending with one approval',
      { approvalsRequired: 2, ...approved },
      ':hourglass_flowing_sand: *Pending approval* (1 of 2 approvals) — approved by <@U0APPROVER>',
    ],
    ['approved', { status: 'approved', ...approved }, ':thumbsup: *Approved* by <@U0APPROVER>'],
    ['executing', { status: 'executing', ...approved }, ':gear: *Creating…* (approved by <@U0APPROVER>)'],
    [
      'done',
      { status: 'done', ...approved, result: { securityGroupId: 'sg-1a2b3c4d', rules: [], completedAt: at } },
      `:white_check_mark: *Created* \`sg-1a2b3c4d\` ${atToken}`,
    ],
    [
      'failed',
      {
        status: 'failed',
        ...approved,
        failure: { code: 'LimitExceeded', message: 'quota <b>', requestId: 'a1b2-c3' },
      },
      ':x: *Failed*: `LimitExceeded`: `quota &lt;b&gt;` (RequestId `a1b2-c3`)',
    ],
    [
      'rejected',
      {
        status: 'rejected',
        history: [{ from: 'pending', to: 'rejected', actorId: 'U0APPROVER', at, reason: 'use <!channel> 10.0.0.0/8' }],
      },
      `:no_entry: *Rejected* by <@U0APPROVER> (${atToken})`,
    ],
    [
      'expired',
      { status: 'expired', history: [{ from: 'pending', to: 'expired', actorId: 'system', at }] },
      `:hourglass: *Expired*: nobody approved it in time (${atToken})`,
    ],
    [
      'cancelled',
      { status: 'cancelled', history: [{ from: 'pending', to: 'cancelled', actorId: 'U0REQUESTER', at }] },
      `:heavy_multiplication_x: *Cancelled* by <@U0REQUESTER> (${atToken})`,
    ],
  ];
  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(statusLine(aRequest(overrides))).toBe(expected);
  });

  it('says "Rules added" for an add-rules request', () => {
    const request = aRequest({
      kind: 'add-rules',
      spec: { kind: 'add-rules', region: 'ap-guangzhou', securityGroupId: 'sg-1a2b3c4d' },
      status: 'done',
      approvals: [{ actorId: 'U0APPROVER', at }],
      result: { securityGroupId: 'sg-1a2b3c4d', rules: [], completedAt: at },
    });
    expect(statusLine(request)).toBe(`:white_check_mark: *Rules added* to \`sg-1a2b3c4d\` ${atToken}`);
  });
});
