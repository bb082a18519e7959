/**
 * SqlDatabase on PostgreSQL, which replicas share. A pool of connections; `?` placeholders are
 * numbered for pg. Every connection works in the configured schema, so tests (and teams) can keep
 * several secgroups in one database.
 */
import pg from 'pg';
import type { Log } from '../../lib/log.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

export interface PostgresOptions {
  /** postgres://user@host:port/database */
  url: string;
  /** Schema for every table (created when missing); PostgreSQL's search_path default when absent. */
  schema?: string;
  /** Connections in the pool. */
  maxConnections?: number;
  log?: Log;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** `?` → `$1`, `$2`…; the stores never put a literal question mark in SQL. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => {
    n += 1;
    return `$${n}`;
  });
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<T extends SqlRow>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(numberPlaceholders(sql), params as unknown[]);
      return result.rows as T[];
    },
  };
}

/** A stable 64-bit key for pg_advisory_xact_lock, from a name. */
const LOCK_KEY = 'SELECT pg_advisory_xact_lock(hashtextextended(?, 0))';

export async function openPostgresDatabase(options: PostgresOptions): Promise<SqlDatabase> {
  const { schema, log } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL schema "${schema}" must be lowercase letters, digits and underscores`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection the server dropped is reported here; the pool replaces it on next use.
  pool.on('error', (err) => log?.warn(`postgres: idle connection lost: ${err.message}`));
  const pooled = executor(pool);
  let closed: Promise<void> | undefined;

  const database: SqlDatabase = {
    dialect: 'postgres',
    query: pooled.query,
    async transaction(work, transactionOptions = {}) {
      const client = await pool.connect();
      const tx = executor(client);
      try {
        await tx.query('BEGIN');
        try {
          if (transactionOptions.lock) await tx.query(LOCK_KEY, [transactionOptions.lock]);
          const result = await work(tx);
          await tx.query('COMMIT');
          return result;
        } catch (err) {
          await tx.query('ROLLBACK').catch(() => {});
          throw err;
        }
      } finally {
        client.release();
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
  if (schema) {
    // Under a lock: two replicas starting at once would otherwise both try to create it.
    await database
      .transaction((tx) => tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`), { lock: 'secgroup-create-schema' })
      .catch(async (err: unknown) => {
        await pool.end();
        throw err;
      });
  }
  return database;
}
