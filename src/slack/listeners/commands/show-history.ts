import type { RespondFn } from '@slack/bolt';
import type { Viewer } from '../../../service/api.js';
import { buildHistoryList, REQUESTS_PER_PAGE } from '../../blocks/history-list.js';
import type { SlackMessage } from '../../blocks/message.js';
import type { HistoryPageRef } from '../../forms/page-value.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';

/** One page of requests, newest first, from the store's cursor, each as much as `viewer` may see of it. */
export async function historyPage(deps: ListenerDeps, ref: HistoryPageRef, viewer: Viewer): Promise<SlackMessage> {
  const cursor = ref.cursors.at(-1);
  const page = await deps.changeRequests.viewHistory(viewer, {
    limit: REQUESTS_PER_PAGE,
    ...(cursor === undefined ? {} : { cursor }),
  });
  return buildHistoryList({ ref, items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
}

/** `/secgroup history`: the newest requests, as the viewer may see them from where they ask. */
export async function showHistory(deps: ListenerDeps, respond: RespondFn, viewer: Viewer): Promise<void> {
  await replyPrivately(respond, await historyPage(deps, { page: 1, cursors: [] }, viewer));
}
