/**
 * Graceful drain on SIGTERM, with two replicas on one database: the replica told to stop turns
 * not ready at once, still answers Slack, gives its execution in flight the drain time, and then
 * hands its lease over so the other replica finishes the request at once — exactly once: one
 * group, its rules posted once.
 *
 * In this process, two apps (startTestSecgroup) share the database: each counts the other as alive,
 * so the other can take over only because the lease was handed over (its lifetime here is a minute).
 * As child processes, the replica gets a real SIGTERM and must exit 0 within the bound.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sampleValue } from '../helpers/prometheus-text.js';
import { startTestSecgroup, type TestSecgroup } from '../helpers/test-secgroup.js';
import { type AppChild, startAppChild } from './support/app-child.js';
import { expectDoneOnce } from './support/done-once.js';
import { expectNoSecrets } from './support/fake-secrets.js';
import { click, type Driver, rulesPosts, submitNewGroup, taggedGroups } from './support/flow.js';
import { APPROVER_1, type Edges, startEdges } from './support/real-app.js';

const CREATE = 'CreateSecurityGroupWithPolicies';
const LEASE_MS = 60_000;

let edges: Edges | undefined;
const apps: TestSecgroup[] = [];
const children: AppChild[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await child.stop();
  // The replica that owns the Slack fake stops last.
  for (const app of apps.splice(0).reverse()) await app.stop();
  await edges?.stop();
  edges = undefined;
});

function replica(e: Edges, drainTimeoutMs: number): Promise<TestSecgroup> {
  return startTestSecgroup({
    env: e.env,
    emulator: e.emulator,
    slackApi: e.slackApi,
    dbPath: e.dbPath,
    realClock: true,
    overrides: { executionLeaseMs: LEASE_MS, drainTimeoutMs, webApiRetries: true },
  }).then((app) => {
    apps.push(app);
    return app;
  });
}

const driverOf = (e: Edges, send: Driver['send']): Driver => ({
  send,
  slackApi: e.slackApi,
  store: e.store,
  presentations: e.presentations,
});

describe('drain, two replicas in this process', () => {
  it('an execution that finishes within the drain time is finished by its own replica; meanwhile not ready, Slack still answered', async () => {
    edges = await startEdges();
    const e = edges;
    const a = await replica(e, 30_000);
    const b = await replica(e, 30_000);
    const request = await submitNewGroup(driverOf(e, a.send));
    const held = e.emulator.holdNext(CREATE, 'after');
    const approving = a.service.approve(request.id, APPROVER_1);
    await held.arrived;

    const stopping = a.running.stop();
    const base = new URL(a.url).origin;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, draining: true });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Slack does not send a click again: requests that reach the draining replica are still answered.
    expect((await click(driverOf(e, a.send), 'secgroup_approve', request.id, APPROVER_1, 'during-drain')).status).toBe(
      200,
    );
    // The lease is still held: the other replica takes nothing over.
    expect(await b.service.recover()).toEqual([]);

    held.release();
    await stopping;
    expect((await approving).status).toBe('done');
    const done = await expectDoneOnce(e, request, 30_000);
    expect(done.history.map((h) => h.to)).toEqual(['pending', 'approved', 'executing', 'done']);
  });

  it('an execution still running when the drain time is up is handed over, and the other replica finishes it at once', async () => {
    edges = await startEdges();
    const e = edges;
    const a = await replica(e, 200);
    const b = await replica(e, 30_000);
    const request = await submitNewGroup(driverOf(e, a.send));
    const held = e.emulator.holdNext(CREATE, 'after');
    const approving = a.service.approve(request.id, APPROVER_1).catch((err: unknown) => err);
    await held.arrived;

    await a.running.stop();
    const handedOver = await e.store.get(request.id);
    expect(handedOver?.status).toBe('executing');
    // Its lease now ends when it was handed over, not a minute after its last heartbeat.
    expect(Date.parse(handedOver?.lease?.expiresAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(a.logger.dump()).toContain(`request ${request.id}: execution handed over`);

    const [recovered] = await b.service.recover();
    expect(recovered?.status).toBe('done');
    const done = await expectDoneOnce(e, request, 30_000);
    expect(done.history.map((h) => h.to)).toEqual(['pending', 'approved', 'executing', 'executing', 'done']);
    const metrics = await (await fetch(`${new URL(b.url).origin}/metrics`)).text();
    expect(sampleValue(metrics, 'secgroup_execution_takeovers_total', { kind: 'create-group' })).toBe(1);

    // The stopped replica's call finally answered: it records nothing, and nothing is posted again.
    held.release();
    await approving;
    expect(taggedGroups(e.emulator.state(), request.id)).toHaveLength(1);
    expect(rulesPosts(e.slackApi, request)).toHaveLength(1);
    expect((await e.store.get(request.id))?.version).toBe(done.version);
  });
});

describe('SIGTERM, two replicas as child processes', () => {
  it('the replica that got SIGTERM mid-execution exits 0 within the drain time; the other finishes the request once', {
    timeout: 90_000,
  }, async () => {
    edges = await startEdges({ gate: true });
    const e = edges;
    const env = { ...e.env, RELIABILITY_MAINTENANCE_MS: '250', RELIABILITY_LEASE_MS: String(5 * 60_000) };
    // The held call would otherwise wait a minute for its answer: only the drain bound lets the replica go sooner.
    const a = await startAppChild({ ...env, SECGROUP_DRAIN_TIMEOUT_SECONDS: '2', TENCENTCLOUD_TIMEOUT_MS: '60000' });
    children.push(a);
    const b = await startAppChild(env);
    children.push(b);
    const request = await submitNewGroup(driverOf(e, a.send));
    const create = e.gate?.hold(CREATE, 'response');
    expect((await click(driverOf(e, a.send), 'secgroup_approve', request.id, APPROVER_1, 'sigterm')).status).toBe(200);
    await create?.held;
    expect((await e.store.get(request.id))?.lease?.owner).toMatch(new RegExp(`:${a.pid}:`));

    const sent = Date.now();
    process.kill(a.pid, 'SIGTERM');
    expect(await a.exited).toBe(0);
    const tookMs = Date.now() - sent;
    expect(tookMs).toBeLessThan(2_000 + 20_000);
    expect(a.output()).toContain(`request ${request.id}: execution handed over`);

    const done = await expectDoneOnce(e, request, 30_000);
    expect(done.history.at(-2)?.reason).toMatch(new RegExp(`^resumed by [^ ]+:${b.pid}:`));
    expect(e.gate?.actions.filter((action) => action === CREATE)).toHaveLength(1);
    expectNoSecrets('app output', [a.output(), b.output()]);
  });
});
