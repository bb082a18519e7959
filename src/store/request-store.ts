/**
 * The RequestStore on a SqlDatabase (SQLite or PostgreSQL alike). Every write is one conditional
 * statement, so it holds across processes and replicas, not only inside one:
 *   insert  — INSERT … ON CONFLICT DO NOTHING RETURNING (a taken id or submission key writes nothing)
 *   replace — UPDATE … WHERE id = ? AND version = ? RETURNING (compare-and-set)
 *   renewLease — UPDATE … WHERE lease_owner = ? (a heartbeat moves only the lease's end)
 *   releaseLease — UPDATE … WHERE lease_owner = ? (the lease ends now: another process may take over)
 */
import { InvalidInputError } from '../service/errors.js';
import type { RequestPage, RequestStore } from '../service/ports.js';
import { type ChangeRequest, REQUEST_STATUSES, type RequestStatus } from '../service/types.js';
import { REQUEST_COLUMNS, requestFromRow, requestRow } from './request-rows.js';
import type { SqlDatabase } from './sql/sql-database.js';

export const PAGE_LIMIT_MAX = 100;

const PLACEHOLDERS = REQUEST_COLUMNS.split(',')
  .map(() => '?')
  .join(', ');

function encodeCursor(request: ChangeRequest): string {
  return Buffer.from(JSON.stringify([request.createdAt, request.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [createdAt, id] = parsed;
      if (typeof createdAt === 'string' && typeof id === 'string') return [createdAt, id];
    }
  } catch {
    // Falls through to the same message as a well-formed but wrong cursor.
  }
  throw new InvalidInputError([
    { field: 'cursor', message: 'This page link is not valid; start from the first page.' },
  ]);
}

export function createRequestStore(db: SqlDatabase, now: () => Date = () => new Date()): RequestStore {
  const select = `SELECT ${REQUEST_COLUMNS} FROM requests`;

  return {
    async get(id) {
      const [row] = await db.query(`${select} WHERE id = ?`, [id]);
      return row ? requestFromRow(row) : undefined;
    },

    async insert(request, options = {}) {
      const rows = await db.query(
        `INSERT INTO requests (${REQUEST_COLUMNS}) VALUES (${PLACEHOLDERS}) ON CONFLICT DO NOTHING RETURNING id`,
        requestRow(request, now().toISOString(), options.submissionKey),
      );
      return rows.length === 1;
    },

    async findBySubmission(key) {
      const [row] = await db.query(`${select} WHERE submission_key = ?`, [key]);
      return row ? requestFromRow(row) : undefined;
    },

    async replace(next, expectedVersion) {
      if (!(next.version > expectedVersion)) {
        throw new Error(`replace(${next.id}): the new version must be above ${expectedVersion}`);
      }
      const [
        ,
        kind,
        status,
        version,
        ,
        updatedAt,
        ,
        region,
        group,
        conversation,
        workspace,
        historyLength,
        owner,
        leaseEnd,
        ,
        document,
        rulesExpireAt,
      ] = requestRow(next, now().toISOString());
      const rows = await db.query(
        `UPDATE requests SET kind = ?, status = ?, version = ?, updated_at = ?, region = ?, security_group_id = ?,
           conversation_id = ?, workspace_id = ?, history_length = ?, lease_owner = ?, lease_expires_at = ?, document = ?,
           rules_expire_at = ?
         WHERE id = ? AND version = ? RETURNING id`,
        [
          kind,
          status,
          version,
          updatedAt,
          region,
          group,
          conversation,
          workspace,
          historyLength,
          owner,
          leaseEnd,
          document,
          rulesExpireAt,
          next.id,
          expectedVersion,
        ],
      );
      return rows.length === 1;
    },

    async renewLease(id, owner, expiresAt) {
      const rows = await db.query(
        `UPDATE requests SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND status = 'executing' RETURNING id`,
        [Date.parse(expiresAt), id, owner],
      );
      return rows.length === 1;
    },

    async releaseLease(id, owner, at) {
      const rows = await db.query(
        'UPDATE requests SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? RETURNING id',
        [Date.parse(at), id, owner],
      );
      return rows.length === 1;
    },

    async list({ limit, cursor }): Promise<RequestPage> {
      const size = Math.min(Math.max(Math.trunc(limit) || 1, 1), PAGE_LIMIT_MAX);
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const rows = await db.query(
        `${select} ${after ? 'WHERE created_at < ? OR (created_at = ? AND id < ?)' : ''}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
        [...(after ? [after[0], after[0], after[1]] : []), size + 1],
      );
      const items = rows.slice(0, size).map(requestFromRow);
      const last = items[items.length - 1];
      return rows.length > size && last ? { items, nextCursor: encodeCursor(last) } : { items };
    },

    async listByGroup(groupId, limit) {
      const size = Math.min(Math.max(Math.trunc(limit) || 1, 1), PAGE_LIMIT_MAX);
      const rows = await db.query(`${select} WHERE security_group_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, [
        groupId,
        size,
      ]);
      return rows.map(requestFromRow);
    },

    async listByStatus(statuses) {
      const wanted = statuses.filter((s): s is RequestStatus => REQUEST_STATUSES.includes(s));
      if (wanted.length === 0) return [];
      const rows = await db.query(
        `${select} WHERE status IN (${wanted.map(() => '?').join(', ')}) ORDER BY created_at, id`,
        wanted,
      );
      return rows.map(requestFromRow);
    },

    async listTemporary({ dueBy }) {
      const rows = await db.query(
        `${select} WHERE rules_expire_at IS NOT NULL ${dueBy === undefined ? '' : 'AND rules_expire_at <= ?'}
         ORDER BY rules_expire_at, id`,
        dueBy === undefined ? [] : [Date.parse(dueBy)],
      );
      return rows.map(requestFromRow);
    },
  };
}
