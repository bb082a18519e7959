import { describe, expect, it } from 'vitest';
import { loadAccessPolicy, parseAccessPolicy } from '../../../src/service/catalog/access-policy-file.js';
import { type AccessPolicy, judgeKeep, policyNote } from '../../../src/service/policy/access-policy.js';
import { assessRisk } from '../../../src/service/policy/risk-checks.js';
import type { Rule } from '../../../src/service/types.js';

const NOW = new Date('2026-03-02T09:00:00.000Z');

const rule = (port: string, cidr = '0.0.0.0/0', protocol: Rule['protocol'] = 'TCP'): Rule => ({
  direction: 'inbound',
  protocol,
  port,
  peer: { kind: 'ipv4', cidr },
  action: 'ACCEPT',
  description: '',
});

const POLICY: AccessPolicy = {
  maxHours: 48,
  limits: [{ name: 'SSH or RDP from the internet', ports: [22, 3389], requireExpiry: true, maxHours: 8 }],
  fewerApprovals: { maxHours: 4, approvals: 1, evenWhenRisky: false },
};

function judge(rules: Rule[], keep: Parameters<typeof judgeKeep>[1]['keep'], usualApprovals = 2) {
  return judgeKeep(POLICY, { rules, risks: assessRisk(rules), keep, now: NOW, usualApprovals });
}

describe('the access policy', () => {
  it('applies a limit to a flagged rule that opens one of its ports, a range or ALL included', () => {
    expect(judge([rule('22')], undefined).ok).toBe(false);
    expect(judge([rule('3380-3390')], undefined).ok).toBe(false);
    expect(judge([rule('ALL', '0.0.0.0/0', 'ALL')], undefined).ok).toBe(false);
    // From the office, or another port from the internet: no limit applies.
    expect(judge([rule('22', '203.0.113.0/24')], undefined)).toEqual({ ok: true, value: 2 });
    expect(judge([rule('443')], undefined)).toEqual({ ok: true, value: 2 });
  });

  it('caps the length by the tightest limit, then by the policy', () => {
    expect(judge([rule('22')], { hours: 24 })).toEqual({
      ok: false,
      issues: [
        {
          field: 'keep',
          message:
            'SSH or RDP from the internet may be kept at most 8 h (access policy): choose 1 h, 4 h, a date and time within 8 h.',
        },
      ],
    });
    expect(judge([rule('22')], { until: '2026-03-02T17:00:00.000Z' }).ok).toBe(true);
    expect(judge([rule('22')], { until: '2026-03-02T17:00:01.000Z' }).ok).toBe(false);
    const week = judge([rule('443', '10.0.0.0/8')], { until: '2026-03-09T09:00:00.000Z' });
    expect(week.ok ? '' : week.issues[0]?.message).toMatch(/at most 48 h .* or keep them permanently/);
  });

  it('needs fewer approvals for a short temporary request, risky ones only when the policy says so', () => {
    expect(judge([rule('443', '10.0.0.0/8')], { hours: 4 })).toEqual({ ok: true, value: 1 });
    expect(judge([rule('443', '10.0.0.0/8')], { hours: 24 })).toEqual({ ok: true, value: 2 });
    expect(judge([rule('22')], { hours: 1 })).toEqual({ ok: true, value: 2 });
    const risky = { ...POLICY, fewerApprovals: { maxHours: 4, approvals: 1, evenWhenRisky: true } };
    const rules = [rule('22')];
    expect(
      judgeKeep(risky, { rules, risks: assessRisk(rules), keep: { hours: 1 }, now: NOW, usualApprovals: 2 }),
    ).toEqual({ ok: true, value: 1 });
  });

  it('explains itself for a form before anyone submits', () => {
    expect(policyNote(POLICY, [rule('22')], assessRisk([rule('22')]))).toEqual([
      'SSH or RDP from the internet: temporary only for at most 8 h.',
    ]);
  });
});

describe('manifest/access-policy.yml', () => {
  it('the shipped file is valid', async () => {
    const policy = await loadAccessPolicy('manifest/access-policy.yml');
    expect(policy.limits.map((l) => l.name)).toEqual(['SSH or RDP from the internet']);
  });

  it.each([
    ['maxHours: 1000', 'f.yml: maxHours: maxHours must be at most 720 hours (30 days)'],
    ['limits: [{ name: x, prots: [22] }]', 'f.yml: limits.0.prots: unknown field (check its spelling)'],
    ['limits: [{ name: x, maxHours: 100 }]\nmaxHours: 10', 'f.yml: limits.0.maxHours: must not be above maxHours (10)'],
    ['fewerApprovals: { maxHours: 4, approvals: 0 }', /approvals must be at least 1/],
    ['limits: [{ name: x, ports: [70000] }]', /limits\.0\.ports\.0/],
    ['maxHours: [', /f\.yml: line 1/],
  ])('stops start-up on %j, naming the field', (text, message) => {
    expect(() => parseAccessPolicy(text, 'f.yml')).toThrow(message);
  });

  it('names a missing file', async () => {
    await expect(loadAccessPolicy('manifest/nope.yml')).rejects.toThrow('manifest/nope.yml: file: file not found');
  });
});
