/**
 * The RequestStore on keyv + @keyv/sqlite: one SQLite file (created on first start) holding the
 * requests and the cache, each in its own keyv table.
 *
 * Keyv has no compare-and-set, so the conditional writes run as single SQL statements through the
 * adapter's own connection, against the same table keyv reads:
 *   insert  — INSERT … ON CONFLICT DO NOTHING RETURNING
 *   replace — UPDATE … WHERE key = ? AND <stored version> = ? RETURNING
 * SQLite applies each statement atomically for every connection to the file, so the check holds
 * across processes, not only inside one. WAL and a busy timeout let two processes share the file.
 *
 * Listing newest first and by status uses expression indexes on the stored JSON, so they stay
 * consistent with every write without a second table to keep in step.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import pRetry from 'p-retry';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import { InvalidInputError } from '../service/errors.js';
import type { RequestPage, RequestStore } from '../service/ports.js';
import { type ChangeRequest, REQUEST_STATUSES, type RequestStatus } from '../service/types.js';

export interface RequestStoreOptions {
  /** SQLite file; its folder is created when missing. */
  path: string;
  log?: Log;
  /** Time for cache expiry; the system clock unless a test injects one. */
  clock?: Clock;
  /** How long a write waits for another process's write to finish. */
  busyTimeoutMs?: number;
}

const REQUESTS_TABLE = 'secgroup_requests';
const CACHE_TABLE = 'secgroup_cache';
export const PAGE_LIMIT_MAX = 100;

/* Keyv stores `{"value": …}` as JSON; these read fields of the stored request in SQL. */
const CREATED_AT = `json_extract(value, '$.value.createdAt')`;
const STATUS = `json_extract(value, '$.value.status')`;
const VERSION = `json_extract(value, '$.value.version')`;
const SHOWN_HISTORY = `json_extract(value, '$.value.conversation.shownHistory')`;
const CHANNEL = `json_extract(value, '$.value.conversation.channelId')`;
const MESSAGE = `json_extract(value, '$.value.conversation.messageId')`;
const HISTORY_LENGTH = `json_array_length(value, '$.value.history')`;

interface Row {
  key: string;
  value: string;
}

interface CacheEntry<T> {
  value: T;
  storedAt: number;
  expiresAt: number;
}

const systemClock: Clock = { now: () => new Date() };

/** Plain JSON, so the SQL above can read the same records keyv writes. */
const keyvOptions = {
  serialize: (data: unknown) => JSON.stringify(data),
  deserialize: (text: string) => JSON.parse(text),
  useKeyPrefix: false,
  namespace: undefined,
  throwOnErrors: true,
} as const;

function encodeRequest(request: ChangeRequest): string {
  return JSON.stringify({ value: request });
}

function decodeRequest(row: Row): ChangeRequest {
  return (JSON.parse(row.value) as { value: ChangeRequest }).value;
}

function encodeCursor(request: ChangeRequest): string {
  return Buffer.from(JSON.stringify([request.createdAt, request.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [createdAt, id] = parsed;
      if (typeof createdAt === 'string' && typeof id === 'string') return [createdAt, id];
    }
  } catch {
    // Falls through to the same message as a well-formed but wrong cursor.
  }
  throw new InvalidInputError([
    { field: 'cursor', message: 'This page link is not valid; start from the first page.' },
  ]);
}

function isBusy(err: unknown): boolean {
  return err instanceof Error && /SQLITE_BUSY|SQLITE_LOCKED/.test(`${(err as { code?: string }).code} ${err.message}`);
}

/**
 * Connects one keyv table. The adapter creates its table on connect; on a brand-new file two
 * processes doing that at once can be refused with SQLITE_BUSY before WAL is on (SQLite does not
 * wait when waiting could deadlock), so that case is retried with a fresh connection.
 */
async function connectTable(path: string, table: string, busyTimeout: number, log?: Log): Promise<KeyvSqlite> {
  return pRetry(
    async () => {
      const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, table, busyTimeout });
      // A failed connect is reported by the query below; the event would otherwise throw.
      adapter.on('error', () => {});
      try {
        await adapter.query('SELECT 1');
        return adapter;
      } catch (err) {
        await adapter.disconnect().catch(() => {});
        throw err;
      }
    },
    {
      retries: 8,
      minTimeout: 20,
      maxTimeout: 500,
      shouldRetry: ({ error }) => isBusy(error),
      onFailedAttempt: ({ error, attemptNumber }) => {
        if (isBusy(error)) log?.warn(`request store: ${table} busy on open (attempt ${attemptNumber}), retrying`);
      },
    },
  );
}

/** Opens (and on first start creates) the store's database file. */
export async function openRequestStore(options: RequestStoreOptions): Promise<RequestStore> {
  const { path, log } = options;
  const clock = options.clock ?? systemClock;
  const busyTimeout = options.busyTimeoutMs ?? 5_000;
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });

  // One table at a time, WAL first, so this process never races itself creating the file.
  const requestsAdapter = await connectTable(path, REQUESTS_TABLE, busyTimeout, log);
  const query = (sql: string, ...params: unknown[]) => requestsAdapter.query(sql, ...params) as Promise<Row[]>;
  let cacheAdapter: KeyvSqlite;
  try {
    await pRetry(() => query('PRAGMA journal_mode = WAL'), {
      retries: 8,
      minTimeout: 20,
      shouldRetry: ({ error }) => isBusy(error),
    });
    await query(`CREATE INDEX IF NOT EXISTS ${REQUESTS_TABLE}_newest ON ${REQUESTS_TABLE} (${CREATED_AT}, key)`);
    await query(`CREATE INDEX IF NOT EXISTS ${REQUESTS_TABLE}_status ON ${REQUESTS_TABLE} (${STATUS})`);
    cacheAdapter = await connectTable(path, CACHE_TABLE, busyTimeout, log);
  } catch (err) {
    await requestsAdapter.disconnect().catch(() => {});
    throw err;
  }
  const requests = new Keyv<ChangeRequest>({ store: requestsAdapter, ...keyvOptions });
  const cache = new Keyv<CacheEntry<unknown>>({ store: cacheAdapter, ...keyvOptions });
  for (const keyv of [requests, cache]) {
    keyv.on('error', (err: unknown) => log?.error('request store: sqlite error', err));
  }

  let closed: Promise<void> | undefined;

  return {
    async get(id) {
      return (await requests.get(id)) ?? undefined;
    },

    async insert(request) {
      const rows = await query(
        `INSERT INTO ${REQUESTS_TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING RETURNING key`,
        request.id,
        encodeRequest(request),
      );
      return rows.length === 1;
    },

    async replace(next, expectedVersion) {
      if (!(next.version > expectedVersion)) {
        throw new Error(`replace(${next.id}): the new version must be above ${expectedVersion}`);
      }
      const rows = await query(
        `UPDATE ${REQUESTS_TABLE} SET value = ? WHERE key = ? AND ${VERSION} = ? RETURNING key`,
        encodeRequest(next),
        next.id,
        expectedVersion,
      );
      return rows.length === 1;
    },

    async list({ limit, cursor }): Promise<RequestPage> {
      const size = Math.min(Math.max(Math.trunc(limit) || 1, 1), PAGE_LIMIT_MAX);
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const rows = await query(
        `SELECT key, value FROM ${REQUESTS_TABLE}
         ${after ? `WHERE ${CREATED_AT} <= ? AND (${CREATED_AT} < ? OR key < ?)` : ''}
         ORDER BY ${CREATED_AT} DESC, key DESC LIMIT ?`,
        ...(after ? [after[0], after[0], after[1]] : []),
        size + 1,
      );
      const items = rows.slice(0, size).map(decodeRequest);
      const last = items[items.length - 1];
      return rows.length > size && last ? { items, nextCursor: encodeCursor(last) } : { items };
    },

    async listByStatus(statuses) {
      const wanted = statuses.filter((s): s is RequestStatus => REQUEST_STATUSES.includes(s));
      if (wanted.length === 0) return [];
      const rows = await query(
        `SELECT key, value FROM ${REQUESTS_TABLE} WHERE ${STATUS} IN (${wanted.map(() => '?').join(', ')})
         ORDER BY ${CREATED_AT}, key`,
        ...wanted,
      );
      return rows.map(decodeRequest);
    },

    async listUnshown() {
      // A scan, but in SQLite over a small table: it runs at start-up and in the maintenance sweep.
      const rows = await query(
        `SELECT key, value FROM ${REQUESTS_TABLE}
         WHERE (${SHOWN_HISTORY} IS NOT NULL AND ${SHOWN_HISTORY} < ${HISTORY_LENGTH})
            OR (${STATUS} = 'pending' AND ${CHANNEL} IS NOT NULL AND ${MESSAGE} IS NULL AND ${SHOWN_HISTORY} IS NULL)
         ORDER BY ${CREATED_AT}, key`,
      );
      return rows.map(decodeRequest);
    },

    async cacheGet<T>(key: string) {
      const entry = (await cache.get(key)) as CacheEntry<T> | undefined;
      if (!entry || clock.now().getTime() >= entry.expiresAt) return undefined;
      return { value: entry.value, storedAt: entry.storedAt };
    },

    async cacheSet<T>(key: string, value: T, ttlMs: number) {
      const storedAt = clock.now().getTime();
      await cache.set(key, { value, storedAt, expiresAt: storedAt + ttlMs });
    },

    close() {
      closed ??= Promise.all([requests.disconnect(), cache.disconnect()]).then(() => undefined);
      return closed;
    },
  };
}
