import type { RespondFn } from '@slack/bolt';
import { buildHistoryList } from '../../blocks/history-list.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';

const RECENT = 20;

export async function showHistory(deps: ListenerDeps, respond: RespondFn): Promise<void> {
  const page = await deps.changeRequests.history({ limit: RECENT });
  await replyPrivately(respond, buildHistoryList(page.items, page.nextCursor !== undefined));
}
