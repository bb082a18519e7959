import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_TAG_KEY } from '../../../src/cloud/tencent/tencent-apis.js';
import type { CreateGroupInput } from '../../../src/service/api.js';
import {
  AlreadyApprovedByActorError,
  AlreadyDecidedError,
  ExpiredError,
  InvalidInputError,
  NotApproverError,
  NotFoundError,
  NotRequesterError,
  QuotaExceededError,
  SelfApprovalError,
} from '../../../src/service/errors.js';
import type { ChangeRequest, RequestStatus, Rule } from '../../../src/service/types.js';
import { callsTo, failNext, groupsIn, rulesOf, seedGroup } from '../../helpers/test-emulator.js';
import {
  AP1,
  AP2,
  APPROVERS,
  approverDirectory,
  createInput,
  executionCalls,
  type Harness,
  HOUR,
  LEASE_MS,
  REQUESTER,
  STRANGER,
  sshRule,
  startHarness,
} from './support.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

/**
 * SSH from half of the IPv6 internet, as a group may already allow it. (Not IPv4: Tencent Cloud
 * stores 0.0.0.0/n as 0.0.0.0/0, SecurityGroupPolicy.CidrBlock in tencentcloud-sdk-nodejs.)
 */
const SSH_FROM_FIRST_HALF: Rule = {
  direction: 'inbound',
  protocol: 'TCP',
  port: '22',
  peer: { kind: 'ipv6', cidr: '::/1' },
  action: 'ACCEPT',
  description: 'first half',
};

const submit = (overrides: Record<string, unknown> = {}) =>
  h.service.submitCreateGroup(createInput(overrides) as unknown as CreateGroupInput, REQUESTER);

const statuses = (r: ChangeRequest) => r.history.map((e) => e.to);

/** DescribeSecurityGroups calls that look a request's group up by its tag. */
const tagLookups = () =>
  callsTo(h.emulator, 'DescribeSecurityGroups').filter((c) => JSON.stringify(c.params).includes('"tag:'));

/** The error a promise rejects with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (err: unknown) => err,
  );
}

/** Refusals leave the stored request exactly as it was. */
async function expectUnchanged(before: ChangeRequest) {
  expect(await h.store.get(before.id)).toEqual(before);
}

describe('submitting a create-group request', () => {
  it.each(['open-all', 'web-basic', 'custom'])('plans exactly the rules of template %s', async (templateId) => {
    const request = await submit({ templateId });
    const template = h.templates.find((t) => t.id === templateId);
    expect(request.rules).toEqual(template?.rules);
    expect(request.approvalsRequired).toBe(template?.approvalsRequired);
    expect(await h.store.get(request.id)).toEqual(request);
  });

  it('stores a pending request with its plan, risks, deadline and first audit entry', async () => {
    const request = await submit({ name: '  web-prod ' });
    const now = h.clock.now().toISOString();
    expect(request).toMatchObject({
      id: expect.stringMatching(/^req-[a-z0-9]{8}$/),
      kind: 'create-group',
      status: 'pending',
      spec: {
        kind: 'create-group',
        region: 'ap-guangzhou',
        templateId: 'web-basic',
        name: 'web-prod',
        projectId: '0',
        notes: 'Front end servers',
      },
      requesterId: REQUESTER,
      approvals: [],
      createdAt: now,
      expiresAt: new Date(h.clock.now().getTime() + 24 * HOUR).toISOString(),
      history: [{ from: null, to: 'pending', actorId: REQUESTER, at: now }],
      version: 1,
    });
    expect(request.risks.map((r) => r.message)).toEqual([
      'RDP (3389) open to the internet',
      'RDP (3389) open to the internet',
      'SSH (22) open to the internet',
      'SSH (22) open to the internet',
    ]);
  });

  it('keeps where it was asked and the request it continues', async () => {
    const request = await h.service.submitCreateGroup(createInput() as CreateGroupInput, REQUESTER, {
      origin: { conversationId: 'C1', workspaceId: 'T1' },
      followsUp: 'req-00000001',
    });
    expect(request.origin).toEqual({ conversationId: 'C1', workspaceId: 'T1' });
    expect(request.followsUp).toBe('req-00000001');
    expect(await h.store.get(request.id)).toEqual(request);
  });

  it('refuses an origin without a conversation, storing nothing', async () => {
    const err = await failure(
      h.service.submitCreateGroup(createInput() as CreateGroupInput, REQUESTER, { origin: { conversationId: ' ' } }),
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(await h.store.list({ limit: 10 })).toEqual({ items: [] });
  });

  it('stores one request per submission: the same submission again returns the request it stored', async () => {
    const submission = { origin: { conversationId: 'C1' }, submissionKey: 'slack-view:V0AAA' };
    const [a, b, c] = await Promise.all([
      h.service.submitCreateGroup(createInput() as CreateGroupInput, REQUESTER, submission),
      h.service.submitCreateGroup(createInput() as CreateGroupInput, REQUESTER, submission),
      h.service.submitCreateGroup(createInput() as CreateGroupInput, REQUESTER, submission),
    ]);
    expect(b?.id).toBe(a?.id);
    expect(c?.id).toBe(a?.id);
    expect((await h.store.list({ limit: 10 })).items).toHaveLength(1);
    const other = await h.service.submitCreateGroup(createInput() as CreateGroupInput, REQUESTER, {
      ...submission,
      submissionKey: 'slack-view:V0BBB',
    });
    expect(other.id).not.toBe(a?.id);
  });

  it('refuses invalid input with field issues and stores nothing', async () => {
    const err = await failure(submit({ region: 'mars-1', name: '', projectId: 'x' }));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues.map((i) => i.field)).toEqual(['region', 'name', 'projectId']);
    expect(await h.store.list({ limit: 10 })).toEqual({ items: [] });
  });

  it('refuses a project the catalog does not list', async () => {
    const err = await failure(submit({ projectId: '4242' }));
    expect(err).toMatchObject({ code: 'invalid_input', issues: [{ field: 'projectId' }] });
  });

  it('refuses when the region has no room for another group, storing nothing', async () => {
    h.emulator.setLimits({ groupQuota: 2 });
    await seedGroup(h.emulator, 'ap-guangzhou');
    await seedGroup(h.emulator, 'ap-guangzhou');
    const err = await failure(submit());
    expect(err).toBeInstanceOf(QuotaExceededError);
    expect((err as QuotaExceededError).detail).toBe(
      'Region ap-guangzhou already has 2 of the 2 security groups allowed.',
    );
    expect(await h.store.list({ limit: 10 })).toEqual({ items: [] });
  });

  it('refuses a plan with more rules than a group holds', async () => {
    h.emulator.setLimits({ ruleQuota: 5 });
    await expect(submit({ templateId: 'web-basic' })).rejects.toThrow(/13 rules; a group holds at most 5/);
  });

  it('goes ahead when the quota lookup fails, and logs it', async () => {
    failNext(h.emulator, { action: 'DescribeSecurityGroupLimits', code: 'InternalError', message: 'try later' });
    const request = await submit();
    expect(request.status).toBe('pending');
    expect(h.log.lines).toContainEqual({
      level: 'warn',
      text: 'quota check for ap-guangzhou skipped: cloud_unavailable: InternalError: try later',
    });
  });

  it('asks the cloud for the quota once per region for a short while', async () => {
    await submit();
    await submit();
    expect(callsTo(h.emulator, 'DescribeSecurityGroupLimits')).toHaveLength(1);
    h.clock.advance(30_000);
    await submit();
    expect(callsTo(h.emulator, 'DescribeSecurityGroupLimits')).toHaveLength(2);
  });

  it('shares one quota lookup among submissions that arrive while it runs', async () => {
    // With the catalog's lists in memory, a submission reaches the quota step without any I/O.
    await vi.waitFor(async () => {
      expect(await h.catalog.regions()).toEqual(await h.cloud.listRegions());
      expect(await h.catalog.projects()).toEqual(await h.cloud.listProjects());
    });
    const held = h.emulator.holdNext('DescribeSecurityGroupLimits');
    const first = submit({ name: 'first' });
    await held.arrived;
    const others = Array.from({ length: 9 }, (_, i) => submit({ name: `meanwhile-${i}` }));
    await new Promise((resolve) => setImmediate(resolve));
    held.release();
    const all = await Promise.all([first, ...others]);
    expect(all.map((r) => r.status)).toEqual(Array(10).fill('pending'));
    expect(callsTo(h.emulator, 'DescribeSecurityGroupLimits')).toHaveLength(1);
  });

  it('refuses a request without a requester', async () => {
    await expect(h.service.submitCreateGroup(createInput() as CreateGroupInput, ' ')).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });
});

describe('submitting an add-rules request', () => {
  it('needs one approval for rules with no risk', async () => {
    const request = await h.service.submitAddRules(
      { region: 'ap-guangzhou', securityGroupId: 'sg-1a2b3c4d', rules: [sshRule] },
      REQUESTER,
    );
    expect(request).toMatchObject({
      kind: 'add-rules',
      spec: { kind: 'add-rules', region: 'ap-guangzhou', securityGroupId: 'sg-1a2b3c4d' },
      risks: [],
      approvalsRequired: 1,
      rules: [{ ...sshRule, peer: { kind: 'ipv4', cidr: '203.0.113.0/24' } }],
    });
  });

  it('needs two approvals when a rule opens a sensitive port to the internet', async () => {
    const request = await h.service.submitAddRules(
      { region: 'ap-guangzhou', securityGroupId: 'sg-1a2b3c4d', rules: [{ ...sshRule, peer: '0.0.0.0/0' }] },
      REQUESTER,
    );
    expect(request.approvalsRequired).toBe(2);
    expect(request.risks).toEqual([{ ruleIndex: 0, severity: 'warning', message: 'SSH (22) open to the internet' }]);
  });

  it("judges the rules with the group's current ones: the other half of SSH from the internet needs two approvals", async () => {
    const group = await seedGroup(h.emulator, 'ap-guangzhou', { rules: [SSH_FROM_FIRST_HALF] });
    const request = await h.service.submitAddRules(
      { region: 'ap-guangzhou', securityGroupId: group.id, rules: [{ ...sshRule, peer: '8000::/1' }] },
      REQUESTER,
    );
    expect(request.risks).toEqual([
      {
        ruleIndex: 0,
        severity: 'warning',
        message: "SSH (22) open to the internet, together with the group's current rules",
      },
    ]);
    expect(request.approvalsRequired).toBe(2);
  });

  it("judges the rules alone, and says so, when the group's rules do not come in time", async () => {
    const group = await seedGroup(h.emulator, 'ap-guangzhou', { rules: [SSH_FROM_FIRST_HALF] });
    const impatient = await startHarness({ emulator: h.emulator, service: { quotaWaitMs: 50 } });
    try {
      const held = h.emulator.holdNext('DescribeSecurityGroupPolicies');
      const request = await impatient.service.submitAddRules(
        { region: 'ap-guangzhou', securityGroupId: group.id, rules: [{ ...sshRule, peer: '8000::/1' }] },
        REQUESTER,
      );
      held.release();
      expect(request.risks).toEqual([]);
      expect(request.approvalsRequired).toBe(1);
      expect(impatient.log.lines).toContainEqual({
        level: 'warn',
        text: `${group.id}: its rules did not arrive within 50 ms; the submission goes ahead without it`,
      });
    } finally {
      await impatient.close();
    }
  });

  it('refuses bad rules by field', async () => {
    const err = await failure(
      h.service.submitAddRules(
        { region: 'ap-guangzhou', securityGroupId: 'sg-1a2b3c4d', rules: [sshRule, { ...sshRule, port: '0' }] },
        REQUESTER,
      ),
    );
    expect(err).toMatchObject({ issues: [{ field: 'rules.1.port' }] });
  });
});

describe('approving', () => {
  it('executes on the last approval: creates the tagged group, reads its rules back, records the result', async () => {
    const submitted = await submit();
    const callsBefore = h.emulator.calls().length;
    const done = await h.service.approve(submitted.id, AP1);

    expect(done.status).toBe('done');
    const [group] = groupsIn(h.emulator, 'ap-guangzhou');
    expect(group).toMatchObject({ name: 'web-prod', description: 'Front end servers', projectId: '0' });
    expect(group?.tags).toEqual({ [REQUEST_TAG_KEY]: submitted.id });
    expect(done.result).toEqual({
      securityGroupId: group?.id,
      rules: rulesOf(h.emulator, group?.id ?? ''),
      completedAt: h.clock.now().toISOString(),
      // The quota use after the change: the one group of 50 in its project and region, 100 rules a direction.
      quota: { rulesPerDirectionLimit: 100, groups: { count: 1, limit: 50 } },
    });
    expect(done.result?.rules).toEqual(submitted.rules);
    expect(executionCalls(h.emulator, callsBefore)).toEqual([
      'CreateSecurityGroupWithPolicies',
      'DescribeSecurityGroupPolicies',
    ]);
    // The quota use read after it counts the groups of the request's project in its region.
    const count = callsTo(h.emulator, 'DescribeSecurityGroups').at(-1);
    expect([count?.region, count?.params]).toEqual([
      'ap-guangzhou',
      { Offset: '0', Limit: '1', Filters: [{ Name: 'project-id', Values: ['0'] }] },
    ]);
    expect(done.approvals).toEqual([{ actorId: AP1, at: h.clock.now().toISOString() }]);
    expect(done.lease).toBeUndefined();
    expect(done.history.map((e) => [e.from, e.to, e.actorId])).toEqual([
      [null, 'pending', REQUESTER],
      ['pending', 'approved', AP1],
      ['approved', 'executing', AP1],
      ['executing', 'done', 'system'],
    ]);
    expect(await h.store.get(done.id)).toEqual(done);
  });

  it('keeps a done change done when the quota cannot be read after it, without quota use', async () => {
    const submitted = await submit();
    const quotaReadsBefore = callsTo(h.emulator, 'DescribeSecurityGroupLimits').length;
    failNext(h.emulator, { action: 'DescribeSecurityGroupLimits', code: 'InternalError', message: 'try later' });
    const done = await h.service.approve(submitted.id, AP1);
    expect(done.status).toBe('done');
    expect(callsTo(h.emulator, 'DescribeSecurityGroupLimits')).toHaveLength(quotaReadsBefore + 1);
    expect(done.result?.securityGroupId).toBe(groupsIn(h.emulator, 'ap-guangzhou')[0]?.id);
    expect(done.result).not.toHaveProperty('quota');
  });

  it('waits for the number of distinct approvals the template asks for', async () => {
    const submitted = await submit({ templateId: 'open-all' });
    const first = await h.service.approve(submitted.id, AP1);
    expect(first).toMatchObject({ status: 'pending', approvals: [{ actorId: AP1 }] });
    expect(first.history.at(-1)).toMatchObject({
      from: 'pending',
      to: 'pending',
      actorId: AP1,
      reason: 'approval 1 of 2',
    });
    expect(callsTo(h.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(0);

    const again = await failure(h.service.approve(submitted.id, AP1));
    expect(again).toBeInstanceOf(AlreadyApprovedByActorError);
    await expectUnchanged(first);

    const done = await h.service.approve(submitted.id, AP2);
    expect(done.status).toBe('done');
    expect(done.approvals.map((a) => a.actorId)).toEqual([AP1, AP2]);
  });

  it('never lets the requester approve their own request, even as an approver', async () => {
    h = await restartWith({ approvers: [REQUESTER, AP1] });
    const submitted = await submit();
    expect(await failure(h.service.approve(submitted.id, REQUESTER))).toBeInstanceOf(SelfApprovalError);
    await expectUnchanged(submitted);
  });

  it('refuses someone who is not an approver, leaving no trace and making no cloud call', async () => {
    const submitted = await submit();
    const callsBefore = h.emulator.calls().length;
    expect(await failure(h.service.approve(submitted.id, STRANGER))).toBeInstanceOf(NotApproverError);
    await expectUnchanged(submitted);
    expect(executionCalls(h.emulator, callsBefore)).toEqual([]);
  });

  it('answers a late approval with the decided request, so the front end can say who and what', async () => {
    const submitted = await submit();
    await h.service.approve(submitted.id, AP1);
    const err = await failure(h.service.approve(submitted.id, AP2));
    expect(err).toBeInstanceOf(AlreadyDecidedError);
    expect((err as AlreadyDecidedError).request).toMatchObject({ status: 'done', approvals: [{ actorId: AP1 }] });
  });

  it('expires a request approved after its deadline and says so', async () => {
    const submitted = await submit();
    h.clock.advance(24 * HOUR);
    expect(await failure(h.service.approve(submitted.id, AP1))).toBeInstanceOf(ExpiredError);
    const stored = await h.service.get(submitted.id);
    expect(stored.status).toBe('expired');
    expect(stored.history.at(-1)).toMatchObject({ from: 'pending', to: 'expired', actorId: 'system' });
    expect(callsTo(h.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(0);
  });

  it.each([
    ['an unknown id', 'req-zzzzzzzz'],
    ['garbage', "'; DROP TABLE secgroup_requests; --"],
    ['a group id', 'sg-1a2b3c4d'],
  ])('answers NotFound for %s', async (_name, id) => {
    expect(await failure(h.service.approve(id, AP1))).toBeInstanceOf(NotFoundError);
  });

  it('records a cloud refusal as failed, with the cloud code, message and request id', async () => {
    const submitted = await submit();
    failNext(h.emulator, {
      action: 'CreateSecurityGroupWithPolicies',
      code: 'InvalidParameterValue.Duplicate',
      message: 'duplicate name',
    });
    const failed = await h.service.approve(submitted.id, AP1);
    const [create] = callsTo(h.emulator, 'CreateSecurityGroupWithPolicies');
    expect(failed).toMatchObject({
      status: 'failed',
      failure: { code: 'InvalidParameterValue.Duplicate', message: 'duplicate name', requestId: create?.requestId },
    });
    expect(failed.lease).toBeUndefined();
    expect(statuses(failed)).toEqual(['pending', 'approved', 'executing', 'failed']);
  });

  it('records an unexpected error as failed without its text, and logs it', async () => {
    const submitted = await submit();
    vi.spyOn(h.cloud, 'createGroupWithRules').mockRejectedValueOnce(new TypeError('secret-ish internals'));
    const failed = await h.service.approve(submitted.id, AP1);
    expect(failed.failure).toEqual({
      code: 'internal_error',
      message: 'The change could not be applied because of an unexpected error.',
      // It may have been passing: Retry stays offered.
      retryable: true,
    });
    expect(h.log.lines.some((e) => e.level === 'error' && e.text.includes('secret-ish internals'))).toBe(true);
  });
});

describe('approving at the same time', () => {
  it('50 approvers at once on a one-approval request: one execution, 49 "already decided"', async () => {
    const submitted = await submit();
    const outcomes = await Promise.allSettled(APPROVERS.map((id) => h.service.approve(submitted.id, id)));

    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(49);
    for (const reason of rejected) {
      expect(reason).toBeInstanceOf(AlreadyDecidedError);
      expect(['approved', 'executing', 'done']).toContain((reason as AlreadyDecidedError).request.status);
    }
    expect(callsTo(h.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(1);
    expect(groupsIn(h.emulator, 'ap-guangzhou')).toHaveLength(1);
    const stored = await h.service.get(submitted.id);
    expect(stored.status).toBe('done');
    expect(stored.approvals).toHaveLength(1);
  });

  it('50 approvers at once on a two-approval request: two approvals, one execution', async () => {
    const submitted = await submit({ templateId: 'open-all' });
    const outcomes = await Promise.allSettled(APPROVERS.map((id) => h.service.approve(submitted.id, id)));
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(rejected).toHaveLength(48);
    expect(rejected.every((r) => r instanceof AlreadyDecidedError)).toBe(true);
    expect(callsTo(h.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(1);
    const stored = await h.service.get(submitted.id);
    expect(stored.status).toBe('done');
    expect(new Set(stored.approvals.map((a) => a.actorId)).size).toBe(2);
  });

  it('50 approvers split over two processes sharing the database: one execution', async () => {
    const other = await h.secondProcess();
    const submitted = await submit();
    const outcomes = await Promise.allSettled(
      APPROVERS.map((id, i) => (i % 2 ? h.service : other.service).approve(submitted.id, id)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(rejected.every((r) => r instanceof AlreadyDecidedError)).toBe(true);
    expect(callsTo(h.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(1);
    expect((await other.service.get(submitted.id)).status).toBe('done');
  });

  it('a double click by one approver records one approval', async () => {
    const submitted = await submit({ templateId: 'open-all' });
    const outcomes = await Promise.allSettled([
      h.service.approve(submitted.id, AP1),
      h.service.approve(submitted.id, AP1),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o) => o.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(AlreadyApprovedByActorError);
    expect((await h.service.get(submitted.id)).approvals).toHaveLength(1);
  });
});

describe('rejecting and cancelling', () => {
  it('an approver rejects with a reason, recorded in the audit trail', async () => {
    const submitted = await submit();
    const rejected = await h.service.reject(submitted.id, AP1, '  Too open; use the office template.  ');
    expect(rejected.status).toBe('rejected');
    expect(rejected.history.at(-1)).toEqual({
      from: 'pending',
      to: 'rejected',
      actorId: AP1,
      at: h.clock.now().toISOString(),
      reason: 'Too open; use the office template.',
    });
  });

  it.each([
    ['a stranger', STRANGER, 'why not', NotApproverError],
    ['an empty reason', AP1, '   ', InvalidInputError],
    ['a 501-character reason', AP1, 'r'.repeat(501), InvalidInputError],
  ])('refuses a rejection by %s, leaving the request pending', async (_name, actor, reason, type) => {
    const submitted = await submit();
    expect(await failure(h.service.reject(submitted.id, actor, reason))).toBeInstanceOf(type);
    await expectUnchanged(submitted);
  });

  it('refuses to reject a request that is already done', async () => {
    const submitted = await submit();
    await h.service.approve(submitted.id, AP1);
    expect(await failure(h.service.reject(submitted.id, AP2, 'late'))).toBeInstanceOf(AlreadyDecidedError);
  });

  it('expires instead of rejecting past the deadline', async () => {
    const submitted = await submit();
    h.clock.advance(25 * HOUR);
    expect(await failure(h.service.reject(submitted.id, AP1, 'too late'))).toBeInstanceOf(ExpiredError);
    expect((await h.service.get(submitted.id)).status).toBe('expired');
  });

  it('the requester cancels while pending', async () => {
    const submitted = await submit();
    const cancelled = await h.service.cancel(submitted.id, REQUESTER);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)).toMatchObject({ from: 'pending', to: 'cancelled', actorId: REQUESTER });
    expect(await failure(h.service.approve(submitted.id, AP1))).toBeInstanceOf(AlreadyDecidedError);
  });

  it('only the requester may cancel, and only while pending', async () => {
    const submitted = await submit();
    expect(await failure(h.service.cancel(submitted.id, AP1))).toBeInstanceOf(NotRequesterError);
    await expectUnchanged(submitted);
    await h.service.reject(submitted.id, AP1, 'no');
    expect(await failure(h.service.cancel(submitted.id, REQUESTER))).toBeInstanceOf(AlreadyDecidedError);
  });
});

describe('retrying a failed request', () => {
  async function failedRequest() {
    const submitted = await submit();
    failNext(h.emulator, { action: 'CreateSecurityGroupWithPolicies', code: 'InternalError', message: 'boom' });
    const failed = await h.service.approve(submitted.id, AP1);
    expect(failed.status).toBe('failed');
    return failed;
  }

  it('an approver retries: the tag is looked up first, then the group is created', async () => {
    const failed = await failedRequest();
    const callsBefore = h.emulator.calls().length;
    const done = await h.service.retry(failed.id, AP2);
    expect(done.status).toBe('done');
    expect(done.failure).toBeUndefined();
    expect(executionCalls(h.emulator, callsBefore)).toEqual([
      'DescribeSecurityGroups',
      'CreateSecurityGroupWithPolicies',
      'DescribeSecurityGroupPolicies',
    ]);
    expect(statuses(done)).toEqual(['pending', 'approved', 'executing', 'failed', 'executing', 'done']);
    expect(done.history.at(-2)).toMatchObject({ from: 'failed', to: 'executing', actorId: AP2, reason: 'retry' });
  });

  it('does not create a second group when the first create succeeded but its answer was lost', async () => {
    const submitted = await submit();
    // The group is made, then the connection drops before the answer.
    failNext(h.emulator, { action: 'CreateSecurityGroupWithPolicies', reset: true, afterCommit: true });
    const failed = await h.service.approve(submitted.id, AP1);
    expect(failed.status).toBe('failed');
    const [group] = groupsIn(h.emulator, 'ap-guangzhou');

    const done = await h.service.retry(submitted.id, AP1);
    expect(done.status).toBe('done');
    expect(done.result?.securityGroupId).toBe(group?.id);
    expect(groupsIn(h.emulator, 'ap-guangzhou')).toHaveLength(1);
    expect(callsTo(h.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(1);
  });

  it('fails again, with the new error, when the cloud still refuses', async () => {
    const failed = await failedRequest();
    failNext(h.emulator, { action: 'CreateSecurityGroupWithPolicies', code: 'LimitExceeded', message: 'quota' });
    const again = await h.service.retry(failed.id, AP1);
    const refused = callsTo(h.emulator, 'CreateSecurityGroupWithPolicies').at(-1);
    expect(again).toMatchObject({
      status: 'failed',
      failure: { code: 'LimitExceeded', requestId: refused?.requestId },
    });
  });

  it('refuses a stranger, and a request that has not failed', async () => {
    const failed = await failedRequest();
    expect(await failure(h.service.retry(failed.id, STRANGER))).toBeInstanceOf(NotApproverError);
    await expectUnchanged(failed);
    const done = await h.service.retry(failed.id, AP1);
    expect(done.status).toBe('done');
    expect(await failure(h.service.retry(failed.id, AP1))).toBeInstanceOf(AlreadyDecidedError);
  });
});

describe('adding rules to a group', () => {
  it('adds the rules, then reads the whole group back', async () => {
    const existing = await seedGroup(h.emulator, 'ap-guangzhou', { name: 'blank' });
    const submitted = await h.service.submitAddRules(
      { region: 'ap-guangzhou', securityGroupId: existing.id, rules: [sshRule] },
      REQUESTER,
    );
    const callsBefore = h.emulator.calls().length;
    const done = await h.service.approve(submitted.id, AP1);
    expect(done.status).toBe('done');
    // What the group has first (only the rules not there yet are added: the provider reads too), then the group read back.
    expect(executionCalls(h.emulator, callsBefore)).toEqual([
      'DescribeSecurityGroupPolicies',
      'DescribeSecurityGroupPolicies',
      'CreateSecurityGroupPolicies',
      'DescribeSecurityGroupPolicies',
    ]);
    expect(rulesOf(h.emulator, existing.id)).toEqual(submitted.rules);
    expect(done.result).toMatchObject({ securityGroupId: existing.id, rules: submitted.rules });
  });

  it('a failed attempt leaves none of its rules, even those a lost answer hid; Retry adds them all', async () => {
    const existing = await seedGroup(h.emulator, 'ap-guangzhou');
    const submitted = await h.service.submitAddRules(
      { region: 'ap-guangzhou', securityGroupId: existing.id, rules: [sshRule, { ...sshRule, port: '443' }] },
      REQUESTER,
    );
    failNext(h.emulator, { action: 'CreateSecurityGroupPolicies', reset: true, afterCommit: true });
    const failed = await h.service.approve(submitted.id, AP1);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toMatchObject({ retryable: true });
    expect(failed.failure?.live).toBeUndefined();
    expect(rulesOf(h.emulator, existing.id)).toEqual([]);

    const done = await h.service.retry(submitted.id, AP1);
    expect(done.status).toBe('done');
    expect(rulesOf(h.emulator, existing.id)).toEqual(submitted.rules);
  });

  /** Inbound and outbound rules submitted; the inbound call lands, the outbound one is refused with `code`. */
  async function outboundRefused(code: string) {
    const existing = await seedGroup(h.emulator, 'ap-guangzhou');
    const submitted = await h.service.submitAddRules(
      {
        region: 'ap-guangzhou',
        securityGroupId: existing.id,
        rules: [sshRule, { ...sshRule, port: '443', description: '' }, { ...sshRule, direction: 'outbound' }],
      },
      REQUESTER,
    );
    const inbound = h.emulator.holdNext('CreateSecurityGroupPolicies', 'after');
    const approving = h.service.approve(submitted.id, AP1);
    await inbound.arrived;
    failNext(h.emulator, { action: 'CreateSecurityGroupPolicies', code, message: 'refused' });
    inbound.release();
    return { groupId: existing.id, failed: await approving };
  }

  it('all or nothing: when the outbound rules are refused, the inbound ones added before are removed', async () => {
    const { groupId, failed } = await outboundRefused('InvalidParameterValue');
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'InvalidParameterValue', retryable: false } });
    expect(failed.failure?.live).toBeUndefined();
    expect(rulesOf(h.emulator, groupId)).toEqual([]);
    // Removed by index at the Version read just before, in one call.
    expect(callsTo(h.emulator, 'DeleteSecurityGroupPolicies')).toHaveLength(1);
    await expect(h.service.retry(failed.id, AP1)).rejects.toMatchObject({ code: 'not_retryable' });
  });

  it('when the removal fails too, the failure names the rules that are live', async () => {
    failNext(h.emulator, { action: 'DeleteSecurityGroupPolicies', times: 10, code: 'FailedOperation', message: 'no' });
    const { groupId, failed } = await outboundRefused('InvalidParameterValue');
    expect(rulesOf(h.emulator, groupId)).toHaveLength(2);
    expect(failed.failure?.live).toBe(
      `${groupId} has 2 of this request's rules (inbound: 203.0.113.0/24 TCP:22 Allow SSH from the office, 203.0.113.0/24 TCP:443 Allow); removing them failed (cloud_rejected: FailedOperation: no).`,
    );
    expect(failed.history.at(-1)?.reason).toBe(`cloud error InvalidParameterValue; ${failed.failure?.live}`);
  });

  it('a refusal a retry may fix (a busy group) is retryable, and the retry adds every rule', async () => {
    const { groupId, failed } = await outboundRefused('UnsupportedOperation.LockedResources');
    expect(failed.failure).toMatchObject({ retryable: true });
    expect(rulesOf(h.emulator, groupId)).toEqual([]);
    expect((await h.service.retry(failed.id, AP1)).status).toBe('done');
    expect(rulesOf(h.emulator, groupId)).toHaveLength(3);
  });

  it('fails cleanly when the group does not exist', async () => {
    const submitted = await h.service.submitAddRules(
      { region: 'ap-guangzhou', securityGroupId: 'sg-00000000', rules: [sshRule] },
      REQUESTER,
    );
    const failed = await h.service.approve(submitted.id, AP1);
    // Tencent's ResourceNotFound, as the provider reports it: the group is not there.
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'not_found' } });
  });
});

describe('expiry', () => {
  it('expires overdue pending requests once, and leaves the others', async () => {
    const old = await submit({ name: 'old' });
    h.clock.advance(2 * HOUR);
    const recent = await submit({ name: 'recent' });
    const approved = await submit({ name: 'approved' });
    await h.service.approve(approved.id, AP1);

    h.clock.advance(22 * HOUR);
    const expired = await h.service.expireDue();
    expect(expired.map((r) => r.id)).toEqual([old.id]);
    expect(expired[0]?.history.at(-1)).toMatchObject({ from: 'pending', to: 'expired', actorId: 'system' });
    expect((await h.service.get(recent.id)).status).toBe('pending');
    expect((await h.service.get(approved.id)).status).toBe('done');
    expect(await h.service.expireDue()).toEqual([]);
  });

  it('uses the configured time to live', async () => {
    h = await restartWith({ requestTtlMs: HOUR });
    const submitted = await submit();
    expect(submitted.expiresAt).toBe(new Date(h.clock.now().getTime() + HOUR).toISOString());
  });
});

describe('restart recovery', () => {
  it('finishes an executing request whose group exists, without creating it again', async () => {
    const submitted = await submit();
    const held = h.emulator.holdNext('DescribeSecurityGroupPolicies');
    const stalled = h.service.approve(submitted.id, AP1);
    await held.arrived;
    // The first process stops here: the group exists, the request is still `executing`.
    expect((await h.store.get(submitted.id))?.status).toBe('executing');

    h.clock.advance(LEASE_MS);
    const restarted = await h.secondProcess();
    const recovered = await restarted.service.recover();
    expect(recovered.map((r) => [r.id, r.status])).toEqual([[submitted.id, 'done']]);
    expect(callsTo(h.emulator, 'CreateSecurityGroupWithPolicies')).toHaveLength(1);
    expect(groupsIn(h.emulator, 'ap-guangzhou')).toHaveLength(1);
    expect(recovered[0]?.history.at(-2)).toMatchObject({
      from: 'executing',
      to: 'executing',
      actorId: 'system',
      reason: 'resumed by process-2 after an interruption',
    });

    // Should the first process wake up after all, it does not overwrite the outcome.
    held.release();
    const late = await stalled;
    expect(late.status).toBe('done');
    expect((await h.store.get(submitted.id))?.version).toBe(recovered[0]?.version);
  });

  it('creates the group, once, when the stopped process never reached the cloud', async () => {
    const submitted = await submit();
    const held = h.emulator.holdNext('CreateSecurityGroupWithPolicies');
    void h.service.approve(submitted.id, AP1);
    await held.arrived;

    h.clock.advance(LEASE_MS);
    const restarted = await h.secondProcess();
    const [recovered] = await restarted.service.recover();
    expect(recovered?.status).toBe('done');
    expect(groupsIn(h.emulator, 'ap-guangzhou')).toHaveLength(1);
    expect(groupsIn(h.emulator, 'ap-guangzhou')[0]?.tags).toEqual({ [REQUEST_TAG_KEY]: submitted.id });
  });

  it('leaves alone a request another live process is still executing', async () => {
    const submitted = await submit();
    const held = h.emulator.holdNext('CreateSecurityGroupWithPolicies');
    const running = h.service.approve(submitted.id, AP1);
    await held.arrived;

    const other = await h.secondProcess();
    h.clock.advance(LEASE_MS - 1);
    expect(await other.service.recover()).toEqual([]);
    expect(tagLookups()).toHaveLength(0);

    held.release();
    expect((await running).status).toBe('done');
  });

  it('runs a request left approved (stopped before executing) with no tag lookup', async () => {
    const submitted = await submit();
    await h.store.replace(
      {
        ...submitted,
        status: 'approved',
        approvals: [{ actorId: AP1, at: h.clock.now().toISOString() }],
        lease: { owner: 'process-gone', expiresAt: h.clock.now().toISOString() },
        version: 2,
      },
      1,
    );
    const callsBefore = h.emulator.calls().length;
    const [recovered] = await (await h.secondProcess()).service.recover();
    expect(recovered?.status).toBe('done');
    expect(executionCalls(h.emulator, callsBefore)).toEqual([
      'CreateSecurityGroupWithPolicies',
      'DescribeSecurityGroupPolicies',
    ]);
  });

  it('two processes recovering at once finish the request once', async () => {
    const submitted = await submit();
    const held = h.emulator.holdNext('CreateSecurityGroupWithPolicies');
    void h.service.approve(submitted.id, AP1);
    await held.arrived;
    h.clock.advance(LEASE_MS);

    const [a, b] = [await h.secondProcess(), await h.secondProcess()];
    const [fromA, fromB] = await Promise.all([a.service.recover(), b.service.recover()]);
    expect([...fromA, ...fromB].map((r) => r.status)).toEqual(['done']);
    expect(tagLookups()).toHaveLength(1);
    expect(groupsIn(h.emulator, 'ap-guangzhou')).toHaveLength(1);
  });

  it('marks the request failed when the tag lookup itself fails, so it can be retried', async () => {
    const submitted = await submit();
    const held = h.emulator.holdNext('CreateSecurityGroupWithPolicies');
    void h.service.approve(submitted.id, AP1);
    await held.arrived;
    h.clock.advance(LEASE_MS);

    failNext(h.emulator, { action: 'DescribeSecurityGroups', code: 'InternalError', message: 'down' });
    const restarted = await h.secondProcess();
    const [recovered] = await restarted.service.recover();
    expect(recovered).toMatchObject({ status: 'failed', failure: { code: 'InternalError' } });
    expect((await restarted.service.retry(submitted.id, AP2)).status).toBe('done');
    expect(groupsIn(h.emulator, 'ap-guangzhou')).toHaveLength(1);
  });
});

describe('reading requests', () => {
  it('get returns the stored request; unknown and malformed ids are NotFound', async () => {
    const submitted = await submit();
    expect(await h.service.get(submitted.id)).toEqual(submitted);
    expect(await h.service.get(` ${submitted.id.toUpperCase()} `)).toEqual(submitted);
    expect(await failure(h.service.get('req-00000000'))).toBeInstanceOf(NotFoundError);
    const long = await failure(h.service.get('x'.repeat(5000)));
    expect(long).toBeInstanceOf(NotFoundError);
    expect((long as NotFoundError).message.length).toBeLessThan(100);
  });

  it('history pages newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await submit({ name: `g${i}` })).id);
      h.clock.advance(1000);
    }
    const first = await h.service.history({ limit: 3 });
    expect(first.items.map((r) => r.id)).toEqual([ids[4], ids[3], ids[2]]);
    const second = await h.service.history({ limit: 3, cursor: first.nextCursor });
    expect(second.items.map((r) => r.id)).toEqual([ids[1], ids[0]]);
    expect(second.nextCursor).toBeUndefined();
  });

  it.each([0, 101, 2.5])('history refuses a page size of %s', async (limit) => {
    expect(await failure(h.service.history({ limit }))).toBeInstanceOf(InvalidInputError);
  });
});

describe('change listeners', () => {
  it('hears every stored change of a request, in order', async () => {
    const heard: [RequestStatus, number][] = [];
    h.service.onChange((r) => {
      heard.push([r.status, r.version]);
    });
    const submitted = await submit({ templateId: 'open-all' });
    await h.service.approve(submitted.id, AP1);
    await h.service.approve(submitted.id, AP2);
    await h.service.settled();
    expect(heard).toEqual([
      ['pending', 1],
      ['pending', 2],
      ['approved', 3],
      ['executing', 4],
      ['done', 5],
    ]);
  });

  it('never holds up a change, nor another request, while a listener is slow', async () => {
    const stuck = new Set<string>();
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const heard: string[] = [];
    h.service.onChange(async (r) => {
      heard.push(`${r.id}:${r.status}`);
      if (stuck.has(r.id)) await released;
    });
    const slow = await submit();
    stuck.add(slow.id);
    const other = await submit({ name: 'other' });
    // The slow request's later changes wait for its listener; the changes and the other request do not.
    expect((await h.service.approve(slow.id, AP1)).status).toBe('done');
    expect((await h.service.approve(other.id, AP1)).status).toBe('done');
    await vi.waitFor(() => expect(heard).toContain(`${other.id}:done`));
    expect(heard.filter((e) => e.startsWith(slow.id))).toEqual([`${slow.id}:pending`, `${slow.id}:approved`]);
    release();
    await h.service.settled();
    expect(heard.filter((e) => e.startsWith(slow.id))).toEqual([
      `${slow.id}:pending`,
      `${slow.id}:approved`,
      `${slow.id}:executing`,
      `${slow.id}:done`,
    ]);
  });

  it('logs a failing listener and still calls the next one', async () => {
    const heard: string[] = [];
    h.service.onChange(() => {
      throw new Error('card update failed');
    });
    h.service.onChange((r) => {
      heard.push(r.status);
    });
    const submitted = await submit();
    expect((await h.service.approve(submitted.id, AP1)).status).toBe('done');
    await h.service.settled();
    expect(heard).toEqual(['pending', 'approved', 'executing', 'done']);
    expect(h.log.lines.filter((e) => e.level === 'error' && e.text.includes('card update failed'))).toHaveLength(4);
  });

  it('lets a listener call the service without waiting on itself', async () => {
    const heard: number[] = [];
    h.service.onChange(async (r) => {
      heard.push(r.version);
      if (r.version === 1) await h.service.cancel(r.id, REQUESTER);
    });
    const submitted = await submit();
    await vi.waitFor(() => expect(heard).toEqual([1, 2]));
    expect((await h.service.get(submitted.id)).status).toBe('cancelled');
  });
});

async function restartWith(options: { approvers?: string[]; requestTtlMs?: number }): Promise<Harness> {
  await h.close();
  return startHarness({
    service: {
      ...(options.approvers ? { approvers: approverDirectory(options.approvers) } : {}),
      ...(options.requestTtlMs ? { requestTtlMs: options.requestTtlMs } : {}),
    },
  });
}
