import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupInUseError, InvalidInputError } from '../../../src/service/errors.js';
import type { Rule } from '../../../src/service/types.js';
import { GZ } from '../cloud/support/emulator-harness.js';
import { AP1, AP2, type Harness, LEASE_MS, REQUESTER, startHarness } from './support.js';

const SG = 'ap-singapore';
const ssh: Rule = {
  direction: 'inbound',
  protocol: 'TCP',
  port: '22',
  peer: { kind: 'ipv4', cidr: '203.0.113.0/24' },
  action: 'ACCEPT',
  description: 'SSH from the office',
};

let h: Harness;
let group: string;

beforeEach(async () => {
  h = await startHarness({ cloudRetries: 2 });
  group = (
    await h.cloud.createGroupWithRules({
      region: GZ,
      name: 'db',
      description: 'databases',
      projectId: '0',
      rules: [ssh],
      requestId: 'made-elsewhere',
    })
  ).id;
  h.emulator.clearCalls();
});
afterEach(async () => {
  await h.close();
});

const remove = () => h.service.submitDeleteGroup({ region: GZ, securityGroupId: group }, REQUESTER);
const exists = async (region = GZ, id = group) => (await h.cloud.describeGroup(region, id)) !== undefined;

describe('deleting a group', () => {
  it('plans with what uses it, needs two approvals, and deletes it', async () => {
    const request = await remove();
    expect(request).toMatchObject({ kind: 'delete-group', approvalsRequired: 2, rules: [ssh] });
    expect(request.spec).toMatchObject({ groupName: 'db', usage: { resources: [], referencingGroups: [] } });
    await h.service.approve(request.id, AP1);
    const done = await h.service.approve(request.id, AP2);
    expect(done.status).toBe('done');
    expect(done.result).toMatchObject({ securityGroupId: group, groupDeleted: true });
    expect(await exists()).toBe(false);
  });

  it('is refused while in use unless each approver accepts it, and the cloud has the last word', async () => {
    await h.emulator.associate(group, 'CVM', 2);
    const request = await remove();
    expect(request.spec).toMatchObject({ usage: { resources: [{ kind: 'CVM', count: 2 }] } });
    await expect(h.service.approve(request.id, AP1)).rejects.toBeInstanceOf(GroupInUseError);
    expect((await h.service.get(request.id)).approvals).toEqual([]);
    await h.service.approve(request.id, AP1, { acceptInUse: true });
    const tried = await h.service.approve(request.id, AP2, { acceptInUse: true });
    expect(tried.approvals.map((a) => a.acceptedInUse)).toEqual([true, true]);
    // Tencent Cloud itself refuses to delete a group instances use.
    expect(tried.failure).toMatchObject({ code: 'ResourceInUse' });
    expect(await exists()).toBe(true);
  });

  it('fails, deleting nothing, when the group came into use after the plan', async () => {
    const request = await remove();
    await h.emulator.associate(group, 'CDB', 1);
    await h.service.approve(request.id, AP1);
    const failed = await h.service.approve(request.id, AP2);
    expect(failed.failure?.code).toBe('group_in_use');
    expect(h.emulator.calls().map((c) => c.action)).not.toContain('DeleteSecurityGroup');
  });

  it('after a lost answer or a crash, finds the group gone instead of deleting it again', async () => {
    h.emulator.setFaults({ scripted: [{ action: 'DeleteSecurityGroup', reset: true, afterCommit: true }] });
    const lost = await remove();
    await h.service.approve(lost.id, AP1);
    expect((await h.service.approve(lost.id, AP2)).status).toBe('done');

    group = (
      await h.cloud.createGroupWithRules({
        region: GZ,
        name: 'db2',
        description: '',
        projectId: '0',
        rules: [],
        requestId: 'r2',
      })
    ).id;
    const crashed = await remove();
    await h.service.approve(crashed.id, AP1);
    const held = h.emulator.holdNext('DeleteSecurityGroup', 'after');
    const stalled = h.service.approve(crashed.id, AP2);
    await held.arrived;
    h.clock.advance(LEASE_MS);
    const [recovered] = await (await h.secondProcess()).service.recover();
    expect(recovered).toMatchObject({ status: 'done', result: { groupDeleted: true } });
    held.release();
    await stalled;
    expect(
      h.emulator
        .calls()
        .map((c) => c.action)
        .filter((a) => a === 'DeleteSecurityGroup'),
    ).toHaveLength(3);
    expect(await exists()).toBe(false);
  });
});

describe('cloning a group', () => {
  const clone = (overrides: Record<string, unknown> = {}) =>
    h.service.submitCloneGroup(
      {
        region: GZ,
        securityGroupId: group,
        targetRegion: SG,
        projectId: '0',
        name: 'db-sg',
        description: '',
        ...overrides,
      },
      REQUESTER,
    );

  it('plans with the rules and the target quota, and copies the group to another region once', async () => {
    const request = await clone();
    expect(request).toMatchObject({ kind: 'clone-group', rules: [ssh], approvalsRequired: 1 });
    expect(request.spec).toMatchObject({
      region: SG,
      sourceRegion: GZ,
      sourceGroupId: group,
      targetQuota: { count: 0, limit: 50 },
    });
    h.emulator.setFaults({ scripted: [{ action: 'CloneSecurityGroup', reset: true, afterCommit: true }] });
    const done = await h.service.approve(request.id, AP1);
    expect(done.status).toBe('done');
    const copy = done.result?.securityGroupId ?? '';
    expect(copy).not.toBe(group);
    expect(await h.cloud.describeRules(SG, copy)).toEqual([ssh]);
    expect((await h.cloud.listGroups({ region: SG })).total).toBe(1);
  });

  it('is finished once by another process after a crash', async () => {
    const request = await clone({ targetRegion: GZ, name: 'db-copy' });
    const held = h.emulator.holdNext('CloneSecurityGroup', 'after');
    const stalled = h.service.approve(request.id, AP1);
    await held.arrived;
    h.clock.advance(LEASE_MS);
    const [recovered] = await (await h.secondProcess()).service.recover();
    expect(recovered?.status).toBe('done');
    held.release();
    await stalled;
    expect((await h.cloud.listGroups({ region: GZ })).total).toBe(2);
  });

  it('refuses to copy to another region rules that name other groups', async () => {
    await h.cloud.addRules(GZ, group, [{ ...ssh, peer: { kind: 'security-group', groupId: group } }]);
    await expect(clone()).rejects.toBeInstanceOf(InvalidInputError);
    await expect(clone({ targetRegion: GZ })).resolves.toMatchObject({ status: 'pending' });
  });
});

describe('drift', () => {
  it('shows how the rules differ from what secgroup last applied, with when the cloud changed them', async () => {
    const base = await h.service.submitEditRules(
      { region: GZ, securityGroupId: group, rules: [{ ...ssh, peer: '203.0.113.0/24', description: 'office' }] },
      REQUESTER,
    );
    expect((await h.service.approve(base.id, AP1)).status).toBe('done');
    expect((await h.service.groupState({ region: GZ, securityGroupId: group })).drift).toBeUndefined();

    const console: Rule = { ...ssh, port: '3306', description: 'added in the console' };
    await h.cloud.addRules(GZ, group, [console]);
    const state = await h.service.groupState({ region: GZ, securityGroupId: group });
    expect(state.drift).toMatchObject({
      lastAppliedBy: base.id,
      diff: {
        added: [{ position: 1, rule: console, modifiedAt: expect.stringMatching(/^\d{4}-/) }],
        removed: [],
        changed: [],
      },
    });
    const next = await h.service.submitEditRules({ region: GZ, securityGroupId: group, rules: [] }, REQUESTER);
    expect(next.spec).toMatchObject({ drift: { lastAppliedBy: base.id } });
  });
});
