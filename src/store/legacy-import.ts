/**
 * secgroup before schema version 1 kept each request as keyv's `{"value": …}` JSON in the table
 * `secgroup_requests`, with the Slack messages showing it inside the request (`conversation`).
 * The first migration copies those requests into `requests`, and where they were shown into
 * `presentations` (in the Slack side's record format, src/slack/presentation/presentation-record.ts),
 * so an upgrade keeps every request and every card it can still update. The old table is left
 * as it was.
 */
import type { ChangeRequest } from '../service/types.js';
import { REQUEST_COLUMNS_V1, requestRow } from './request-rows.js';
import type { SqlExecutor } from './sql/sql-database.js';

const LEGACY_TABLE = 'secgroup_requests';

interface LegacyConversation {
  channelId?: string;
  messageId?: string;
  threadId?: string;
  promptId?: string;
  retryOfferId?: string;
  shownHistory?: number;
}

type LegacyRequest = Omit<ChangeRequest, 'origin'> & { conversation?: LegacyConversation };

function presentationOf(request: LegacyRequest): { shownHistory: number; document: object } | undefined {
  const c = request.conversation;
  if (!c?.channelId) return undefined;
  const historyLength = request.history.length;
  if (c.messageId) {
    return {
      // Requests stored before the count was kept were shown in full.
      shownHistory: c.shownHistory ?? historyLength,
      document: {
        channelId: c.channelId,
        cardTs: c.messageId,
        ...(c.threadId ? { threadTs: c.threadId } : {}),
        ...(c.promptId ? { promptTs: c.promptId } : {}),
        ...(c.retryOfferId ? { retryOfferTs: c.retryOfferId } : {}),
        announcedHistory: c.shownHistory ?? historyLength,
      },
    };
  }
  // Never posted: a pending request is posted by the next sweep; anything else could not be posted.
  if (request.status === 'pending' && c.shownHistory === undefined) return undefined;
  return {
    shownHistory: c.shownHistory ?? historyLength,
    document: { channelId: c.channelId, unpostable: true, announcedHistory: historyLength },
  };
}

export async function importLegacyRequests(tx: SqlExecutor): Promise<void> {
  const [exists] = await tx.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [LEGACY_TABLE]);
  if (!exists) return;
  const rows = await tx.query<{ value: string }>(`SELECT value FROM ${LEGACY_TABLE}`);
  const now = new Date().toISOString();
  for (const row of rows) {
    const legacy = (JSON.parse(row.value) as { value: LegacyRequest }).value;
    const { conversation, ...rest } = legacy;
    const request: ChangeRequest = {
      ...rest,
      ...(conversation?.channelId ? { origin: { conversationId: conversation.channelId } } : {}),
    };
    await tx.query(
      `INSERT INTO requests (${REQUEST_COLUMNS_V1}) VALUES (${REQUEST_COLUMNS_V1.split(',')
        .map(() => '?')
        .join(', ')}) ON CONFLICT DO NOTHING`,
      requestRow(request, now).slice(0, REQUEST_COLUMNS_V1.split(',').length),
    );
    const presentation = presentationOf(legacy);
    if (presentation) {
      await tx.query(
        'INSERT INTO presentations (request_id, version, shown_history, updated_at, document) VALUES (?, 1, ?, ?, ?) ON CONFLICT DO NOTHING',
        [request.id, presentation.shownHistory, now, JSON.stringify(presentation.document)],
      );
    }
  }
}
