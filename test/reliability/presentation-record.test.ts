/**
 * The Slack side's presentation records on the real store: one process at a time holds the right
 * to show a request, a process that lost that right writes nothing more, and how far a request is
 * shown never moves back — so a card or prompt is never posted twice and never goes back to an
 * older state, whichever replica shows it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PresentationRecord } from '../../src/slack/presentation/presentation-record.js';
import {
  ClaimLostError,
  createPresentationRecords,
  type PresentationRecords,
} from '../../src/slack/presentation/presentation-records.js';
import { type OpenStore, openStore } from '../../src/store/open-store.js';
import { createPresentationStore } from '../../src/store/presentation-store.js';
import { createTestClock, type TestClock } from '../helpers/clock.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-databases.js';
import { request } from '../integration/store/store-fixtures.js';

let db: TestDatabase;
let stores: OpenStore[];
let clock: TestClock;

/** One process's view of the records: its own connection to the database and its own name. */
async function processNamed(owner: string): Promise<PresentationRecords> {
  const store = await openStore({ ...db.options, clock });
  stores.push(store);
  return createPresentationRecords({
    store: createPresentationStore<PresentationRecord>(store.db),
    clock,
    log: recordingLogger(),
    owner,
    claimMs: 30_000,
  });
}

const initial = (requestId: string): PresentationRecord => ({
  requestId,
  version: 1,
  shownHistory: 0,
  channelId: 'C0SECREQ',
  announcedHistory: 0,
});

beforeEach(async () => {
  db = await createTestDatabase('sqlite');
  stores = [];
  clock = createTestClock();
  const store = await openStore({ ...db.options, clock });
  stores.push(store);
  await store.requests.insert(request(1, { origin: { conversationId: 'C0SECREQ' } }));
});

afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await db.drop();
});

describe('the right to show a request', () => {
  it('is held by one process at a time, until released or lapsed', async () => {
    const [one, two] = [await processNamed('process-1'), await processNamed('process-2')];
    const id = request(1).id;
    const [a, b] = await Promise.all([
      one.claim(await one.ensure(initial(id))),
      two.claim(await two.ensure(initial(id))),
    ]);
    expect(['record' in a, 'record' in b].sort()).toEqual([false, true]);

    const [winner, loser] = 'record' in a ? [one, two] : [two, one];
    const held = 'record' in a ? a : b;
    if (!('record' in held)) throw new Error('unreachable');
    await winner.release(held.record, { cardTs: '1.1', shownHistory: 1 });
    const again = await loser.claim((await loser.get(id)) ?? initial(id));
    expect('record' in again).toBe(true);

    // A claim a dead process never released lapses after its lifetime.
    const third = await processNamed('process-3');
    expect('heldUntil' in (await third.claim((await third.get(id)) ?? initial(id)))).toBe(true);
    clock.advance(30_001);
    expect('record' in (await third.claim((await third.get(id)) ?? initial(id)))).toBe(true);
  });

  it('once taken over, the old holder writes nothing more: the newer record stays', async () => {
    const [one, two] = [await processNamed('process-1'), await processNamed('process-2')];
    const id = request(1).id;
    const first = await one.claim(await one.ensure(initial(id)));
    if (!('record' in first)) throw new Error('the first claim failed');
    clock.advance(30_001);
    const second = await two.claim((await two.get(id)) ?? initial(id));
    if (!('record' in second)) throw new Error('the take-over failed');
    await two.write(second.record, { cardTs: '2.1', shownHistory: 1 });

    await expect(one.write(first.record, { cardTs: '1.1' })).rejects.toBeInstanceOf(ClaimLostError);
    expect(await two.get(id)).toMatchObject({ cardTs: '2.1', shownHistory: 1, claim: { owner: 'process-2' } });
  });
});
