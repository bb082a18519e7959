/**
 * Temporary access when things go wrong: kill -9 of the app (a child process) during a removal,
 * the app down at expiry, and two replicas on PostgreSQL at expiry. Each time the rules a request
 * added are removed once, nothing else is touched, and the thread is told once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { derivedRequestId } from '../../src/service/ids.js';
import type { ChangeRequest } from '../../src/service/types.js';
import { createTestClock } from '../helpers/clock.js';
import { type ApiCall, type FakeSlackApi, startFakeSlackApi } from '../helpers/slack-api.js';
import { createTestDatabase, postgresSuitesRun } from '../helpers/test-databases.js';
import { callsTo, rulesOf, startTestEmulator } from '../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../helpers/test-secgroup.js';
import * as slackFlow from '../integration/slack/flow.js';
import { type ChildRun, startChildRun } from './support/child-run.js';
import { click, submitNewGroup, waitForStatus } from './support/flow.js';
import { APPROVER_1 } from './support/real-app.js';

const HOUR = 3_600_000;
const WEB_BASIC_RULES = 13;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const removedPosts = (slackApi: FakeSlackApi): ApiCall[] =>
  slackApi.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Temporary rules of'));

describe('kill -9 during the removal', () => {
  let run: ChildRun;

  it.each([
    ['before the cloud saw the delete', 'request'],
    ['after the cloud carried the delete out, before its answer', 'response'],
  ] as const)('%s: the restarted app removes each rule once and tells the thread once', async (_name, point) => {
    run = await startChildRun({ gate: true }, { RELIABILITY_MAINTENANCE_MS: '250' });
    const { edges } = run;
    cleanups.push(() => run.stop());
    await run.start();
    const request = await submitNewGroup(run.driver(), { templateId: 'web-basic', keepFor: '1h' });
    await click(run.driver(), 'secgroup_approve', request.id, APPROVER_1, 'approve');
    const grant = await waitForStatus(run.driver(), request.id, 'done');
    const groupId = grant.result?.securityGroupId ?? '';
    expect(rulesOf(edges.emulator, groupId)).toHaveLength(WEB_BASIC_RULES);

    // The child runs on the system clock: its rules are made due by moving their expiry back in the store.
    const held = edges.gate?.hold('DeleteSecurityGroupPolicies', point);
    const due = {
      ...grant,
      temporary: { keep: { hours: 1 }, rulesExpireAt: new Date(Date.now() - 1000).toISOString() },
    };
    expect(await edges.store.replace({ ...due, version: grant.version + 1 }, grant.version)).toBe(true);
    await held?.held;
    await run.kill();
    edges.gate?.openAll();
    await run.start();

    const removal = await waitForStatus(run.driver(), derivedRequestId(grant.id, 'remove-access'), 'done', 30_000);
    expect(removal.removal?.notFound).toEqual([]);
    expect(rulesOf(edges.emulator, groupId)).toEqual([]);
    // One delete per direction reached the cloud: the held one (if it got there) was not sent again.
    expect(callsTo(edges.emulator, 'DeleteSecurityGroupPolicies')).toHaveLength(2);
    await vi.waitFor(() => expect(removedPosts(edges.slackApi)).toHaveLength(1), { timeout: 20_000 });
  });
});

/** A web-basic group kept `keepFor`, approved, through the real receiver of `t`. */
async function grantedIn(t: TestSecgroup, keepFor = '1h'): Promise<ChangeRequest> {
  const request = await slackFlow.submitNewGroup(t, { templateId: 'web-basic', name: 'temporary', keepFor });
  await slackFlow.click(t, 'secgroup_approve', request.id, 'U0APPROVER1');
  return slackFlow.waitForStatus(t, request.id, 'done');
}

describe('the app down at expiry', () => {
  it('removes the rules due while it was down when it starts, and tells the thread once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'secgroup-temporary-'));
    const slackApi = await startFakeSlackApi();
    const emulator = await startTestEmulator();
    cleanups.push(
      () => rm(dir, { recursive: true, force: true }),
      () => slackApi.stop(),
      () => emulator.stop(),
    );
    const clock = createTestClock();
    const shared = { slackApi, emulator, clock, dbPath: join(dir, 'secgroup.sqlite') };

    const before = await startTestSecgroup(shared);
    const grant = await grantedIn(before);
    const groupId = grant.result?.securityGroupId ?? '';
    await before.stop();

    clock.advance(3 * HOUR);
    expect(rulesOf(emulator, groupId)).toHaveLength(WEB_BASIC_RULES);
    const after = await startTestSecgroup(shared);
    cleanups.push(() => after.stop());
    // Start-up's own maintenance round removed them before the app reported ready.
    expect(rulesOf(emulator, groupId)).toEqual([]);
    await after.settled();
    await after.running.sweep.runOnce();
    expect(removedPosts(slackApi)).toHaveLength(1);
  });
});

const postgres = await postgresSuitesRun();

describe.skipIf(!postgres)('two replicas on PostgreSQL at expiry', () => {
  it('one removal, one delete per direction, one message', async () => {
    const db = await createTestDatabase('postgres');
    cleanups.push(() => db.drop());
    const t = await startTestSecgroup({ env: db.env });
    cleanups.push(() => t.stop());
    const replica = await startTestSecgroup({ replicaOf: t, env: db.env });
    cleanups.push(() => replica.stop());
    const grant = await grantedIn(t);
    const groupId = grant.result?.securityGroupId ?? '';

    t.clock.advance(HOUR);
    await Promise.all([t.service.removeExpiredAccess(), replica.service.removeExpiredAccess()]);
    await Promise.all([t.settled(), replica.settled()]);
    await Promise.all([t.running.sweep.runOnce(), replica.running.sweep.runOnce()]);
    expect(rulesOf(t.emulator, groupId)).toEqual([]);
    expect(callsTo(t.emulator, 'DeleteSecurityGroupPolicies')).toHaveLength(2);
    expect((await t.store.listByStatus(['done'])).filter((r) => r.kind === 'remove-access')).toHaveLength(1);
    expect(removedPosts(t.slackApi)).toHaveLength(1);
  });
});
