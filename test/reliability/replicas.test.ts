/**
 * Two and three replicas (app processes) on one PostgreSQL database, behind a load balancer that
 * spreads Slack's requests over them: requests submitted through different replicas, every
 * approver's Approve of each request reaching another replica at the same moment. Each request is
 * executed exactly once (one create call, one group), holds exactly the approvals it needed, and
 * its card, approval prompt and rules are posted once each, whichever replica heard of what.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import { POSTGRES_SKIPPED, postgresSuitesRun } from '../helpers/test-databases.js';
import { newGroupSubmission } from '../integration/slack/payloads.js';
import { allRequests, click, publishedRecord, submitNewGroup, uniqueName } from './support/flow.js';
import { APPROVERS } from './support/real-app.js';
import { createCalls, expectCompletedOnce, replicasPerTest } from './support/replicas.js';

const postgres = await postgresSuitesRun();
const APPROVE = 'secgroup_approve';
/** Requests per run: half need one approval (web-basic), half two (open-all). */
const REQUESTS = 6;

const startReplicas = replicasPerTest();

describe.skipIf(postgres)(POSTGRES_SKIPPED, () => {
  it('runs no replica test without PostgreSQL', () => {
    expect(postgres).toBe(false);
  });
});

describe.runIf(postgres).each([2, 3])('%i replicas on one PostgreSQL database', (count) => {
  it('approvals of the same requests at once on every replica: each executed once; card, prompt and rules posted once', {
    timeout: 120_000,
  }, async () => {
    const r = await startReplicas(count);
    const requests = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        submitNewGroup(r.driver(i % count), {
          name: uniqueName(`replicas${count}`),
          templateId: i % 2 === 0 ? 'web-basic' : 'open-all',
        }),
      ),
    );
    expect(requests.map((request) => request.approvalsRequired)).toEqual([1, 2, 1, 2, 1, 2]);

    // Every approver presses Approve on every request at once, each press reaching another replica.
    const clicks = requests.flatMap((request, i) =>
      APPROVERS.map((approver, k) =>
        click(r.driver((i + k) % count), APPROVE, request.id, approver, `approve-${count}-${i}-${k}`),
      ),
    );
    for (const answer of await Promise.all(clicks)) expect(answer.status).toBe(200);

    for (const request of requests) {
      const done = await expectCompletedOnce(r, request);
      // One entry per approval that counted (the first of two leaves it pending), one execution.
      const approving = request.approvalsRequired === 2 ? ['pending'] : [];
      expect(done.history.map((h) => h.to)).toEqual(['pending', ...approving, 'approved', 'executing', 'done']);
      expect(done.approvals).toHaveLength(request.approvalsRequired);
      expect(new Set(done.approvals.map((a) => a.actorId)).size).toBe(request.approvalsRequired);
      expect(createCalls(r, request)).toBe(1);
    }
    expect(r.edges.emulator.state().groups).toHaveLength(REQUESTS);
  });

  it('the same form delivered to every replica at once stores one request and posts one card', {
    timeout: 60_000,
  }, async () => {
    const r = await startReplicas(count);
    const name = uniqueName(`replayed${count}`);
    const form = newGroupSubmission(
      { name },
      { viewId: `V0REPLAY${count}`, responseUrl: r.edges.slackApi.responseUrl(`replayed-${count}`) },
    );
    const answers = await Promise.all(r.apps.map((_, i) => r.driver(i).send('interaction', form)));
    for (const answer of answers) expect(answer.status).toBe(200);
    // Every answer came once its request was stored: any second request would be there by now.
    const named = (await allRequests(r.edges.store)).filter(
      (q) => q.spec.kind === 'create-group' && q.spec.name === name,
    );
    expect(named).toHaveLength(1);
    const [stored] = named as [ChangeRequest];
    await vi.waitFor(() => publishedRecord(r.edges, stored), { timeout: 20_000, interval: 20 });
    await click(r.driver(count - 1), APPROVE, stored.id, APPROVERS[0] ?? '', `replayed-${count}`);
    await expectCompletedOnce(r, stored);
  });
});
