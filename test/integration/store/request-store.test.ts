import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError } from '../../../src/service/errors.js';
import type { RequestStore } from '../../../src/service/ports.js';
import type { ChangeRequest, RequestStatus } from '../../../src/service/types.js';
import { openRequestStore } from '../../../src/store/request-store.js';
import { createTestClock } from '../../helpers/clock.js';

let dir: string;
let dbPath: string;
const opened: RequestStore[] = [];

async function open(options: Partial<Parameters<typeof openRequestStore>[0]> = {}): Promise<RequestStore> {
  const store = await openRequestStore({ path: dbPath, ...options });
  opened.push(store);
  return store;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secgroup-store-'));
  dbPath = join(dir, 'nested', 'data', 'secgroup.sqlite');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

const BASE = Date.parse('2026-03-02T09:00:00.000Z');

function request(n: number, overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  const createdAt = new Date(BASE + n * 1000).toISOString();
  return {
    id: `req-${n.toString(36).padStart(8, '0')}`,
    kind: 'create-group',
    status: 'pending',
    spec: {
      kind: 'create-group',
      region: 'ap-guangzhou',
      templateId: 'custom',
      name: `g${n}`,
      projectId: '0',
      notes: '',
    },
    rules: [],
    risks: [],
    requesterId: 'U_REQ',
    approvalsRequired: 1,
    approvals: [],
    createdAt,
    expiresAt: new Date(BASE + n * 1000 + 86_400_000).toISOString(),
    history: [{ from: null, to: 'pending', actorId: 'U_REQ', at: createdAt }],
    version: 1,
    ...overrides,
  };
}

describe('opening', () => {
  it('creates the file and its folders on first start', async () => {
    expect(existsSync(dbPath)).toBe(false);
    await open();
    expect(existsSync(dbPath)).toBe(true);
  });

  it('lets two stores create the same new file at the same moment', async () => {
    for (let round = 0; round < 10; round++) {
      dbPath = join(dir, `race-${round}`, 'secgroup.sqlite');
      const [a, b] = await Promise.all([open(), open()]);
      expect(await a.insert(request(round))).toBe(true);
      expect(await b.get(request(round).id)).toEqual(request(round));
      await b.cacheSet('k', round, 60_000);
      expect((await a.cacheGet('k'))?.value).toBe(round);
    }
  });

  it('keeps requests and cache across a close and re-open', async () => {
    const clock = createTestClock();
    const first = await open({ clock });
    await first.insert(request(1));
    await first.replace({ ...request(1), status: 'approved', version: 2 }, 1);
    await first.cacheSet('catalog:regions', [{ id: 'ap-tokyo', name: 'Tokyo' }], 60_000);
    await first.close();

    const second = await open({ clock });
    expect(await second.get(request(1).id)).toEqual({ ...request(1), status: 'approved', version: 2 });
    expect((await second.list({ limit: 10 })).items.map((r) => r.id)).toEqual([request(1).id]);
    expect(await second.listByStatus(['approved'])).toHaveLength(1);
    expect((await second.cacheGet('catalog:regions'))?.value).toEqual([{ id: 'ap-tokyo', name: 'Tokyo' }]);
  });
});

describe('insert and get', () => {
  it('stores a new request and reads it back unchanged', async () => {
    const store = await open();
    const base = request(1);
    // Text starting with a colon is mangled by keyv's default serializer; ours keeps it.
    const r = request(1, { spec: { ...base.spec, name: ':rocket: launch' } as ChangeRequest['spec'] });
    expect(await store.insert(r)).toBe(true);
    expect(await store.get(r.id)).toEqual(r);
  });

  it('refuses an id that exists, keeping the first', async () => {
    const store = await open();
    await store.insert(request(1));
    expect(await store.insert(request(1, { requesterId: 'U_OTHER' }))).toBe(false);
    expect((await store.get(request(1).id))?.requesterId).toBe('U_REQ');
  });

  it('answers undefined for an unknown id', async () => {
    const store = await open();
    expect(await store.get('req-00000000')).toBeUndefined();
  });
});

describe('replace (compare-and-set)', () => {
  it('writes when the stored version is the expected one', async () => {
    const store = await open();
    await store.insert(request(1));
    const next = { ...request(1), status: 'approved' as const, version: 2 };
    expect(await store.replace(next, 1)).toBe(true);
    expect(await store.get(next.id)).toEqual(next);
  });

  it('refuses a stale version and leaves the stored request as it was', async () => {
    const store = await open();
    await store.insert(request(1));
    await store.replace({ ...request(1), status: 'approved', version: 2 }, 1);
    expect(await store.replace({ ...request(1), status: 'rejected', version: 2 }, 1)).toBe(false);
    expect((await store.get(request(1).id))?.status).toBe('approved');
  });

  it('refuses an unknown id without creating it', async () => {
    const store = await open();
    expect(await store.replace({ ...request(9), version: 2 }, 1)).toBe(false);
    expect(await store.get(request(9).id)).toBeUndefined();
  });

  it('rejects a write that does not raise the version', async () => {
    const store = await open();
    await store.insert(request(1));
    await expect(store.replace({ ...request(1), version: 1 }, 1)).rejects.toThrow(/version must be above 1/);
  });

  it('lets exactly one of 50 concurrent writers win in one process', async () => {
    const store = await open();
    await store.insert(request(1));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.replace({ ...request(1), requesterId: `U_${i}`, version: 2 }, 1)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await store.get(request(1).id))?.requesterId).toBe(`U_${winner}`);
  });

  it('lets exactly one of 50 concurrent writers win across two stores on one file', async () => {
    const a = await open();
    const b = await open();
    await a.insert(request(1));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? a : b).replace({ ...request(1), requesterId: `U_${i}`, version: 2 }, 1),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await b.get(request(1).id))?.requesterId).toBe(`U_${results.indexOf(true)}`);
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
      ['--import', 'tsx', 'test/integration/store/cas-worker.ts', dbPath, request(1).id, owner, '25'],
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
    const store = await open();
    await store.insert(request(1));
    const one = startWorker('P1');
    const two = startWorker('P2');
    await vi.waitFor(() => expect(one.output() + two.output()).toMatch(/ready\n[\s\S]*ready\n/), { timeout: 20_000 });
    one.worker.stdin.write('go\n');
    two.worker.stdin.write('go\n');
    expect(await one.exited).toBe(0);
    expect(await two.exited).toBe(0);

    const won = (o: string) => (JSON.parse(o.split('\n').filter(Boolean).at(-1) ?? '{}') as { won: number }).won;
    expect(won(one.output()) + won(two.output())).toBe(1);
    const stored = await store.get(request(1).id);
    expect(stored?.version).toBe(2);
    expect(stored?.requesterId).toMatch(won(one.output()) === 1 ? /^P1-/ : /^P2-/);
  });
});

describe('listing', () => {
  it('pages newest first, ties broken by id, with no cursor after the last page', async () => {
    const store = await open();
    const all = [
      ...Array.from({ length: 20 }, (_, n) => request(n)),
      // Five requests created in the same millisecond as request 10.
      ...Array.from({ length: 5 }, (_, k) => request(100 + k, { createdAt: request(10).createdAt })),
    ];
    await Promise.all(all.map((r) => store.insert(r)));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    const expected = [...all]
      .sort((x, y) => (x.createdAt === y.createdAt ? y.id.localeCompare(x.id) : y.createdAt.localeCompare(x.createdAt)))
      .map((r) => r.id);
    expect(seen).toEqual(expected);
    expect(pages).toBe(4);
  });

  it('returns an empty page and no cursor when there is nothing', async () => {
    const store = await open();
    expect(await store.list({ limit: 10 })).toEqual({ items: [] });
  });

  it('refuses a cursor it did not hand out', async () => {
    const store = await open();
    await expect(store.list({ limit: 10, cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidInputError);
    const forged = Buffer.from(JSON.stringify({ a: 1 })).toString('base64url');
    await expect(store.list({ limit: 10, cursor: forged })).rejects.toThrow(/not valid/);
  });

  it('caps a page at 100', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 120 }, (_, n) => store.insert(request(n))));
    expect((await store.list({ limit: 1000 })).items).toHaveLength(100);
  });

  it('lists by status, following every change of status', async () => {
    const store = await open();
    await Promise.all([1, 2, 3, 4].map((n) => store.insert(request(n))));
    await store.replace({ ...request(2), status: 'executing', version: 2 }, 1);
    await store.replace({ ...request(3), status: 'approved', version: 2 }, 1);
    await store.replace({ ...request(4), status: 'done', version: 2 }, 1);

    const ids = async (statuses: RequestStatus[]) => (await store.listByStatus(statuses)).map((r) => r.id);
    expect(await ids(['approved', 'executing'])).toEqual([request(2).id, request(3).id]);
    expect(await ids(['pending'])).toEqual([request(1).id]);
    expect(await ids([])).toEqual([]);
  });

  it('serves a page of history from 10,000 requests in under 50 ms', async () => {
    const store = await open();
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, k) =>
          store.insert(request(batch * 100 + k, { status: k % 9 === 0 ? 'pending' : 'done' })),
        ),
      );
    }
    // Walk to the oldest page, then time the first and the deepest pages (best of three each).
    let cursor: string | undefined;
    let deepest: string | undefined;
    let count = 0;
    do {
      deepest = cursor;
      const page = await store.list({ limit: 25, ...(cursor ? { cursor } : {}) });
      count += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(count).toBe(10_000);

    const timeOf = async (c: string | undefined) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        await store.list({ limit: 25, ...(c ? { cursor: c } : {}) });
        times.push(performance.now() - start);
      }
      return Math.min(...times);
    };
    expect(await timeOf(undefined)).toBeLessThan(50);
    expect(await timeOf(deepest)).toBeLessThan(50);
    expect(await store.listByStatus(['pending'])).toHaveLength(1200);
  });
});

describe('cache', () => {
  it('returns a stored value with the time it was stored, until its TTL passes', async () => {
    const clock = createTestClock('2026-03-02T09:00:00.000Z');
    const store = await open({ clock });
    expect(await store.cacheGet('catalog:projects')).toBeUndefined();

    await store.cacheSet('catalog:projects', [{ id: '0', name: 'Default project' }], 60_000);
    clock.advance(59_999);
    expect(await store.cacheGet('catalog:projects')).toEqual({
      value: [{ id: '0', name: 'Default project' }],
      storedAt: Date.parse('2026-03-02T09:00:00.000Z'),
    });
    clock.advance(1);
    expect(await store.cacheGet('catalog:projects')).toBeUndefined();
  });

  it('keeps cache entries apart from requests', async () => {
    const store = await open();
    await store.cacheSet(request(1).id, 'not a request', 60_000);
    expect(await store.get(request(1).id)).toBeUndefined();
    expect(await store.list({ limit: 10 })).toEqual({ items: [] });
  });
});
