/**
 * Schema versions, applied at start-up. Every replica runs this when it starts; the work is done
 * under the database's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so two
 * replicas starting at once apply each version once. A replica older than the database's schema
 * refuses to run rather than write rows it does not understand.
 */
import type { Log } from '../../lib/log.js';
import type { SqlDatabase, SqlDialect, SqlExecutor } from './sql-database.js';
import { integer } from './sql-database.js';

export interface Migration {
  version: number;
  name: string;
  /** DDL and data changes, per dialect, in one transaction. */
  up(tx: SqlExecutor, dialect: SqlDialect): Promise<void>;
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The database's schema is version ${databaseVersion}, newer than this secgroup knows (${knownVersion}). ` +
        'A newer secgroup has upgraded it: run that version here too; this one stops so it writes nothing it does not understand.',
    );
  }
}

const MIGRATION_LOCK = 'secgroup-schema-migrations';

async function currentVersion(tx: SqlExecutor): Promise<number> {
  const [row] = await tx.query<{ version: unknown }>('SELECT MAX(version) AS version FROM schema_migrations');
  return row?.version === null || row?.version === undefined ? 0 : integer(row.version);
}

/** Applies the migrations the database lacks; returns the schema version it is now at. */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[], log?: Log): Promise<number> {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  return db.transaction(
    async (tx) => {
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at TEXT NOT NULL
         )`,
      );
      const from = await currentVersion(tx);
      if (from > known) throw new SchemaTooNewError(from, known);
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (migration.version <= from) continue;
        await migration.up(tx, db.dialect);
        await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          migration.version,
          migration.name,
          new Date().toISOString(),
        ]);
        log?.info(`store: schema migrated to version ${migration.version} (${migration.name})`);
      }
      return known;
    },
    { lock: MIGRATION_LOCK },
  );
}
