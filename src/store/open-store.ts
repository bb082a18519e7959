/**
 * Opens what secgroup keeps: PostgreSQL when a database URL is configured (replicas share it),
 * else the SQLite file (one machine). Applies the schema versions this build knows at start-up.
 */
import { type Clock, systemClock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import type { CacheStore, RequestStore } from '../service/ports.js';
import { createCacheStore } from './cache-store.js';
import { createRequestStore } from './request-store.js';
import { MIGRATIONS } from './schema.js';
import { migrate } from './sql/migrations.js';
import { openPostgresDatabase } from './sql/postgres-database.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { openSqliteDatabase } from './sql/sqlite-database.js';

export interface StoreOptions {
  /** postgres://…: PostgreSQL. Unset: the SQLite file at `sqlitePath`. */
  databaseUrl?: string;
  /** PostgreSQL schema for secgroup's tables (created when missing). */
  schema?: string;
  sqlitePath: string;
  busyTimeoutMs?: number;
  clock?: Clock;
  log?: Log;
}

export interface OpenStore {
  backend: 'sqlite' | 'postgres';
  db: SqlDatabase;
  requests: RequestStore;
  cache: CacheStore;
  /** Answers when the database does (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openStore(options: StoreOptions): Promise<OpenStore> {
  const clock = options.clock ?? systemClock;
  const { log } = options;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  const db = options.databaseUrl
    ? await openPostgresDatabase({
        url: options.databaseUrl,
        ...(options.schema ? { schema: options.schema } : {}),
        ...(log ? { log } : {}),
      })
    : await openSqliteDatabase({ path: options.sqlitePath, busyTimeoutMs, ...(log ? { log } : {}) });
  try {
    await migrate(db, MIGRATIONS, log);
    let closed: Promise<void> | undefined;
    return {
      backend: db.dialect,
      db,
      requests: createRequestStore(db, () => clock.now()),
      cache: createCacheStore(db, clock, log),
      async ping() {
        await db.query('SELECT 1');
      },
      close() {
        closed ??= db.close();
        return closed;
      },
    };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
