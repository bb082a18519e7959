/**
 * One contract for the store, run against SQLite (one machine) and PostgreSQL (replicas): every
 * write a conditional statement that holds across processes, the same answers from both.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError } from '../../../src/service/errors.js';
import type { RequestStatus, TemporaryAccess } from '../../../src/service/types.js';
import type { PresentationRecord } from '../../../src/slack/presentation/presentation-record.js';
import { type OpenStore, openStore, type StoreOptions } from '../../../src/store/open-store.js';
import { createPresentationStore } from '../../../src/store/presentation-store.js';
import { createTestClock } from '../../helpers/clock.js';
import {
  type Backend,
  createTestDatabase,
  POSTGRES_SKIPPED,
  postgresSuitesRun,
  type TestDatabase,
} from '../../helpers/test-databases.js';
import { request } from './store-fixtures.js';

const postgres = await postgresSuitesRun();
const BACKENDS: Backend[] = postgres ? ['sqlite', 'postgres'] : ['sqlite'];

describe.skipIf(postgres)(POSTGRES_SKIPPED, () => {
  it('runs the store contract on SQLite only', () => {
    expect(BACKENDS).toEqual(['sqlite']);
  });
});

describe.each(BACKENDS)('the store on %s', (backend) => {
  let db: TestDatabase;
  const opened: OpenStore[] = [];

  async function open(options: Partial<StoreOptions> = {}): Promise<OpenStore> {
    const store = await openStore({ ...db.options, ...options });
    opened.push(store);
    return store;
  }

  beforeEach(async () => {
    db = await createTestDatabase(backend);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await db.drop();
  });

  describe('opening', () => {
    it('lets two stores open the same new database at the same moment, applying each schema version once', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      expect(await a.requests.insert(request(1))).toBe(true);
      expect(await b.requests.get(request(1).id)).toEqual(request(1));
      await b.cache.cacheSet('k', 1, 60_000);
      expect((await a.cache.cacheGet('k'))?.value).toBe(1);
      const versions = await a.db.query<{ version: unknown }>('SELECT version FROM schema_migrations');
      expect(versions.map((v) => Number(v.version)).sort()).toEqual([1, 2]);
    });

    it('keeps requests and cache across a close and re-open', async () => {
      const clock = createTestClock();
      const first = await open({ clock });
      await first.requests.insert(request(1));
      await first.requests.replace({ ...request(1), status: 'approved', version: 2 }, 1);
      await first.cache.cacheSet('catalog:regions', [{ id: 'ap-tokyo', name: 'Tokyo' }], 60_000);
      await first.close();

      const second = await open({ clock });
      expect(await second.requests.get(request(1).id)).toEqual({ ...request(1), status: 'approved', version: 2 });
      expect((await second.requests.list({ limit: 10 })).items.map((r) => r.id)).toEqual([request(1).id]);
      expect(await second.requests.listByStatus(['approved'])).toHaveLength(1);
      expect((await second.cache.cacheGet('catalog:regions'))?.value).toEqual([{ id: 'ap-tokyo', name: 'Tokyo' }]);
    });

    it('refuses to run against a schema newer than it knows, saying what to do', async () => {
      const store = await open();
      await store.db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')");
      await expect(open()).rejects.toThrow(/schema is version 99, newer than this secgroup knows \(2\)/);
    });
  });

  describe('insert and get', () => {
    it('stores a new request and reads it back unchanged', async () => {
      const { requests } = await open();
      const base = request(1);
      const r = request(1, {
        spec: { ...base.spec, name: ':rocket: launch' } as typeof base.spec,
        origin: { conversationId: 'C0CHANNEL', workspaceId: 'T0TEAM' },
        followsUp: 'req-00000000',
      });
      expect(await requests.insert(r)).toBe(true);
      expect(await requests.get(r.id)).toEqual(r);
    });

    it('refuses an id that exists, keeping the first', async () => {
      const { requests } = await open();
      await requests.insert(request(1));
      expect(await requests.insert(request(1, { requesterId: 'U_OTHER' }))).toBe(false);
      expect((await requests.get(request(1).id))?.requesterId).toBe('U_REQ');
    });

    it('stores one request per submission key, and finds it by that key', async () => {
      const { requests } = await open();
      expect(await requests.insert(request(1), { submissionKey: 'slack-view:V1' })).toBe(true);
      expect(await requests.insert(request(2), { submissionKey: 'slack-view:V1' })).toBe(false);
      expect(await requests.get(request(2).id)).toBeUndefined();
      expect((await requests.findBySubmission('slack-view:V1'))?.id).toBe(request(1).id);
      expect(await requests.findBySubmission('slack-view:V2')).toBeUndefined();
    });

    it('finds the newest request about a group: the one that created it, or a later change', async () => {
      const { requests } = await open();
      const result = { securityGroupId: 'sg-1a2b3c4d', rules: [], completedAt: request(1).createdAt };
      await requests.insert(request(1, { status: 'done', result }));
      await requests.insert(request(2));
      expect((await requests.listByGroup('sg-1a2b3c4d', 1)).map((r) => r.id)).toEqual([request(1).id]);
      const addRules = request(3, {
        kind: 'add-rules',
        spec: { kind: 'add-rules', region: 'ap-guangzhou', securityGroupId: 'sg-1a2b3c4d' },
      });
      await requests.insert(addRules);
      expect((await requests.listByGroup('sg-1a2b3c4d', 1)).map((r) => r.id)).toEqual([addRules.id]);
      expect(await requests.listByGroup('sg-00000000', 1)).toEqual([]);
    });

    it('answers undefined for an unknown id', async () => {
      const { requests } = await open();
      expect(await requests.get('req-00000000')).toBeUndefined();
    });
  });

  describe('replace (compare-and-set)', () => {
    it('writes when the stored version is the expected one', async () => {
      const { requests } = await open();
      await requests.insert(request(1));
      const next = { ...request(1), status: 'approved' as const, version: 2 };
      expect(await requests.replace(next, 1)).toBe(true);
      expect(await requests.get(next.id)).toEqual(next);
    });

    it('refuses a stale version and leaves the stored request as it was', async () => {
      const { requests } = await open();
      await requests.insert(request(1));
      await requests.replace({ ...request(1), status: 'approved', version: 2 }, 1);
      expect(await requests.replace({ ...request(1), status: 'rejected', version: 2 }, 1)).toBe(false);
      expect((await requests.get(request(1).id))?.status).toBe('approved');
    });

    it('refuses an unknown id without creating it', async () => {
      const { requests } = await open();
      expect(await requests.replace({ ...request(9), version: 2 }, 1)).toBe(false);
      expect(await requests.get(request(9).id)).toBeUndefined();
    });

    it('rejects a write that does not raise the version', async () => {
      const { requests } = await open();
      await requests.insert(request(1));
      await expect(requests.replace({ ...request(1), version: 1 }, 1)).rejects.toThrow(/version must be above 1/);
    });

    it('lets exactly one of 50 concurrent writers win in one process', async () => {
      const { requests } = await open();
      await requests.insert(request(1));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => requests.replace({ ...request(1), requesterId: `U_${i}`, version: 2 }, 1)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await requests.get(request(1).id))?.requesterId).toBe(`U_${results.indexOf(true)}`);
    });

    it('lets exactly one of 50 concurrent writers win across two stores on one database', async () => {
      const a = await open();
      const b = await open();
      await a.requests.insert(request(1));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? a : b).requests.replace({ ...request(1), requesterId: `U_${i}`, version: 2 }, 1),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await b.requests.get(request(1).id))?.requesterId).toBe(`U_${results.indexOf(true)}`);
    });
  });

  describe('leases', () => {
    it("moves the end of the owner's lease only, and not once the request has left executing", async () => {
      const { requests } = await open();
      const lease = { owner: 'host:1:abcd', expiresAt: '2026-03-02T09:00:15.000Z' };
      await requests.insert(request(1));
      await requests.replace({ ...request(1), status: 'executing', lease, version: 2 }, 1);
      expect(await requests.renewLease(request(1).id, 'someone-else', '2026-03-02T09:01:00.000Z')).toBe(false);
      expect(await requests.renewLease(request(1).id, lease.owner, '2026-03-02T09:00:30.000Z')).toBe(true);
      const renewed = await requests.get(request(1).id);
      expect(renewed?.lease).toEqual({ owner: lease.owner, expiresAt: '2026-03-02T09:00:30.000Z' });
      expect(renewed?.version).toBe(2);
      await requests.replace({ ...request(1), status: 'done', version: 3 }, 2);
      expect(await requests.renewLease(request(1).id, lease.owner, '2026-03-02T09:01:00.000Z')).toBe(false);
      expect((await requests.get(request(1).id))?.lease).toBeUndefined();
    });

    it('releaseLease ends only its owner’s lease, now, and leaves the request as it was', async () => {
      const { requests } = await open();
      const lease = { owner: 'host:1:abcd', expiresAt: '2026-03-02T09:05:00.000Z' };
      await requests.insert(request(1));
      await requests.replace({ ...request(1), status: 'executing', lease, version: 2 }, 1);
      expect(await requests.releaseLease(request(1).id, 'someone-else', '2026-03-02T09:00:10.000Z')).toBe(false);
      expect((await requests.get(request(1).id))?.lease).toEqual(lease);

      expect(await requests.releaseLease(request(1).id, lease.owner, '2026-03-02T09:00:10.000Z')).toBe(true);
      const released = await requests.get(request(1).id);
      expect(released?.lease).toEqual({ owner: lease.owner, expiresAt: '2026-03-02T09:00:10.000Z' });
      expect(released?.status).toBe('executing');
      expect(released?.version).toBe(2);

      // Another process takes it over by compare-and-set; the old owner's release no longer applies.
      const takenOver = { owner: 'host:2:efgh', expiresAt: '2026-03-02T09:00:25.000Z' };
      await requests.replace({ ...request(1), status: 'executing', lease: takenOver, version: 3 }, 2);
      expect(await requests.releaseLease(request(1).id, lease.owner, '2026-03-02T09:00:11.000Z')).toBe(false);
      expect((await requests.get(request(1).id))?.lease).toEqual(takenOver);
    });
  });

  describe('across processes', () => {
    const workers: ChildProcessWithoutNullStreams[] = [];
    afterEach(() => {
      for (const w of workers.splice(0)) w.kill();
    });

    function startWorker(owner: string) {
      const worker = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'test/integration/store/cas-worker.ts',
          JSON.stringify(db.options),
          request(1).id,
          owner,
          '25',
        ],
        { stdio: 'pipe' },
      );
      workers.push(worker);
      let output = '';
      worker.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
      return { worker, output: () => output, exited };
    }

    it('lets exactly one write win when two processes race on the same request', async () => {
      const { requests } = await open();
      await requests.insert(request(1));
      const one = startWorker('P1');
      const two = startWorker('P2');
      await vi.waitFor(() => expect(one.output() + two.output()).toMatch(/ready\n[\s\S]*ready\n/), { timeout: 20_000 });
      one.worker.stdin.write('go\n');
      two.worker.stdin.write('go\n');
      expect(await one.exited).toBe(0);
      expect(await two.exited).toBe(0);

      const won = (o: string) => (JSON.parse(o.split('\n').filter(Boolean).at(-1) ?? '{}') as { won: number }).won;
      expect(won(one.output()) + won(two.output())).toBe(1);
      const stored = await requests.get(request(1).id);
      expect(stored?.version).toBe(2);
      expect(stored?.requesterId).toMatch(won(one.output()) === 1 ? /^P1-/ : /^P2-/);
    });
  });

  describe('listing', () => {
    it('pages newest first, ties broken by id, with no cursor after the last page', async () => {
      const { requests } = await open();
      const all = [
        ...Array.from({ length: 20 }, (_, n) => request(n)),
        // Five requests created in the same millisecond as request 10.
        ...Array.from({ length: 5 }, (_, k) => request(100 + k, { createdAt: request(10).createdAt })),
      ];
      await Promise.all(all.map((r) => requests.insert(r)));

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await requests.list({ limit: 7, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);

      const expected = [...all]
        .sort((x, y) =>
          x.createdAt === y.createdAt ? y.id.localeCompare(x.id) : y.createdAt.localeCompare(x.createdAt),
        )
        .map((r) => r.id);
      expect(seen).toEqual(expected);
      expect(pages).toBe(4);
    });

    it('returns an empty page and no cursor when there is nothing', async () => {
      const { requests } = await open();
      expect(await requests.list({ limit: 10 })).toEqual({ items: [] });
    });

    it('refuses a cursor it did not hand out', async () => {
      const { requests } = await open();
      await expect(requests.list({ limit: 10, cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidInputError);
      const forged = Buffer.from(JSON.stringify({ a: 1 })).toString('base64url');
      await expect(requests.list({ limit: 10, cursor: forged })).rejects.toThrow(/not valid/);
    });

    it('caps a page at 100', async () => {
      const { requests } = await open();
      await Promise.all(Array.from({ length: 120 }, (_, n) => requests.insert(request(n))));
      expect((await requests.list({ limit: 1000 })).items).toHaveLength(100);
    });

    it('lists by status, following every change of status', async () => {
      const { requests } = await open();
      await Promise.all([1, 2, 3, 4].map((n) => requests.insert(request(n))));
      await requests.replace({ ...request(2), status: 'executing', version: 2 }, 1);
      await requests.replace({ ...request(3), status: 'approved', version: 2 }, 1);
      await requests.replace({ ...request(4), status: 'done', version: 2 }, 1);

      const ids = async (statuses: RequestStatus[]) => (await requests.listByStatus(statuses)).map((r) => r.id);
      expect(await ids(['approved', 'executing'])).toEqual([request(2).id, request(3).id]);
      expect(await ids(['pending'])).toEqual([request(1).id]);
      expect(await ids([])).toEqual([]);
    });

    it('lists temporary rules in place, soonest to expire first, and those due by a time', async () => {
      const { requests } = await open();
      const grant = (n: number, hours: number, extra: Partial<TemporaryAccess> = {}) =>
        request(n, {
          status: 'done',
          temporary: {
            keep: { hours },
            rulesExpireAt: `2026-03-02T${String(9 + hours).padStart(2, '0')}:00:00.000Z`,
            ...extra,
          },
        });
      await Promise.all([
        requests.insert(grant(1, 4)),
        requests.insert(grant(2, 1)),
        requests.insert(grant(3, 2, { removalId: 'req-00000009' })),
        requests.insert(request(4, { temporary: { keep: { hours: 1 } } })),
        requests.insert(request(5, { status: 'done' })),
      ]);
      const ids = async (dueBy?: string) => (await requests.listTemporary(dueBy ? { dueBy } : {})).map((r) => r.id);
      expect(await ids()).toEqual([request(2).id, request(1).id]);
      expect(await ids('2026-03-02T10:00:00.000Z')).toEqual([request(2).id]);
      expect(await ids('2026-03-02T09:59:59.999Z')).toEqual([]);

      // Marking its removal takes a grant off the list, by compare-and-set like every write.
      const marked = grant(2, 1, { removalId: 'req-0000000a' });
      expect(await requests.replace({ ...marked, version: 2 }, 1)).toBe(true);
      expect(await ids()).toEqual([request(1).id]);
      // A grant not yet done is not in place; once done, it is.
      await requests.replace(
        {
          ...request(4, {
            status: 'done',
            temporary: { keep: { hours: 1 }, rulesExpireAt: '2026-03-02T09:30:00.000Z' },
          }),
          version: 2,
        },
        1,
      );
      expect(await ids('2026-03-02T10:00:00.000Z')).toEqual([request(4).id]);
    });

    it('lists the requests about one group, newest first: those changing it and the one that made it', async () => {
      const { requests } = await open();
      const change = (n: number, groupId: string) =>
        request(n, {
          kind: 'delete-group',
          spec: {
            kind: 'delete-group',
            region: 'ap-guangzhou',
            securityGroupId: groupId,
            groupName: 'g',
            usage: { resources: [], referencingGroups: [] },
          },
        });
      const made = request(1);
      await Promise.all([
        requests.insert(made),
        requests.insert(change(2, 'sg-aaaaaaaa')),
        requests.insert(change(3, 'sg-bbbbbbbb')),
      ]);
      const result = { securityGroupId: 'sg-aaaaaaaa', rules: [], completedAt: made.createdAt };
      await requests.replace({ ...made, status: 'done', result, version: 2 }, 1);
      const ids = async (limit: number) => (await requests.listByGroup('sg-aaaaaaaa', limit)).map((r) => r.id);
      expect(await ids(10)).toEqual([change(2, '').id, made.id]);
      expect(await ids(1)).toEqual([change(2, '').id]);
    });

    it('serves a page of history from 10,000 requests in under 50 ms', async () => {
      const { requests } = await open();
      for (let batch = 0; batch < 100; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, (_, k) =>
            requests.insert(request(batch * 100 + k, { status: k % 9 === 0 ? 'pending' : 'done' })),
          ),
        );
      }
      // Walk to the oldest page, then time the first and the deepest pages (best of three each).
      let cursor: string | undefined;
      let deepest: string | undefined;
      let count = 0;
      do {
        deepest = cursor;
        const page = await requests.list({ limit: 25, ...(cursor ? { cursor } : {}) });
        count += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      expect(count).toBe(10_000);

      const timeOf = async (c: string | undefined) => {
        const times: number[] = [];
        for (let i = 0; i < 3; i++) {
          const start = performance.now();
          await requests.list({ limit: 25, ...(c ? { cursor: c } : {}) });
          times.push(performance.now() - start);
        }
        return Math.min(...times);
      };
      expect(await timeOf(undefined)).toBeLessThan(50);
      expect(await timeOf(deepest)).toBeLessThan(50);
      expect(await requests.listByStatus(['pending'])).toHaveLength(1200);
    });
  });

  describe('presentation records', () => {
    const record = (requestId: string, overrides: Partial<PresentationRecord> = {}): PresentationRecord => ({
      requestId,
      version: 1,
      shownHistory: 0,
      channelId: 'C0CHANNEL',
      announcedHistory: 0,
      ...overrides,
    });

    it('stores one record per request and writes it by compare-and-set', async () => {
      const store = await open();
      const presentations = createPresentationStore<PresentationRecord>(store.db);
      await store.requests.insert(request(1));
      expect(await presentations.insert(record(request(1).id))).toBe(true);
      expect(await presentations.insert(record(request(1).id, { channelId: 'C0OTHER' }))).toBe(false);
      const posted = record(request(1).id, { version: 2, cardTs: '1767000000.000001', shownHistory: 1 });
      expect(await presentations.replace(posted, 1)).toBe(true);
      expect(await presentations.replace({ ...posted, cardTs: 'stale' }, 1)).toBe(false);
      expect(await presentations.get(request(1).id)).toEqual(posted);
    });

    it('lists requests whose showing lags: never shown, or fewer history entries shown than they have', async () => {
      const store = await open();
      const presentations = createPresentationStore<PresentationRecord>(store.db);
      const asked = { origin: { conversationId: 'C0CHANNEL' } };
      const entry = { from: 'pending' as const, to: 'approved' as const, actorId: 'U_AP', at: request(1).createdAt };
      await store.requests.insert(request(1, asked));
      await store.requests.insert(request(2, asked));
      await store.requests.insert(request(3, asked));
      await store.requests.insert(request(4));
      await presentations.insert(record(request(2).id, { shownHistory: 1 }));
      await presentations.insert(record(request(3).id, { shownHistory: 1 }));
      await store.requests.replace({ ...request(3, asked), history: [...request(3).history, entry], version: 2 }, 1);

      expect(await presentations.listBehind(10)).toEqual([request(1).id, request(3).id]);
      expect(await presentations.listBehind(1)).toEqual([request(1).id]);
    });
  });

  describe('cache', () => {
    it('returns a stored value with the time it was stored, until its TTL passes', async () => {
      const clock = createTestClock('2026-03-02T09:00:00.000Z');
      const { cache } = await open({ clock });
      expect(await cache.cacheGet('catalog:projects')).toBeUndefined();

      await cache.cacheSet('catalog:projects', [{ id: '0', name: 'Default project' }], 60_000);
      clock.advance(59_999);
      expect(await cache.cacheGet('catalog:projects')).toEqual({
        value: [{ id: '0', name: 'Default project' }],
        storedAt: Date.parse('2026-03-02T09:00:00.000Z'),
      });
      clock.advance(1);
      expect(await cache.cacheGet('catalog:projects')).toBeUndefined();
    });

    it('keeps cache entries apart from requests', async () => {
      const { cache, requests } = await open();
      await cache.cacheSet(request(1).id, 'not a request', 60_000);
      expect(await requests.get(request(1).id)).toBeUndefined();
      expect(await requests.list({ limit: 10 })).toEqual({ items: [] });
    });
  });
});
