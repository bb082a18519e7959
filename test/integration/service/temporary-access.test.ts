/**
 * Temporary access through the service on a real store, with the emulator (through the real
 * provider) and a test clock: rules kept for a while are removed at expiry exactly once, whoever runs the sweep.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddRulesInput } from '../../../src/service/api.js';
import {
  AccessNotActiveError,
  InvalidInputError,
  NotRequesterOrApproverError,
  WrongPlaceError,
} from '../../../src/service/errors.js';
import type { AccessPolicy } from '../../../src/service/policy/access-policy.js';
import type { ChangeRequest, Rule } from '../../../src/service/types.js';
import { callsTo, failNext, rulesOf, seedGroup } from '../../helpers/test-emulator.js';
import { AP1, AP2, type Harness, HOUR, LEASE_MS, REQUESTER, STRANGER, sshRule, startHarness } from './support.js';

const REGION = 'ap-guangzhou';
const ORIGIN = { conversationId: 'C_TEAM', workspaceId: 'T_TEAM' };

const POLICY: AccessPolicy = {
  maxHours: 48,
  limits: [{ name: 'SSH or RDP from the internet', ports: [22, 3389], requireExpiry: true, maxHours: 8 }],
  fewerApprovals: { maxHours: 4, approvals: 1, evenWhenRisky: true },
};

/** A rule the group had before anyone asked for temporary access. */
const KEPT: Rule = {
  direction: 'inbound',
  protocol: 'TCP',
  port: '443',
  peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
  action: 'ACCEPT',
  description: 'HTTPS',
};

const ssh = (n: number) => ({ ...sshRule, peer: `198.51.100.${n}`, description: `SSH for ${n}` });

let h: Harness;
let groupId: string;

beforeEach(async () => {
  h = await startHarness({ service: { accessPolicy: POLICY } });
  groupId = (await seedGroup(h.emulator, REGION, { rules: [KEPT] })).id;
});

afterEach(async () => {
  await h.close();
});

function addRules(rules: object[], keepFor: string, until?: string): AddRulesInput {
  return {
    region: REGION,
    securityGroupId: groupId,
    rules: rules as AddRulesInput['rules'],
    keep: { keepFor, ...(until ? { until } : {}) },
  };
}

/** A grant of `rules` kept `keepFor`, approved and applied. */
async function granted(rules: object[] = [ssh(1), ssh(2)], keepFor = '1h'): Promise<ChangeRequest> {
  const request = await h.service.submitAddRules(addRules(rules, keepFor), REQUESTER, { origin: ORIGIN });
  const done = await h.service.approve(request.id, AP1);
  expect(done.status).toBe('done');
  return done;
}

const descriptions = () => rulesOf(h.emulator, groupId).map((r) => r.description);
const deletes = () => callsTo(h.emulator, 'DeleteSecurityGroupPolicies');

describe('keeping rules for a while', () => {
  it('stores when the rules expire, counted from when they are applied', async () => {
    const request = await h.service.submitAddRules(addRules([ssh(1)], '4h'), REQUESTER);
    expect(request.temporary).toEqual({ keep: { hours: 4 } });
    h.clock.advance(HOUR);
    const done = await h.service.approve(request.id, AP1);
    expect(done.temporary?.rulesExpireAt).toBe(new Date(h.clock.now().getTime() + 4 * HOUR).toISOString());
  });

  it('expires a request for rules kept until a time that passes before anyone approves it', async () => {
    const until = new Date(h.clock.now().getTime() + 2 * HOUR).toISOString();
    const request = await h.service.submitAddRules(addRules([ssh(1)], 'until', until), REQUESTER);
    expect(request.expiresAt).toBe(until);
    h.clock.advance(2 * HOUR);
    expect((await h.service.expireDue()).map((r) => r.id)).toEqual([request.id]);
  });

  it('refuses an until in the past, and a rule the group already has for good', async () => {
    const past = new Date(h.clock.now().getTime() - 1000).toISOString();
    const err = await h.service.submitAddRules(addRules([ssh(1)], 'until', past), REQUESTER).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.issues).toEqual([{ field: 'keep', message: expect.stringMatching(/at least 15 minutes from now/) }]);

    const twin = { ...sshRule, protocol: 'TCP', port: '443', peer: '0.0.0.0/0', description: 'HTTPS' };
    const twinErr = await h.service.submitAddRules(addRules([twin], '1h'), REQUESTER).catch((e) => e);
    expect(twinErr.issues).toEqual([{ field: 'rules.0', message: expect.stringMatching(/already has this rule/) }]);
  });
});

describe('the access policy at submission', () => {
  const sshFromInternet = { ...sshRule, peer: '0.0.0.0/0', description: 'SSH from anywhere' };

  it('refuses SSH from the internet kept permanently, saying what to choose', async () => {
    const err = await h.service
      .submitAddRules({ region: REGION, securityGroupId: groupId, rules: [sshFromInternet] as never }, REQUESTER)
      .catch((e) => e);
    expect(err.issues).toEqual([
      {
        field: 'keep',
        message:
          'SSH or RDP from the internet may only be temporary here (access policy): choose 1 h, 4 h, a date and time within 8 h.',
      },
    ]);
  });

  it('caps its length, and lets a short one need fewer approvals', async () => {
    const long = await h.service.submitAddRules(addRules([sshFromInternet], '24h'), REQUESTER).catch((e) => e);
    expect(long.issues[0].message).toMatch(/may be kept at most 8 h \(access policy\): choose 1 h, 4 h/);
    const short = await h.service.submitAddRules(addRules([sshFromInternet], '4h'), REQUESTER);
    expect(short.risks).toHaveLength(1);
    expect(short.approvalsRequired).toBe(1);
    const until = new Date(h.clock.now().getTime() + 6 * HOUR).toISOString();
    const sixHours = await h.service.submitAddRules(addRules([sshFromInternet], 'until', until), REQUESTER);
    expect(sixHours.approvalsRequired).toBe(2);
  });
});

describe('at expiry', () => {
  it('removes exactly the rules the request added, once, and nothing before its time', async () => {
    const grant = await granted();
    expect(descriptions()).toEqual(['HTTPS', 'SSH for 1', 'SSH for 2']);
    h.clock.advance(HOUR - 1);
    expect(await h.service.removeExpiredAccess()).toEqual([]);
    expect(descriptions()).toHaveLength(3);

    h.clock.advance(1);
    const [removal] = await h.service.removeExpiredAccess();
    expect(removal).toMatchObject({
      kind: 'remove-access',
      status: 'done',
      followsUp: grant.id,
      removal: { notFound: [] },
    });
    expect(descriptions()).toEqual(['HTTPS']);
    expect((await h.service.get(grant.id)).temporary?.removalId).toBe(removal?.id);
    expect(await h.service.removeExpiredAccess()).toEqual([]);
    expect(deletes()).toHaveLength(1);
  });

  it('reports a rule changed outside secgroup instead of touching it or failing', async () => {
    await granted();
    const set = await h.cloud.readPolicies(REGION, groupId);
    const second = set.entries.find((e) => e.rule.description === 'SSH for 2');
    if (!second) throw new Error('rule missing');
    await h.cloud.replacePolicies(REGION, groupId, set.version, [
      { index: second.index, rule: { ...second.rule, description: 'kept by hand' } },
    ]);
    h.clock.advance(HOUR);
    const [removal] = await h.service.removeExpiredAccess();
    expect(removal?.status).toBe('done');
    expect(removal?.removal?.notFound.map((r) => r.description)).toEqual(['SSH for 2']);
    expect(descriptions()).toEqual(['HTTPS', 'kept by hand']);
  });

  it('reads back after a delete whose answer was lost, and deletes nothing twice', async () => {
    await granted();
    // The policies are deleted, then the connection drops before the answer.
    failNext(h.emulator, { action: 'DeleteSecurityGroupPolicies', reset: true, afterCommit: true });
    h.clock.advance(HOUR);
    const [removal] = await h.service.removeExpiredAccess();
    expect(removal?.status).toBe('done');
    expect(removal?.removal?.notFound).toEqual([]);
    expect(descriptions()).toEqual(['HTTPS']);
    expect(deletes()).toHaveLength(1);
  });

  it('goes again at the new Version when the group changed between the read and the delete', async () => {
    await granted();
    const held = h.emulator.holdNext('DeleteSecurityGroupPolicies');
    h.clock.advance(HOUR);
    const removing = h.service.removeExpiredAccess();
    await held.arrived;
    await h.cloud.addRules(REGION, groupId, [{ ...KEPT, port: '80', description: 'HTTP' }]);
    held.release();
    const [removal] = await removing;
    expect(removal?.status).toBe('done');
    expect(descriptions()).toEqual(['HTTPS', 'HTTP']);
  });

  it('two processes at expiry: one removal, one delete', async () => {
    await granted();
    const other = await h.secondProcess();
    h.clock.advance(HOUR);
    const [mine, theirs] = await Promise.all([h.service.removeExpiredAccess(), other.service.removeExpiredAccess()]);
    expect(new Set([...mine, ...theirs].map((r) => r.id)).size).toBe(1);
    expect((await h.store.listByStatus(['done'])).filter((r) => r.kind === 'remove-access')).toHaveLength(1);
    expect(deletes()).toHaveLength(1);
    expect(descriptions()).toEqual(['HTTPS']);
  });

  it('a process stopped during removal: another finishes it once its lease lapses, removing each rule once', async () => {
    const grant = await granted();
    const held = h.emulator.holdNext('DeleteSecurityGroupPolicies');
    h.clock.advance(HOUR);
    void h.service.removeExpiredAccess();
    await held.arrived;
    // The first process is gone mid-call; its delete never reaches the cloud.
    h.clock.advance(LEASE_MS);
    const other = await h.secondProcess();
    const [removal] = await other.service.recover();
    expect(removal?.status).toBe('done');
    expect(removal?.id).toBe((await h.service.get(grant.id)).temporary?.removalId);
    expect(descriptions()).toEqual(['HTTPS']);
    expect(removal?.removal?.notFound).toEqual([]);
  });
});

describe('Extend and Remove now', () => {
  it('Extend is a request approved like the original; once approved the rules stay until the new time', async () => {
    const grant = await granted();
    h.clock.advance(30 * 60_000);
    const extension = await h.service.submitExtension(grant.id, { keepFor: '4h' }, REQUESTER, { origin: ORIGIN });
    expect(extension).toMatchObject({
      kind: 'extend-access',
      status: 'pending',
      followsUp: grant.id,
      approvalsRequired: 1,
    });
    await expect(h.service.approve(extension.id, REQUESTER)).rejects.toThrow(/requester may not approve/);
    expect((await h.service.approve(extension.id, AP2)).status).toBe('done');
    expect((await h.service.get(grant.id)).temporary?.rulesExpireAt).toBe(
      new Date(h.clock.now().getTime() + 4 * HOUR).toISOString(),
    );
    h.clock.advance(HOUR);
    expect(await h.service.removeExpiredAccess()).toEqual([]);
    h.clock.advance(3 * HOUR);
    expect(await h.service.removeExpiredAccess()).toHaveLength(1);
    expect(descriptions()).toEqual(['HTTPS']);
  });

  it('Extend follows the policy, and only the requester or an approver may ask, from the request thread', async () => {
    const grant = await granted([{ ...sshRule, peer: '0.0.0.0/0', description: 'SSH' }]);
    const tooLong = await h.service.submitExtension(grant.id, { keepFor: '24h' }, REQUESTER).catch((e) => e);
    expect(tooLong.issues[0].message).toMatch(/at most 8 h/);
    await expect(h.service.submitExtension(grant.id, { keepFor: '1h' }, STRANGER)).rejects.toBeInstanceOf(
      NotRequesterOrApproverError,
    );
    await expect(
      h.service.submitExtension(grant.id, { keepFor: '1h' }, REQUESTER, {
        origin: { ...ORIGIN, conversationId: 'C_X' },
      }),
    ).rejects.toBeInstanceOf(WrongPlaceError);
  });

  it('an extension approved after the rules were removed fails, saying so', async () => {
    const grant = await granted();
    const extension = await h.service.submitExtension(grant.id, { keepFor: '4h' }, REQUESTER);
    h.clock.advance(HOUR);
    await h.service.removeExpiredAccess();
    const failed = await h.service.approve(extension.id, AP1);
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'access_not_active' } });
  });

  it('Remove now: the requester or an approver, no approval, once however often it is clicked', async () => {
    const grant = await granted();
    await expect(h.service.removeAccessNow(grant.id, STRANGER)).rejects.toBeInstanceOf(NotRequesterOrApproverError);
    await expect(
      h.service.removeAccessNow(grant.id, REQUESTER, { from: { ...ORIGIN, workspaceId: 'T_OTHER' } }),
    ).rejects.toBeInstanceOf(WrongPlaceError);
    const [first, second] = await Promise.all([
      h.service.removeAccessNow(grant.id, REQUESTER, { from: ORIGIN }),
      h.service.removeAccessNow(grant.id, AP1, { from: ORIGIN }),
    ]);
    expect(first.id).toBe(second.id);
    await h.service.settled();
    expect((await h.service.get(first.id)).status).toBe('done');
    expect(descriptions()).toEqual(['HTTPS']);
    expect(deletes()).toHaveLength(1);
    h.clock.advance(HOUR);
    expect(await h.service.removeExpiredAccess()).toEqual([]);
  });

  it('Remove now on permanent rules says there is nothing to remove', async () => {
    const request = await h.service.submitAddRules(addRules([ssh(1)], 'permanent'), REQUESTER);
    await h.service.approve(request.id, AP1);
    await expect(h.service.removeAccessNow(request.id, REQUESTER)).rejects.toBeInstanceOf(AccessNotActiveError);
  });
});

describe('the list of temporary rules', () => {
  it('lists those in place, soonest first, with time left, as the viewer may see them', async () => {
    const hour = await granted([ssh(1)], '1h');
    const four = await granted([ssh(2)], '4h');
    h.clock.advance(30 * 60_000);
    const mine = await h.service.viewActiveAccess({ actorId: STRANGER, from: ORIGIN });
    expect(mine.map((a) => [a.grant.id, a.leftMs])).toEqual([
      [hour.id, 30 * 60_000],
      [four.id, 3.5 * HOUR],
    ]);
    const elsewhere = await h.service.viewActiveAccess({
      actorId: STRANGER,
      from: { ...ORIGIN, conversationId: 'C_X' },
    });
    expect(elsewhere).toEqual([]);
    expect(await h.service.viewActiveAccess({ actorId: AP1, from: { ...ORIGIN, conversationId: 'C_X' } })).toHaveLength(
      2,
    );
    h.clock.advance(30 * 60_000);
    await h.service.removeExpiredAccess();
    expect((await h.service.viewActiveAccess({ actorId: AP1 })).map((a) => a.grant.id)).toEqual([four.id]);
  });
});

describe('an edit kept for a while', () => {
  const asInput = (r: Rule) => ({ ...r, peer: r.peer.kind === 'security-group' ? r.peer.groupId : r.peer.cidr });
  const sshRuleOf = (n: number): Rule => ({
    direction: 'inbound',
    protocol: 'TCP',
    port: '22',
    peer: { kind: 'ipv4', cidr: `198.51.100.${n}/32` },
    action: 'ACCEPT',
    description: `SSH for ${n}`,
  });

  it('removes at expiry exactly the rules the edit added, leaving the rest as they are', async () => {
    const request = await h.service.submitEditRules(
      { region: REGION, securityGroupId: groupId, rules: [KEPT, sshRuleOf(7)].map(asInput), keep: { keepFor: '1h' } },
      REQUESTER,
    );
    expect(request.temporary).toEqual({ keep: { hours: 1 } });
    expect((await h.service.approve(request.id, AP1)).status).toBe('done');
    expect(descriptions()).toEqual(['HTTPS', 'SSH for 7']);
    h.clock.advance(HOUR);
    const [removal] = await h.service.removeExpiredAccess();
    expect(removal?.rules.map((r) => r.description)).toEqual(['SSH for 7']);
    expect(descriptions()).toEqual(['HTTPS']);
  });

  it('refuses Keep for on an edit that changes or removes rules too', async () => {
    const err = await h.service
      .submitEditRules(
        { region: REGION, securityGroupId: groupId, rules: [sshRuleOf(7)].map(asInput), keep: { keepFor: '1h' } },
        REQUESTER,
      )
      .catch((e) => e);
    expect(err.issues).toEqual([{ field: 'keep', message: expect.stringMatching(/^Only added rules can be kept/) }]);
  });
});
