/**
 * kill -9 of the app (a child process running startSecgroup) at the moments that matter, then a
 * restart: the request still completes, with exactly one security group (found by its tag), the
 * rules posted once and the card right. The emulator, the Slack fake and the gate live in this
 * process, so they outlive the app and show what it had done when it died.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ChildRun, startChildRun } from './support/child-run.js';
import { expectDoneOnce } from './support/done-once.js';
import {
  cardTsOf,
  click,
  findByName,
  publishedRecord,
  reject,
  rulesPosts,
  sendSubmission,
  submitNewGroup,
  taggedGroups,
  uniqueName,
  waitForStatus,
} from './support/flow.js';
import { APPROVER_1, APPROVER_2, type Edges } from './support/real-app.js';

const APPROVE = 'secgroup_approve';
/**
 * The production lease (15 s, renewed by a heartbeat; startChildRun's default): a restart on the
 * same host sees the killed process is gone and resumes its work at once, without waiting for the
 * lease to lapse. Maintenance every 250 ms picks up what the start-up left.
 */
const MAINTENANCE_ENV = { RELIABILITY_MAINTENANCE_MS: '250' };

let run: ChildRun;
let edges: Edges;

beforeEach(async () => {
  run = await startChildRun({ gate: true }, MAINTENANCE_ENV);
  edges = run.edges;
});
afterEach(() => run.stop());

describe('kill -9 after the approval is stored, before the cloud call', () => {
  it('the restarted app creates the group once and posts its rules once', async () => {
    await run.start();
    const request = await submitNewGroup(run.driver());
    const create = edges.gate?.hold('CreateSecurityGroupWithPolicies', 'request');
    await click(run.driver(), APPROVE, request.id, APPROVER_1, 'crash-a');
    await create?.held;

    // In the window: the approval is stored and the execution claimed; the cloud has nothing.
    const inWindow = await edges.store.get(request.id);
    expect(inWindow?.status).toBe('executing');
    expect(inWindow?.approvals.map((a) => a.actorId)).toEqual([APPROVER_1]);
    expect(edges.emulator.state().groups).toEqual([]);

    await run.kill();
    edges.gate?.openAll();
    await run.start();
    const done = await expectDoneOnce(edges, request);
    expect(done.history.map((h) => h.to)).toEqual(['pending', 'approved', 'executing', 'executing', 'done']);
    expect(edges.emulator.state().groups).toHaveLength(1);
  });
});

describe('kill -9 after the cloud created the group, before its answer arrived', () => {
  it('the restarted app finds the group by its tag instead of creating another', async () => {
    await run.start();
    const request = await submitNewGroup(run.driver());
    const create = edges.gate?.hold('CreateSecurityGroupWithPolicies', 'response');
    await click(run.driver(), APPROVE, request.id, APPROVER_1, 'crash-b1');
    await create?.held;

    expect((await edges.store.get(request.id))?.status).toBe('executing');
    expect(taggedGroups(edges.emulator.state(), request.id)).toHaveLength(1);

    await run.kill();
    edges.gate?.openAll();
    const actionsBefore = edges.gate?.actions.length ?? 0;
    await run.start();
    await expectDoneOnce(edges, request);
    const after = edges.gate?.actions.slice(actionsBefore) ?? [];
    expect(after).not.toContain('CreateSecurityGroupWithPolicies');
    expect(edges.emulator.state().groups).toHaveLength(1);
  });
});

describe('kill -9 after the request is stored done, before the rules were posted', () => {
  it('the restarted app posts the rules once and leaves the card showing the group', async () => {
    await run.start();
    const request = await submitNewGroup(run.driver());
    const ts = cardTsOf(request);
    const rules = edges.slackApi.holdNext(
      'chat.postMessage',
      (args) => args.thread_ts === ts && JSON.stringify(args.blocks).includes('as read back from'),
    );
    await click(run.driver(), APPROVE, request.id, APPROVER_1, 'crash-b2');
    await rules.arrived;

    expect((await edges.store.get(request.id))?.status).toBe('done');
    expect(taggedGroups(edges.emulator.state(), request.id)).toHaveLength(1);
    expect(rulesPosts(edges.slackApi, request)).toEqual([]);

    await run.kill();
    await run.start();
    await expectDoneOnce(edges, request);
    expect(edges.emulator.state().groups).toHaveLength(1);
  });

  it('the same when the kill lands before the card showed the result', async () => {
    await run.start();
    const request = await submitNewGroup(run.driver());
    const card = edges.slackApi.holdNext(
      'chat.update',
      (args) => args.ts === cardTsOf(request) && String(args.text).endsWith('(done)'),
    );
    await click(run.driver(), APPROVE, request.id, APPROVER_1, 'crash-b3');
    await card.arrived;
    expect((await edges.store.get(request.id))?.status).toBe('done');

    await run.kill();
    await run.start();
    await expectDoneOnce(edges, request);
  });
});

describe('kill -9 after the submission was stored and answered, before its card was posted', () => {
  it('the restarted app posts the card and the prompt once, and the request goes through', async () => {
    await run.start();
    const card = edges.slackApi.holdNext('chat.postMessage', (args) => !args.thread_ts);
    const name = uniqueName('unposted');
    expect((await sendSubmission(run.driver(), { name })).status).toBe(200);
    await card.arrived;
    const stored = await findByName(edges.store, name);
    if (!stored) throw new Error('not stored');
    expect(stored.origin).toEqual({ conversationId: 'C0SECREQ', workspaceId: 'T0TEST' });
    expect((await edges.presentations.get(stored.id))?.cardTs).toBeUndefined();

    await run.kill();
    await run.start();
    const posted = await vi.waitFor(
      async () => {
        await publishedRecord(run.driver(), stored);
        return stored;
      },
      { timeout: 20_000, interval: 50 },
    );
    const cards = edges.slackApi
      .callsTo('chat.postMessage')
      .filter((c) => !c.args.thread_ts && String(c.args.text).includes(stored.id));
    expect(cards).toHaveLength(1);
    await click(run.driver(), APPROVE, posted.id, APPROVER_1, 'after-unposted');
    await expectDoneOnce(edges, posted);
  });
});

describe('kill -9 after the card was posted, before the approvers were asked', () => {
  it('the restarted app posts the approval prompt once, and an approval through it completes', async () => {
    await run.start();
    const prompt = edges.slackApi.holdNext('chat.postMessage', (args) =>
      JSON.stringify(args.blocks ?? '').includes(APPROVE),
    );
    const name = uniqueName('prompt');
    expect((await sendSubmission(run.driver(), { name })).status).toBe(200);
    await prompt.arrived;
    const request = await findByName(edges.store, name);
    if (!request) throw new Error('not stored');
    const shownBefore = await edges.presentations.get(request.id);
    expect(shownBefore?.cardTs).toBeDefined();
    expect(shownBefore?.promptTs).toBeUndefined();

    await run.kill();
    await run.start();
    const prompted = await vi.waitFor(
      async () => {
        await publishedRecord(run.driver(), request);
        return request;
      },
      { timeout: 20_000, interval: 50 },
    );
    const prompts = edges.slackApi
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === shownBefore?.cardTs && JSON.stringify(c.args.blocks).includes(APPROVE));
    expect(prompts).toHaveLength(1);
    await click(run.driver(), APPROVE, prompted.id, APPROVER_1, 'after-prompt');
    await expectDoneOnce(edges, prompted);
  });
});

describe('kill -9 after a failure was stored, before it was posted', () => {
  it('the restarted app posts the failure with its Retry once, and the Retry creates the group', async () => {
    await run.start();
    const request = await submitNewGroup(run.driver());
    edges.emulator.setFaults({
      scripted: [{ action: 'CreateSecurityGroupWithPolicies', code: 'UnauthorizedOperation' }],
    });
    const offer = edges.slackApi.holdNext('chat.postMessage', (args) =>
      JSON.stringify(args.blocks ?? '').includes('secgroup_retry'),
    );
    await click(run.driver(), APPROVE, request.id, APPROVER_1, 'fail-then-kill');
    await offer.arrived;
    expect((await edges.store.get(request.id))?.status).toBe('failed');

    await run.kill();
    await run.start();
    const offers = () =>
      edges.slackApi
        .callsTo('chat.postMessage')
        .filter(
          (c) => c.args.thread_ts === cardTsOf(request) && JSON.stringify(c.args.blocks).includes('secgroup_retry'),
        );
    await vi.waitFor(() => expect(offers()).toHaveLength(1), { timeout: 20_000, interval: 50 });
    expect(JSON.stringify(offers()[0]?.args.blocks)).toContain('UnauthorizedOperation');
    await click(run.driver(), 'secgroup_retry', request.id, APPROVER_2, 'retry-after-restart');
    await expectDoneOnce(edges, request);
    expect(offers()).toHaveLength(1);
  });
});

describe('kill -9 during a burst of writes', () => {
  it('every transition the app acknowledged before the kill is in the store after the restart', async () => {
    await run.start();
    const pending = await Promise.all(Array.from({ length: 12 }, () => submitNewGroup(run.driver())));

    interface Write {
      label: string;
      send(): Promise<Response>;
      /** Holds once the write is stored. */
      check(): Promise<void>;
    }
    const stored = async (id: string) => {
      const request = await edges.store.get(id);
      if (!request) throw new Error(`${id} missing`);
      return request;
    };
    const writes: Write[] = pending.map((request, i): Write => {
      switch (i % 3) {
        case 0:
          return {
            label: `approve ${request.id}`,
            send: () => click(run.driver(), APPROVE, request.id, APPROVER_1, `burst:${request.id}`),
            check: async () => expect((await stored(request.id)).approvals.map((a) => a.actorId)).toEqual([APPROVER_1]),
          };
        case 1:
          return {
            label: `reject ${request.id}`,
            send: () => reject(run.driver(), request.id, APPROVER_2, 'not now'),
            check: async () => expect((await stored(request.id)).status).toBe('rejected'),
          };
        default:
          return {
            label: `cancel ${request.id}`,
            send: () => click(run.driver(), 'secgroup_cancel', request.id, 'U0REQUESTER', `burst:${request.id}`),
            check: async () => expect((await stored(request.id)).status).toBe('cancelled'),
          };
      }
    });
    for (let i = 0; i < 12; i += 1) {
      const name = uniqueName('burst');
      writes.push({
        label: `submit ${name}`,
        send: () => sendSubmission(run.driver(), { name }),
        check: async () => expect((await findByName(edges.store, name))?.status).toBe('pending'),
      });
    }

    // The kill lands as soon as a third of the writes have been acknowledged.
    const acknowledged: Write[] = [];
    const killAt = Math.ceil(writes.length / 3);
    let killing: Promise<void> | undefined;
    await Promise.all(
      writes.map(async (write) => {
        try {
          const res = await write.send();
          if (res.status !== 200 || killing) return;
          acknowledged.push(write);
          if (acknowledged.length === killAt) killing = run.kill();
        } catch {
          // Refused or cut off by the kill: not acknowledged, so nothing is owed.
        }
      }),
    );
    await killing;
    expect(acknowledged.length).toBe(killAt);

    await run.start();
    const lost: string[] = [];
    for (const write of acknowledged) {
      await write.check().catch(() => lost.push(write.label));
    }
    expect(lost).toEqual([]);
    // Approvals acknowledged before the kill are carried out once after it.
    for (const write of acknowledged.filter((w) => w.label.startsWith('approve'))) {
      const id = write.label.split(' ')[1] ?? '';
      await waitForStatus(run.driver(), id, 'done');
      expect(taggedGroups(edges.emulator.state(), id)).toHaveLength(1);
    }
  });
});
