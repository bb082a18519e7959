/**
 * What the stores need from a SQL database, written once for SQLite (one machine) and PostgreSQL
 * (replicas). SQL is written with `?` placeholders and the subset both engines share:
 * `INSERT … ON CONFLICT DO NOTHING RETURNING`, `UPDATE … WHERE … RETURNING`, text and integer
 * columns. Times are kept as ISO 8601 text (which sorts as time) or as epoch milliseconds.
 */
export type SqlDialect = 'sqlite' | 'postgres';

export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: SqlDialect;
  /**
   * Runs `work` inside one transaction on one connection, holding the database's write lock from
   * the start (SQLite: BEGIN IMMEDIATE; PostgreSQL: `lock`, a transaction-scoped advisory lock, when
   * given), and commits unless it throws.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options?: { lock?: string }): Promise<T>;
  close(): Promise<void>;
}

/** A column holding epoch milliseconds: PostgreSQL's bigint arrives as text. */
export function millis(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** An integer column (a count or a version), whichever driver read it. */
export function integer(value: unknown): number {
  const n = millis(value);
  if (n === undefined) throw new Error(`expected an integer column, got ${String(value)}`);
  return n;
}

export function text(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}
