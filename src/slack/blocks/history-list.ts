import type { RequestView } from '../../service/api.js';
import type { ChangeRequest } from '../../service/types.js';
import { encodeHistoryPage, type HistoryPageRef } from '../forms/page-value.js';
import { ActionId } from '../ids.js';
import { contextBlock, mrkdwnSection, packLines, type SlackMessage } from './message.js';
import { code, mention, slackDate } from './mrkdwn.js';
import { pageButtons } from './paging.js';
import { requestSummary } from './request-card.js';
import { OUTLINES_WHY, outlineLine } from './request-outline.js';
import { failureLeftText } from './request-status.js';

export const REQUESTS_PER_PAGE = 20;

/** One page of the store's requests, newest first, each as much as the viewer may see of it, and the cursor of the page after it. */
export interface HistoryPage {
  ref: HistoryPageRef;
  items: Exclude<RequestView, { visibility: 'none' }>[];
  nextCursor?: string;
}

function requestLine(r: ChangeRequest): string {
  const live = r.status === 'failed' && r.failure?.live ? ` ${failureLeftText(r)}` : '';
  return `• ${code(r.id)} ${slackDate(r.createdAt)} ${mention(r.requesterId)} ${requestSummary(r)}: *${r.status}*${live}`;
}

/** `/secgroup history`: one page of requests, newest first, with Newer/Older. */
export function buildHistoryList(page: HistoryPage): SlackMessage {
  const { ref, items, nextCursor } = page;
  if (items.length === 0 && ref.page === 1) {
    return { text: 'No requests yet', blocks: [mrkdwnSection('No requests yet.')] };
  }
  const newer: HistoryPageRef | undefined =
    ref.page === 1
      ? undefined
      : ref.cursors.length > 1
        ? { page: ref.page - 1, cursors: ref.cursors.slice(0, -1) }
        : { page: 1, cursors: [] };
  const blocks = [
    ...packLines(
      items.map((view) => (view.visibility === 'outline' ? outlineLine(view.request) : requestLine(view.request))),
      { heading: `*Requests*, newest first — page ${ref.page}` },
    ),
    ...(items.some((view) => view.visibility === 'outline') ? [contextBlock(OUTLINES_WHY)] : []),
    ...pageButtons([
      newer && { actionId: ActionId.historyNewer, text: 'Newer', value: encodeHistoryPage(newer) },
      nextCursor
        ? {
            actionId: ActionId.historyOlder,
            text: 'Older',
            value: encodeHistoryPage({ page: ref.page + 1, cursors: [...ref.cursors, nextCursor] }),
          }
        : undefined,
    ]),
  ];
  return { text: `Requests, page ${ref.page}: ${items.length} shown`, blocks };
}
