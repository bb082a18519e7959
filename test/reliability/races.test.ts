/**
 * Races through the real app (startSecgroup) against the emulator: clicks that land at the same
 * instant must still give one outcome, one cloud change, and a card that says what the store says.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../src/service/types.js';
import { statusLine } from '../../src/slack/blocks/request-status.js';
import { expectNoSecrets, fileTexts } from './support/fake-secrets.js';
import {
  cardUpdates,
  click,
  privateTexts,
  reject,
  rulesPosts,
  submitNewGroup,
  taggedGroups,
  waitForStatus,
} from './support/flow.js';
import { APPROVER_1, APPROVER_2, type RealApp, startRealApp } from './support/real-app.js';
import { watchUnhandledRejections } from './support/unhandled-rejections.js';

let app: RealApp;
const unhandled = watchUnhandledRejections();

beforeAll(async () => {
  app = await startRealApp();
});
afterAll(async () => {
  const files = await fileTexts([app.dbPath, `${app.dbPath}-wal`, app.emulatorStateFile]);
  await app.stop();
  unhandled.stop();
  expect(unhandled.rejections).toEqual([]);
  expectNoSecrets('log line', app.logs);
  expectNoSecrets('Slack call', [
    ...app.slackApi.calls.map((c) => JSON.stringify(c.args)),
    ...app.slackApi.responses.map((r) => JSON.stringify(r.body)),
  ]);
  expectNoSecrets('file', files);
});

const APPROVE = 'secgroup_approve';

/** Waits until the card's last update shows the stored request's status line. */
async function expectCardMatchesStore(request: ChangeRequest): Promise<ChangeRequest> {
  return vi.waitFor(
    async () => {
      const stored = await app.store.get(request.id);
      if (!stored) throw new Error(`${request.id} missing`);
      const last = cardUpdates(app.slackApi, request).at(-1);
      const blocks = (last?.args.blocks ?? []) as { text?: { text?: string } }[];
      expect(blocks[1]?.text?.text).toBe(statusLine(stored));
      return stored;
    },
    { timeout: 20_000, interval: 20 },
  );
}

function inBatches<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('two approvers approve a one-approval request at the same instant', () => {
  it('100 trials: one group per request in the emulator, and the loser is told who won', async () => {
    const trials = range(100);
    for (const batch of inBatches(trials, 10)) {
      const requests = await Promise.all(batch.map(() => submitNewGroup(app)));
      const answers = await Promise.all(
        requests.flatMap((r) => [
          click(app, APPROVE, r.id, APPROVER_1, `race:${r.id}:${APPROVER_1}`),
          click(app, APPROVE, r.id, APPROVER_2, `race:${r.id}:${APPROVER_2}`),
        ]),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));

      for (const request of requests) {
        const done = await waitForStatus(app, request.id, 'done');
        expect(done.approvals).toHaveLength(1);
        const winner = done.approvals[0]?.actorId ?? '';
        const loser = winner === APPROVER_1 ? APPROVER_2 : APPROVER_1;
        const told = await vi.waitFor(() => {
          const texts = privateTexts(app.slackApi, `race:${request.id}:${loser}`);
          expect(texts).toHaveLength(1);
          return texts[0] ?? '';
        });
        expect(told).toMatch(
          new RegExp(`^Already approved by <@${winner}>; \`${request.id}\` is (being carried out|done)`),
        );
        expect(privateTexts(app.slackApi, `race:${request.id}:${winner}`)).toEqual([]);
        expect(taggedGroups(app.emulator.state(), request.id)).toHaveLength(1);
        await expectCardMatchesStore(done);
        await vi.waitFor(() => expect(rulesPosts(app.slackApi, done)).toHaveLength(1));
      }
    }
    expect(app.emulator.state().groups).toHaveLength(100);
    // A volume test: each trial's outcome is asserted above; on a loaded machine 100 of them take
    // longer than the suite's default 30 s, which is not what this test is about.
  }, 300_000);
});

describe('the same Approve delivered twice', () => {
  it('a one-approval request is executed once; the repeat is told it is already approved', async () => {
    for (const batch of inBatches(range(10), 5)) {
      const requests = await Promise.all(batch.map(() => submitNewGroup(app)));
      await Promise.all(
        requests.flatMap((r) => [
          click(app, APPROVE, r.id, APPROVER_1, `dup:${r.id}`),
          click(app, APPROVE, r.id, APPROVER_1, `dup:${r.id}`),
        ]),
      );
      for (const request of requests) {
        const done = await waitForStatus(app, request.id, 'done');
        expect(done.approvals).toEqual([expect.objectContaining({ actorId: APPROVER_1 })]);
        const told = await vi.waitFor(() => {
          const texts = privateTexts(app.slackApi, `dup:${request.id}`);
          expect(texts).toHaveLength(1);
          return texts[0] ?? '';
        });
        expect(told).toMatch(new RegExp(`^Already approved by <@${APPROVER_1}>`));
        expect(taggedGroups(app.emulator.state(), request.id)).toHaveLength(1);
        expect(done.history.filter((h) => h.to === 'executing')).toHaveLength(1);
      }
    }
  });

  it('a two-approval request records the approval once and still waits for a second approver', async () => {
    const requests = await Promise.all(range(5).map(() => submitNewGroup(app, { templateId: 'open-all' })));
    await Promise.all(
      requests.flatMap((r) => [
        click(app, APPROVE, r.id, APPROVER_1, `dup2:${r.id}`),
        click(app, APPROVE, r.id, APPROVER_1, `dup2:${r.id}`),
      ]),
    );
    for (const request of requests) {
      const told = await vi.waitFor(() => {
        const texts = privateTexts(app.slackApi, `dup2:${request.id}`);
        expect(texts).toHaveLength(1);
        return texts[0] ?? '';
      });
      expect(told).toBe(`You've already approved \`${request.id}\`; it needs another approver.`);
      const stored = await app.store.get(request.id);
      expect(stored?.status).toBe('pending');
      expect(stored?.approvals.map((a) => a.actorId)).toEqual([APPROVER_1]);
      expect(taggedGroups(app.emulator.state(), request.id)).toHaveLength(0);
      await expectCardMatchesStore(request);
    }
  });
});

describe('Approve and Reject at the same instant', () => {
  it('20 trials: one outcome, the cloud agrees with it, and the card shows what the store holds', async () => {
    const outcomes = new Set<string>();
    for (const batch of inBatches(range(20), 10)) {
      const requests = await Promise.all(batch.map(() => submitNewGroup(app)));
      // Half the trials send the rejection first, so each side gets its chance to land first.
      await Promise.all(
        requests.flatMap((r, i) => {
          const approving = () => click(app, APPROVE, r.id, APPROVER_1, `ar:${r.id}:approve`);
          const rejecting = () => reject(app, r.id, APPROVER_2, 'too open');
          return i % 2 === 0 ? [approving(), rejecting()] : [rejecting(), approving()];
        }),
      );
      for (const request of requests) {
        const settled = await vi.waitFor(
          async () => {
            const stored = await app.store.get(request.id);
            expect(['done', 'rejected']).toContain(stored?.status);
            return stored as ChangeRequest;
          },
          { timeout: 20_000, interval: 20 },
        );
        outcomes.add(settled.status);
        const final = await expectCardMatchesStore(settled);
        expect(final.status).toBe(settled.status);
        const groups = taggedGroups(app.emulator.state(), request.id);
        if (settled.status === 'done') {
          expect(groups).toHaveLength(1);
          expect(settled.history.some((h) => h.to === 'rejected')).toBe(false);
          await vi.waitFor(() => expect(rulesPosts(app.slackApi, settled)).toHaveLength(1));
          const rejecterTold = await vi.waitFor(() => {
            const told = app.slackApi
              .callsTo('chat.postEphemeral')
              .filter((c) => c.args.user === APPROVER_2 && String(c.args.text).includes(request.id));
            expect(told).toHaveLength(1);
            return String(told[0]?.args.text);
          });
          expect(rejecterTold).toMatch(new RegExp(`^Already approved by <@${APPROVER_1}>; \`${request.id}\` is`));
        } else {
          expect(groups).toHaveLength(0);
          expect(settled.approvals).toEqual([]);
          const told = await vi.waitFor(() => {
            const texts = privateTexts(app.slackApi, `ar:${request.id}:approve`);
            expect(texts).toHaveLength(1);
            return texts[0] ?? '';
          });
          expect(told).toBe(`\`${request.id}\` was already rejected by <@${APPROVER_2}>; nothing changed.`);
        }
      }
    }
    // Each side got to land first in some trial, so both refusals above were exercised.
    expect([...outcomes].sort()).toEqual(['done', 'rejected']);
  });
});
