/**
 * When the app answers Slack (acks), what the person did is already stored, and the answer still
 * comes in time when the cloud is slow: the orderings the crash tests depend on, checked directly.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACK_DEADLINE_MS, ackWhenStored } from '../../src/slack/listeners/ack-when-stored.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { click, findByName, reject, sendSubmission, submitNewGroup, uniqueName } from './support/flow.js';
import { APPROVER_1, APPROVER_2, type RealApp, startRealApp } from './support/real-app.js';

describe('ackWhenStored', () => {
  it('answers once: when told to, or at the deadline if the write is still running', async () => {
    vi.useFakeTimers();
    try {
      const log = recordingLogger();
      const sent: unknown[] = [];
      const answer = ackWhenStored(async (response?: string) => void sent.push(response ?? 'empty'), log);
      vi.advanceTimersByTime(ACK_DEADLINE_MS - 1);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(1);
      await vi.waitFor(() => expect(sent).toEqual(['empty']));
      expect(await answer.send('late')).toBe(false);
      expect(sent).toEqual(['empty']);
      expect(log.lines.some((l) => l.text.includes('answering Slack before the action was stored'))).toBe(true);

      const prompt = ackWhenStored(async (response?: string) => void sent.push(response), log);
      expect(await prompt.send('stored')).toBe(true);
      vi.advanceTimersByTime(ACK_DEADLINE_MS * 2);
      expect(sent).toEqual(['empty', 'stored']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('through the real app', () => {
  let app: RealApp;
  beforeAll(async () => {
    app = await startRealApp({ gate: true });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('an answered approval is stored, and the answer does not wait for the cloud', async () => {
    const request = await submitNewGroup(app);
    const create = app.gate?.hold('CreateSecurityGroupWithPolicies', 'request');
    const res = await click(app, 'secgroup_approve', request.id, APPROVER_1, 'ack-approve');
    expect(res.status).toBe(200);
    const atAnswer = await app.store.get(request.id);
    expect(atAnswer?.approvals.map((a) => a.actorId)).toEqual([APPROVER_1]);
    await create?.held;
    // Still held when the answer came back: the ack did not wait for the cloud.
    expect(app.emulator.state().groups).toEqual([]);
    app.gate?.openAll();
  });

  it('an answered rejection and an answered cancel are stored', async () => {
    const [toReject, toCancel] = await Promise.all([submitNewGroup(app), submitNewGroup(app)]);
    if (!toReject || !toCancel) throw new Error('not submitted');
    expect((await reject(app, toReject.id, APPROVER_2, 'not needed')).status).toBe(200);
    expect((await app.store.get(toReject.id))?.status).toBe('rejected');
    expect((await click(app, 'secgroup_cancel', toCancel.id, 'U0REQUESTER', 'ack-cancel')).status).toBe(200);
    expect((await app.store.get(toCancel.id))?.status).toBe('cancelled');
  });

  it('an answered submission is stored, even when the cloud is too slow to say what the quota is', async () => {
    app.emulator.setFaults({ latencyMs: 4_000 });
    try {
      const name = uniqueName('slow-quota');
      const res = await sendSubmission(app, { name, region: 'ap-shanghai' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      expect((await findByName(app.store, name))?.status).toBe('pending');
      expect(app.logs.some((l) => l.includes('quota check for ap-shanghai skipped: no answer within'))).toBe(true);
    } finally {
      app.emulator.setFaults({ latencyMs: 0 });
    }
  });
});
