/**
 * SqlDatabase on one SQLite file, for one machine (several processes may share the file).
 * WAL lets readers go on while one process writes; a busy timeout makes a writer wait for another
 * process's write instead of failing. Each statement runs on sqlite3's thread pool, so a wait for
 * the file never blocks the event loop.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import pRetry from 'p-retry';
import sqlite3 from 'sqlite3';
import type { Log } from '../../lib/log.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

export interface SqliteOptions {
  /** The file, created with its folder when missing; ':memory:' for a private in-memory database. */
  path: string;
  /** How long a write waits for another process's write to finish. */
  busyTimeoutMs?: number;
  log?: Log;
}

function isBusy(err: unknown): boolean {
  return err instanceof Error && /SQLITE_BUSY|SQLITE_LOCKED/.test(`${(err as { code?: string }).code} ${err.message}`);
}

function open(path: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, (err) => (err ? reject(err) : resolve(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string, params: readonly unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    db.all(sql, params as unknown[], (err, rows) => (err ? reject(err) : resolve(rows as T[])));
  });
}

/** One connection; a transaction has it to itself while it runs (statements outside wait). */
export async function openSqliteDatabase(options: SqliteOptions): Promise<SqlDatabase> {
  const { path, log } = options;
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const db = await open(path);
  // Statements run in the order they were issued, so none slips into another's transaction.
  db.serialize();
  db.configure('busyTimeout', options.busyTimeoutMs ?? 5_000);
  // On a brand-new file two processes switching to WAL at once can be refused before any wait
  // applies (SQLite does not wait when waiting could deadlock), so that alone is retried.
  await pRetry(() => all(db, 'PRAGMA journal_mode = WAL', []), {
    retries: 8,
    minTimeout: 20,
    maxTimeout: 500,
    shouldRetry: ({ error }) => isBusy(error),
    onFailedAttempt: ({ attemptNumber }) =>
      log?.warn(`sqlite: ${path} busy switching to WAL (attempt ${attemptNumber})`),
  });

  let exclusive: Promise<unknown> = Promise.resolve();
  const query = async <T extends SqlRow>(sql: string, params: readonly unknown[] = []) => {
    await exclusive;
    return all<T>(db, sql, params);
  };
  let closed: Promise<void> | undefined;

  return {
    dialect: 'sqlite',
    query,
    async transaction(work) {
      const previous = exclusive;
      let release = () => {};
      exclusive = new Promise<void>((resolve) => {
        release = resolve;
      });
      await previous;
      const tx: SqlExecutor = { query: (sql, params = []) => all(db, sql, params) };
      try {
        await tx.query('BEGIN IMMEDIATE');
        try {
          const result = await work(tx);
          await tx.query('COMMIT');
          return result;
        } catch (err) {
          await tx.query('ROLLBACK').catch(() => {});
          throw err;
        }
      } finally {
        release();
      }
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
      return closed;
    },
  };
}
