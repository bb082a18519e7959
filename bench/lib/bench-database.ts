/**
 * A PostgreSQL database of the bench's own for the replicas phase, made on the machine's server
 * (SECGROUP_BENCH_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres) and dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_POSTGRES_URL =
  process.env.SECGROUP_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  /** What SECGROUP_DATABASE_URL gets. */
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A new empty database, or why there is none. */
export async function createBenchDatabase(): Promise<BenchDatabase | { unavailable: string }> {
  const name = `secgroup_bench_${randomBytes(5).toString('hex')}`;
  try {
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
  } catch (err) {
    return { unavailable: `PostgreSQL at ${BENCH_POSTGRES_URL}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
