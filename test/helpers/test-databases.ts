/**
 * The databases the store runs on, for tests: a SQLite file in a fresh temp folder, or a fresh
 * schema in the machine's PostgreSQL (dropped afterwards), so suites run in parallel.
 * PostgreSQL is expected at SECGROUP_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test.
 * Where it does not answer, its suites are skipped and say so — except under CI, where that fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomToken } from '../../src/lib/random-token.js';
import type { StoreOptions } from '../../src/store/open-store.js';

export const POSTGRES_URL = process.env.SECGROUP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Backend = 'sqlite' | 'postgres';

export interface TestDatabase {
  backend: Backend;
  /** What openStore takes to open this database. */
  options: Pick<StoreOptions, 'databaseUrl' | 'schema' | 'sqlitePath'>;
  /** The environment that points the app at it. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

let reachable: Promise<boolean> | undefined;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/** Whether PostgreSQL suites run here; under CI an unreachable PostgreSQL is an error, not a skip. */
export async function postgresSuitesRun(): Promise<boolean> {
  const ok = await postgresReachable();
  if (!ok && process.env.CI) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}; CI must run the PostgreSQL suites`);
  }
  return ok;
}

export const POSTGRES_SKIPPED = `PostgreSQL suite skipped: nothing answers at ${POSTGRES_URL} (start it with \`pg_ctlcluster 15 main start\`, or set SECGROUP_TEST_POSTGRES_URL)`;

export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'secgroup-db-'));
    const sqlitePath = join(dir, 'nested', 'data', 'secgroup.sqlite');
    return {
      backend,
      options: { sqlitePath },
      env: { SECGROUP_DB_PATH: sqlitePath },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const schema = `secgroup_test_${randomToken(10)}`;
  return {
    backend,
    options: { databaseUrl: POSTGRES_URL, schema, sqlitePath: ':memory:' },
    env: { SECGROUP_DATABASE_URL: POSTGRES_URL, SECGROUP_DATABASE_SCHEMA: schema },
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
