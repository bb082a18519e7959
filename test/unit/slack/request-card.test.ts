import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../../src/service/catalog/templates.js';
import { assessRisk } from '../../../src/service/policy/risk-checks.js';
import type { ChangeRequest, Rule } from '../../../src/service/types.js';
import { buildRequestCard } from '../../../src/slack/blocks/request-card.js';
import { statusLine } from '../../../src/slack/blocks/request-status.js';
import { aRequest, sshRule } from './change-request-fixture.js';

const at = '2026-01-02T04:00:00.000Z';

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
      text: { type: 'plain_text', text: 'Security group request req-ab12cd34' },
    });
    expect(card.blocks[2]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Requester*\n<@U0REQUESTER>' },
        { type: 'mrkdwn', text: '*Region*\nSouth China (Guangzhou) (`ap-guangzhou`)' },
        { type: 'mrkdwn', text: '*Template*\nOpen port 22, 80, 443, 3389 and ICMP protocol' },
        { type: 'mrkdwn', text: '*Name*\nweb-prod' },
        { type: 'mrkdwn', text: '*Project*\nDefault project (`0`)' },
        { type: 'mrkdwn', text: '*Notes*\nfor the shop' },
      ],
    });
    const text = allText(card.blocks);
    expect(text).toContain(':warning: SSH (22) open to the internet');
    expect(text).toContain('*Inbound rules* (1)');
    expect(text).toContain('TCP       22    0.0.0.0/0');
    expect(text).toContain('*Outbound rules* (1)');
    expect(text).toContain('1 approval needed');
    expect(text).toContain(':hourglass_flowing_sand: *Pending approval* (0 of 1 approval)');
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
    const text = allText(buildRequestCard(request));
    expect(text).not.toMatch(/<!channel>|<!here>|<!everyone>|<https:|<@U0BOSS>/);
    expect(text).toContain('&lt;!channel&gt; see &lt;https://evil.example|docs&gt;');
    expect(text).toContain('&lt;!here&gt; web');
    expect(text).toContain('&lt;@U0BOSS&gt; &amp; &lt;!everyone&gt;');
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
      ':white_check_mark: *Created* `sg-1a2b3c4d` (approved by <@U0APPROVER>)',
    ],
    [
      'failed',
      {
        status: 'failed',
        ...approved,
        failure: { code: 'LimitExceeded', message: 'quota <b>', requestId: 'a1b2-c3' },
      },
      ':x: *Failed*: `LimitExceeded`: quota &lt;b&gt; (RequestId `a1b2-c3`)',
    ],
    [
      'rejected',
      {
        status: 'rejected',
        history: [{ from: 'pending', to: 'rejected', actorId: 'U0APPROVER', at, reason: 'use <!channel> 10.0.0.0/8' }],
      },
      ':no_entry: *Rejected* by <@U0APPROVER>: use &lt;!channel&gt; 10.0.0.0/8',
    ],
    ['expired', { status: 'expired' }, ':hourglass: *Expired*: nobody approved it in time'],
    [
      'cancelled',
      { status: 'cancelled', history: [{ from: 'pending', to: 'cancelled', actorId: 'U0REQUESTER', at }] },
      ':heavy_multiplication_x: *Cancelled* by <@U0REQUESTER>',
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
    expect(statusLine(request)).toBe(':white_check_mark: *Rules added* to `sg-1a2b3c4d` (approved by <@U0APPROVER>)');
  });
});
