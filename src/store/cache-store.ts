/**
 * The catalog's cache (region and project lists) on keyv, kept in the store's own database (the
 * SQLite file, or the PostgreSQL schema replicas share). Entries carry when they were stored, so
 * the catalog can serve a stale list while it refreshes; expiry here only drops very old lists.
 *
 * keyv reaches the table through a small adapter on the store's connection rather than
 * @keyv/postgres: that package keeps one pool for the whole process and its disconnect ends
 * whichever pool was made last, so two stores in one process (replicas side by side, tests)
 * would close each other's connections.
 */
import { EventEmitter } from 'node:events';
import Keyv, { type KeyvStoreAdapter, type StoredData } from 'keyv';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import type { CacheStore } from '../service/ports.js';
import type { SqlDatabase } from './sql/sql-database.js';

interface CacheEntry<T> {
  value: T;
  storedAt: number;
  expiresAt: number;
}

/** keyv's store interface on the `cache` table; keyv serialises values to text itself. */
class SqlKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  opts = {};
  namespace?: string;

  constructor(private readonly db: SqlDatabase) {
    super();
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const [row] = await this.db.query<{ value: string }>('SELECT value FROM cache WHERE key = ?', [key]);
    return row ? (row.value as StoredData<Value>) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.db.query(
      'INSERT INTO cache (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  async delete(key: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM cache WHERE key = ? RETURNING key', [key])).length > 0;
  }

  async clear(): Promise<void> {
    await this.db.query('DELETE FROM cache');
  }
}

export function createCacheStore(db: SqlDatabase, clock: Clock, log?: Log): CacheStore {
  const cache = new Keyv<CacheEntry<unknown>>({
    store: new SqlKeyvAdapter(db),
    useKeyPrefix: false,
    throwOnErrors: true,
  });
  cache.on('error', (err: unknown) => log?.error('cache store error', err));

  return {
    async cacheGet<T>(key: string) {
      const entry = (await cache.get(key)) as CacheEntry<T> | undefined;
      if (!entry || clock.now().getTime() >= entry.expiresAt) return undefined;
      return { value: entry.value, storedAt: entry.storedAt };
    },

    async cacheSet<T>(key: string, value: T, ttlMs: number) {
      const storedAt = clock.now().getTime();
      await cache.set(key, { value, storedAt, expiresAt: storedAt + ttlMs });
    },
  };
}
