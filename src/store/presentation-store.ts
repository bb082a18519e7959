/**
 * The presentation records a front end keeps per request (for Slack: which messages show it and
 * how far they are shown), in `presentations`. The store reads two fields of a record — the
 * request id and how many history entries are shown — and keeps the rest as the front end's JSON;
 * `version` is for compare-and-set, as for requests.
 */
import { integer, type SqlDatabase, type SqlRow } from './sql/sql-database.js';

export interface PresentationEnvelope {
  requestId: string;
  version: number;
  /** How many entries of the request's history are fully shown. */
  shownHistory: number;
}

export interface PresentationTable<T extends PresentationEnvelope> {
  get(requestId: string): Promise<T | undefined>;
  /** False when the request already has a record. */
  insert(record: T): Promise<boolean>;
  /** Compare-and-set on `version`. */
  replace(record: T, expectedVersion: number): Promise<boolean>;
  /**
   * Requests asked in a conversation whose showing lags behind them, oldest first: no record yet,
   * or fewer history entries shown than the request has.
   */
  listBehind(limit: number): Promise<string[]>;
}

export function createPresentationStore<T extends PresentationEnvelope>(
  db: SqlDatabase,
  now: () => Date = () => new Date(),
): PresentationTable<T> {
  const toRecord = (row: SqlRow): T =>
    ({
      ...(JSON.parse(String(row.document)) as object),
      requestId: String(row.request_id),
      version: integer(row.version),
      shownHistory: integer(row.shown_history),
    }) as T;
  const documentOf = (record: T) => {
    const { requestId: _id, version: _v, shownHistory: _s, ...document } = record;
    return JSON.stringify(document);
  };

  return {
    async get(requestId) {
      const [row] = await db.query(
        'SELECT request_id, version, shown_history, document FROM presentations WHERE request_id = ?',
        [requestId],
      );
      return row ? toRecord(row) : undefined;
    },

    async insert(record) {
      const rows = await db.query(
        `INSERT INTO presentations (request_id, version, shown_history, updated_at, document) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING request_id`,
        [record.requestId, record.version, record.shownHistory, now().toISOString(), documentOf(record)],
      );
      return rows.length === 1;
    },

    async replace(record, expectedVersion) {
      if (!(record.version > expectedVersion)) {
        throw new Error(`replace(${record.requestId}): the new version must be above ${expectedVersion}`);
      }
      const rows = await db.query(
        `UPDATE presentations SET version = ?, shown_history = ?, updated_at = ?, document = ?
         WHERE request_id = ? AND version = ? RETURNING request_id`,
        [
          record.version,
          record.shownHistory,
          now().toISOString(),
          documentOf(record),
          record.requestId,
          expectedVersion,
        ],
      );
      return rows.length === 1;
    },

    async listBehind(limit) {
      const rows = await db.query<{ id: string }>(
        `SELECT r.id AS id FROM requests r LEFT JOIN presentations p ON p.request_id = r.id
         WHERE r.conversation_id IS NOT NULL AND (p.request_id IS NULL OR p.shown_history < r.history_length)
         ORDER BY r.created_at, r.id LIMIT ?`,
        [Math.max(1, Math.trunc(limit))],
      );
      return rows.map((row) => String(row.id));
    },
  };
}
