/**
 * The tables secgroup keeps, as schema versions (see sql/migrations.ts). Requests and the Slack
 * side's presentation records are real tables with a column for each thing queried; the rest of
 * each record is a JSON document in `document`.
 */

import { importLegacyRequests } from './legacy-import.js';
import type { Migration } from './sql/migrations.js';
import type { SqlDialect, SqlExecutor } from './sql/sql-database.js';

const bigint = (dialect: SqlDialect) => (dialect === 'postgres' ? 'BIGINT' : 'INTEGER');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'requests, presentation records and the cache',
    async up(tx: SqlExecutor, dialect: SqlDialect) {
      await tx.query(
        `CREATE TABLE requests (
           id TEXT PRIMARY KEY,
           kind TEXT NOT NULL,
           status TEXT NOT NULL,
           version INTEGER NOT NULL,
           created_at TEXT NOT NULL,
           updated_at TEXT NOT NULL,
           requester_id TEXT NOT NULL,
           region TEXT NOT NULL,
           security_group_id TEXT,
           conversation_id TEXT,
           workspace_id TEXT,
           history_length INTEGER NOT NULL,
           lease_owner TEXT,
           lease_expires_at ${bigint(dialect)},
           submission_key TEXT UNIQUE,
           document TEXT NOT NULL
         )`,
      );
      await tx.query('CREATE INDEX requests_newest ON requests (created_at, id)');
      await tx.query('CREATE INDEX requests_status ON requests (status)');
      await tx.query('CREATE INDEX requests_group ON requests (security_group_id)');
      await tx.query(
        `CREATE TABLE presentations (
           request_id TEXT PRIMARY KEY,
           version INTEGER NOT NULL,
           shown_history INTEGER NOT NULL,
           updated_at TEXT NOT NULL,
           document TEXT NOT NULL
         )`,
      );
      await tx.query('CREATE TABLE cache (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      if (dialect === 'sqlite') await importLegacyRequests(tx);
    },
  },
  {
    version: 2,
    name: 'when temporary rules expire',
    async up(tx: SqlExecutor, dialect: SqlDialect) {
      // Set while a done request's temporary rules are in place: the expiry sweep's question.
      await tx.query(`ALTER TABLE requests ADD COLUMN rules_expire_at ${bigint(dialect)}`);
      await tx.query('CREATE INDEX requests_rules_expire ON requests (rules_expire_at)');
    },
  },
];
