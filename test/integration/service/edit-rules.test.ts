import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../../src/service/errors.js';
import { peerText } from '../../../src/service/rules/rules.js';
import type { ChangeRequest, Rule } from '../../../src/service/types.js';
import { GZ } from '../cloud/support/emulator-harness.js';
import { AP1, AP2, type Harness, LEASE_MS, REQUESTER, startHarness } from './support.js';

const tcp = (port: string, cidr: string, description: string): Rule => ({
  direction: 'inbound',
  protocol: 'TCP',
  port,
  peer: { kind: 'ipv4', cidr },
  action: 'ACCEPT',
  description,
});
const office = tcp('22', '203.0.113.0/24', 'SSH from the office');
const officeWide = tcp('22', '198.51.100.0/24', 'SSH from the new office');
const web = tcp('80,443', '10.0.0.0/8', 'web');
const dns: Rule = { ...tcp('53', '10.0.0.0/8', 'DNS'), protocol: 'UDP' };
const outAll: Rule = {
  direction: 'outbound',
  protocol: 'ALL',
  port: 'ALL',
  peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
  action: 'ACCEPT',
  description: 'all out',
};

const asInput = (r: Rule) => ({ ...r, peer: peerText(r.peer) });

let h: Harness;
let group: string;

beforeEach(async () => {
  h = await startHarness({ cloudRetries: 2 });
  const made = await h.cloud.createGroupWithRules({
    region: GZ,
    name: 'web',
    description: 'web servers',
    projectId: '0',
    rules: [office, web, outAll],
    requestId: 'made-elsewhere',
  });
  group = made.id;
  h.emulator.clearCalls();
});
afterEach(async () => {
  await h.close();
});

const version = async () => (await h.cloud.readPolicies(GZ, group)).version;
const rulesNow = async () => (await h.cloud.readPolicies(GZ, group)).entries.map((e) => e.rule);
const edit = (rules: Rule[], extra: Record<string, unknown> = {}) =>
  h.service.submitEditRules({ region: GZ, securityGroupId: group, rules: rules.map(asInput), ...extra }, REQUESTER);
const writes = () =>
  h.emulator
    .calls()
    .map((c) => c.action)
    .filter((a) => !a.startsWith('Describe'));
const versionsSent = (action: string) =>
  h.emulator
    .calls()
    .filter((c) => c.action === action)
    .map((c) => (c.params as { SecurityGroupPolicySet?: { Version?: string } }).SecurityGroupPolicySet?.Version);

describe('planning an edit', () => {
  it('is a diff from the group rules at their Version, with the approvals it needs', async () => {
    const base = await version();
    const request = await edit([officeWide, web, dns, outAll], { baseVersion: base });
    expect(request).toMatchObject({ kind: 'edit-rules', status: 'pending', approvalsRequired: 1, risks: [] });
    expect(request.spec).toMatchObject({ baseVersion: base, before: [office, web, outAll], foreignRules: 0 });
    expect(request.spec.kind === 'edit-rules' && request.spec.diff).toEqual({
      added: [{ position: 2, rule: dns }],
      removed: [],
      changed: [{ index: 0, before: office, after: officeWide }],
    });
    expect(writes()).toEqual([]);
  });

  it('judges risk on what the group will allow afterwards, so halves of the internet need two approvals', async () => {
    const v6 = (cidr: string, description: string): Rule => ({
      ...tcp('22', '', description),
      peer: { kind: 'ipv6', cidr },
    });
    const firstHalf = v6('::/1', 'first half');
    await edit([firstHalf, web, outAll]).then((r) => expect(r.risks).toEqual([]));
    // The group keeps SSH from half the internet (set here outside secgroup); adding the other half opens it.
    await h.cloud.resetPolicies(GZ, group, await version(), [firstHalf, web, outAll]);
    const request = await edit([firstHalf, web, v6('8000::/1', 'second half'), outAll]);
    expect(request.risks).toEqual([
      {
        ruleIndex: 2,
        severity: 'warning',
        message: "SSH (22) open to the internet, together with the group's current rules",
      },
    ]);
    expect(request.approvalsRequired).toBe(2);
  });

  it('plans 0.0.0.0/n as the 0.0.0.0/0 Tencent Cloud makes of it, and judges it so', async () => {
    const request = await edit([tcp('22', '0.0.0.0/1', 'half?'), web, outAll]);
    expect(request.rules[0]?.peer).toEqual({ kind: 'ipv4', cidr: '0.0.0.0/0' });
    expect(request.risks).toMatchObject([{ ruleIndex: 0, message: 'SSH (22) open to the internet' }]);
    expect((await h.service.approve(request.id, AP1)).status).toBe('pending');
    expect((await h.service.approve(request.id, AP2)).status).toBe('done');
    expect(await rulesNow()).toEqual(request.rules);
  });

  it('refuses a form filled in from an older Version, and one that changes nothing', async () => {
    const stale = await version();
    await h.cloud.addRules(GZ, group, [dns]);
    await expect(edit([office, web, outAll], { baseVersion: stale })).rejects.toBeInstanceOf(VersionConflictError);
    await expect(edit([office, web, dns, outAll])).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ field: 'rules', message: expect.stringContaining('add, change or remove at least one') }],
    });
    await expect(edit([office, web, web, outAll])).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('carrying an edit out', () => {
  it('rewrites a rule with one ReplaceSecurityGroupPolicies call carrying the plan Version', async () => {
    const base = await version();
    const request = await edit([officeWide, web, outAll]);
    const done = await h.service.approve(request.id, AP1);
    expect(done.status).toBe('done');
    expect(await rulesNow()).toEqual([officeWide, web, outAll]);
    expect(writes()).toEqual(['ReplaceSecurityGroupPolicies']);
    expect(versionsSent('ReplaceSecurityGroupPolicies')).toEqual([base]);
    expect(done.result?.rules).toEqual([officeWide, web, outAll]);
  });

  it('makes several changes with one whole-set reset', async () => {
    const request = await edit([dns, officeWide, web, outAll]);
    expect((await h.service.approve(request.id, AP1)).status).toBe('done');
    expect(await rulesNow()).toEqual([dns, officeWide, web, outAll]);
    expect(writes()).toEqual(['ModifySecurityGroupPolicies']);
  });

  it('applies nothing when the group changed since the plan, says what changed, and can be planned again', async () => {
    const request = await edit([officeWide, web, outAll]);
    await h.cloud.addRules(GZ, group, [dns]);
    h.emulator.clearCalls();

    const failed = await h.service.approve(request.id, AP1);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toMatchObject({
      code: 'version_conflict',
      retryable: false,
      changedSincePlan: { added: [{ position: 2, rule: dns }], removed: [], changed: [] },
    });
    expect(writes()).toEqual([]);
    expect(await rulesNow()).toEqual([office, web, dns, outAll]);
    await expect(h.service.retry(request.id, AP1)).rejects.toBeInstanceOf(VersionConflictError);

    const again = await h.service.replan(request.id, REQUESTER);
    expect(again).toMatchObject({ kind: 'edit-rules', status: 'pending', followsUp: request.id });
    expect(again.rules).toEqual([officeWide, web, dns, outAll]);
    expect((await h.service.approve(again.id, AP1)).status).toBe('done');
    expect(await rulesNow()).toEqual([officeWide, web, dns, outAll]);
  });

  it('after a lost answer reads back, and neither repeats a call that applied nor skips one that did not', async () => {
    const base = Number(await version());
    h.emulator.setFaults({ scripted: [{ action: 'ReplaceSecurityGroupPolicies', reset: true, afterCommit: true }] });
    const applied = await edit([officeWide, web, outAll]);
    expect((await h.service.approve(applied.id, AP1)).status).toBe('done');
    expect(writes()).toEqual(['ReplaceSecurityGroupPolicies']);
    expect(await version()).toBe(String(base + 1));

    h.emulator.clearCalls();
    h.emulator.setFaults({ scripted: [{ action: 'ReplaceSecurityGroupPolicies', reset: true }] });
    const lost = await edit([office, web, outAll]);
    expect((await h.service.approve(lost.id, AP1)).status).toBe('done');
    expect(writes()).toEqual(['ReplaceSecurityGroupPolicies', 'ReplaceSecurityGroupPolicies']);
    expect(await rulesNow()).toEqual([office, web, outAll]);
    expect(await version()).toBe(String(base + 2));
  });

  it('is finished by another process after a crash, without applying it twice', async () => {
    const request = await edit([dns, officeWide, web, outAll]);
    const held = h.emulator.holdNext('ModifySecurityGroupPolicies', 'after');
    const stalled = h.service.approve(request.id, AP1);
    await held.arrived;
    h.clock.advance(LEASE_MS);
    const [recovered] = await (await h.secondProcess()).service.recover();
    expect(recovered?.status).toBe('done');
    held.release();
    await stalled;
    expect(writes()).toEqual(['ModifySecurityGroupPolicies']);
    expect(await rulesNow()).toEqual([dns, officeWide, web, outAll]);
  });
});

describe('an edit of several calls', () => {
  // Emptying one direction is beyond a reset (it sets both or clears both): a Replace, then a Delete.
  const emptiesOutbound = () => edit([officeWide, web]);

  it('undoes the first call when a later one fails, leaving the group as it was', async () => {
    h.emulator.setFaults({ scripted: [{ action: 'DeleteSecurityGroupPolicies', code: 'UnauthorizedOperation' }] });
    const failed = await h.service.approve((await emptiesOutbound()).id, AP1);
    expect(failed.status).toBe('failed');
    expect(failed.failure?.code).toBe('UnauthorizedOperation');
    expect(failed.failure?.live).toBeUndefined();
    expect(writes()).toEqual([
      'ReplaceSecurityGroupPolicies',
      'DeleteSecurityGroupPolicies',
      'ReplaceSecurityGroupPolicies',
    ]);
    expect(await rulesNow()).toEqual([office, web, outAll]);
  });

  it('says exactly what is live when the undo fails too', async () => {
    const request = await emptiesOutbound();
    const held = h.emulator.holdNext('ReplaceSecurityGroupPolicies', 'after');
    const running = h.service.approve(request.id, AP1);
    await held.arrived;
    h.emulator.setFaults({
      scripted: [
        { action: 'DeleteSecurityGroupPolicies', code: 'UnauthorizedOperation' },
        { action: 'ReplaceSecurityGroupPolicies', code: 'UnauthorizedOperation' },
      ],
    });
    held.release();
    const failed: ChangeRequest = await running;
    expect(failed.failure?.live).toMatch(/^sg-\w+ has: replaced inbound rule\(s\) at 0; undoing failed/);
    expect(await rulesNow()).toEqual([officeWide, web, outAll]);
  });

  it('stops, without undoing, when the group changes outside secgroup between its calls', async () => {
    const request = await emptiesOutbound();
    const held = h.emulator.holdNext('DeleteSecurityGroupPolicies', 'before');
    const running = h.service.approve(request.id, AP2);
    await held.arrived;
    await h.cloud.addRules(GZ, group, [dns]);
    held.release();
    const failed = await running;
    expect(failed.failure).toMatchObject({
      code: 'version_conflict',
      live: expect.stringContaining('then it changed outside secgroup'),
    });
    expect(await rulesNow()).toEqual([officeWide, web, dns, outAll]);
  });
});
