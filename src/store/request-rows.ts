/** A ChangeRequest ↔ its row in `requests`: the queried fields as columns, the rest as JSON. */
import type { ChangeRequest } from '../service/types.js';
import { integer, millis, type SqlRow, text } from './sql/sql-database.js';

export const REQUEST_COLUMNS =
  'id, kind, status, version, created_at, updated_at, requester_id, region, security_group_id, conversation_id, workspace_id, history_length, lease_owner, lease_expires_at, submission_key, document, rules_expire_at';

/** The columns of schema version 1, which its import of legacy rows writes. */
export const REQUEST_COLUMNS_V1 =
  'id, kind, status, version, created_at, updated_at, requester_id, region, security_group_id, conversation_id, workspace_id, history_length, lease_owner, lease_expires_at, submission_key, document';

/** When a done request's temporary rules are due for removal (epoch ms); null once removal is under way. */
function rulesExpireAt(request: ChangeRequest): number | null {
  const t = request.temporary;
  if (request.status !== 'done' || !t?.rulesExpireAt || t.removalId !== undefined) return null;
  return Date.parse(t.rulesExpireAt);
}

/** The group a request is about: the one it changes, or the one it created. */
export function groupOf(request: ChangeRequest): string | undefined {
  const spec = request.spec;
  if ('securityGroupId' in spec) return spec.securityGroupId;
  return request.result?.securityGroupId;
}

/** Column values in REQUEST_COLUMNS order; the lease lives in its columns only, so a heartbeat rewrites no JSON. */
export function requestRow(request: ChangeRequest, updatedAt: string, submissionKey?: string): unknown[] {
  const { lease, ...document } = request;
  return [
    request.id,
    request.kind,
    request.status,
    request.version,
    request.createdAt,
    updatedAt,
    request.requesterId,
    request.spec.region,
    groupOf(request) ?? null,
    request.origin?.conversationId ?? null,
    request.origin?.workspaceId ?? null,
    request.history.length,
    lease?.owner ?? null,
    lease ? Date.parse(lease.expiresAt) : null,
    submissionKey ?? null,
    JSON.stringify(document),
    rulesExpireAt(request),
  ];
}

export function requestFromRow(row: SqlRow): ChangeRequest {
  const document = JSON.parse(String(row.document)) as ChangeRequest;
  const owner = text(row.lease_owner);
  const expiresAt = millis(row.lease_expires_at);
  const { lease: _ignored, ...rest } = document;
  return {
    ...rest,
    // The columns are what compare-and-set checks; the document agrees with them on every write.
    version: integer(row.version),
    ...(owner && expiresAt !== undefined ? { lease: { owner, expiresAt: new Date(expiresAt).toISOString() } } : {}),
  };
}
