/**
 * A replica killed with kill -9 in the middle of executions, with two and three replicas on one
 * PostgreSQL database, each naming a host of its own (so none can see the other die): another
 * replica takes each execution over once its lease lapses, at the production figures (a 15 s
 * lease renewed every 5 s, looked for every 5 s), and finishes it within 60 s of the kill,
 * exactly once — one group each, the rules posted once, the card right.
 *
 * Two executions are cut short: one whose create the cloud carried out but whose answer never
 * came back (the replica taking over finds the group by its tag), one the cloud never saw (the
 * replica taking over creates it).
 *
 * And SIGTERM mid-execution on PostgreSQL: the replica exits 0 after its drain time, handing its
 * lease over, and the other takes the request over on its next round, without waiting for a lapse.
 */
import { describe, expect, it } from 'vitest';
import { POSTGRES_SKIPPED, postgresSuitesRun } from '../helpers/test-databases.js';
import { click, submitNewGroup, taggedGroups, uniqueName } from './support/flow.js';
import { APPROVER_1 } from './support/real-app.js';
import { CREATE, expectCompletedOnce, replicasPerTest } from './support/replicas.js';

const postgres = await postgresSuitesRun();
const TAKEOVER_BOUND_MS = 60_000;

const startReplicas = replicasPerTest();

describe.skipIf(postgres)(POSTGRES_SKIPPED, () => {
  it('runs no take-over test without PostgreSQL', () => {
    expect(postgres).toBe(false);
  });
});

describe.runIf(postgres).each([2, 3])('%i replicas on one PostgreSQL database', (count) => {
  it('kill -9 of the replica executing two requests: another finishes both within 60 s, exactly once', {
    timeout: 150_000,
  }, async ({ annotate }) => {
    const r = await startReplicas(count);
    const victim = r.driver(0);
    const [created, unseen] = await Promise.all([
      submitNewGroup(r.driver(1), { name: uniqueName(`takeover${count}`) }),
      submitNewGroup(r.driver(count - 1), { name: uniqueName(`takeover${count}`) }),
    ]);
    if (!created || !unseen) throw new Error('not submitted');

    // Both approved through the victim, which claims both executions; the cloud holds both creates.
    const carriedOut = r.edges.emulator.holdNext(CREATE, 'after');
    expect((await click(victim, 'secgroup_approve', created.id, APPROVER_1, `takeover-a-${count}`)).status).toBe(200);
    await carriedOut.arrived;
    const neverSeen = r.edges.emulator.holdNext(CREATE, 'before');
    expect((await click(victim, 'secgroup_approve', unseen.id, APPROVER_1, `takeover-b-${count}`)).status).toBe(200);
    await neverSeen.arrived;
    for (const request of [created, unseen]) {
      const executing = await r.edges.store.get(request.id);
      expect(executing?.status).toBe('executing');
      expect(executing?.lease?.owner).toMatch(/^replica-1:/);
    }
    expect(taggedGroups(r.edges.emulator.state(), created.id)).toHaveLength(1);
    expect(taggedGroups(r.edges.emulator.state(), unseen.id)).toHaveLength(0);

    const killedAt = Date.now();
    await r.apps[0]?.kill();
    // The answer to the dead replica goes nowhere; the call the cloud never saw stays unanswered.
    carriedOut.release();

    const done = await Promise.all(
      [created, unseen].map((request) => expectCompletedOnce(r, request, TAKEOVER_BOUND_MS)),
    );
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(TAKEOVER_BOUND_MS);
    for (const request of done) {
      expect(request.history.map((h) => h.to)).toEqual(['pending', 'approved', 'executing', 'executing', 'done']);
      expect(request.history.at(-2)?.reason).toMatch(/^resumed by replica-[2-9]:/);
    }
    const creates = (id: string) =>
      r.edges.emulator.calls().filter((c) => c.action === CREATE && JSON.stringify(c.params).includes(id)).length;
    // Found by its tag, not created again; created once by the replica taking over.
    expect(creates(created.id)).toBe(1);
    expect(creates(unseen.id)).toBe(2);
    expect(r.edges.emulator.state().groups).toHaveLength(2);
    await annotate(`both done ${tookMs} ms after the kill`);
  });
});

describe.runIf(postgres)('SIGTERM, two replicas on one PostgreSQL database', () => {
  it('the replica stopped mid-execution exits 0 after the drain time and hands over; the other finishes at once, once', {
    timeout: 90_000,
  }, async () => {
    // The held call would wait a minute for its answer: only the 2 s drain bound lets the replica go sooner.
    const r = await startReplicas(2, {
      env: { SECGROUP_DRAIN_TIMEOUT_SECONDS: '2', TENCENTCLOUD_TIMEOUT_MS: '60000' },
    });
    const request = await submitNewGroup(r.driver(1), { name: uniqueName('sigterm') });
    const carriedOut = r.edges.emulator.holdNext(CREATE, 'after');
    expect((await click(r.driver(0), 'secgroup_approve', request.id, APPROVER_1, 'sigterm-pg')).status).toBe(200);
    await carriedOut.arrived;
    expect((await r.edges.store.get(request.id))?.lease?.owner).toMatch(/^replica-1:/);

    const [stopped] = r.apps;
    if (!stopped) throw new Error('no replica');
    process.kill(stopped.pid, 'SIGTERM');
    expect(await stopped.exited).toBe(0);
    expect(stopped.output()).toContain(`request ${request.id}: execution handed over`);
    // Handed over: unless the other replica has taken it already, the lease ended when the replica
    // left, not 15 s after its last heartbeat.
    const left = await r.edges.store.get(request.id);
    if (left?.lease?.owner.startsWith('replica-1:'))
      expect(Date.parse(left.lease.expiresAt)).toBeLessThanOrEqual(Date.now());
    carriedOut.release();

    // The other replica's next maintenance round (every 5 s) takes it over and finds the group by its tag.
    const done = await expectCompletedOnce(r, request, 30_000);
    expect(done.history.at(-2)?.reason).toMatch(/^resumed by replica-2:/);
    expect(r.edges.emulator.calls().filter((c) => c.action === CREATE)).toHaveLength(1);
  });
});
