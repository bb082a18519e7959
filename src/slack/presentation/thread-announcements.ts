/**
 * What the thread says when a request reaches an outcome, each mentioning the requester: the
 * rules read back once it is done (and, for a blank group, the offer to add rules), the failure
 * with its Retry button, or that it was rejected (with the reason), expired or cancelled.
 * One history entry at a time, so a restart posts exactly the announcements a stop cut short.
 */

import type { ChangeRequest } from '../../service/types.js';
import { buildDeletedMessage } from '../blocks/day2-card.js';
import type { SlackMessage } from '../blocks/message.js';
import { buildCancelledMessage, buildExpiredMessage, buildRejectedMessage } from '../blocks/outcome-messages.js';
import { buildAccessControls, buildExtensionOutcome, buildRemovalOutcome } from '../blocks/temporary-access.js';
import { buildAddRulesOffer, buildFailureMessage, buildRulesMessages } from '../blocks/thread-messages.js';

export interface Announcement {
  messages: SlackMessage[];
  /** The message whose ts is kept as the retry offer (its Retry button is taken away later). */
  retryOfferIndex?: number;
  /** The message whose ts is kept as the temporary rules' Extend and Remove now (kept up to date). */
  accessControlsIndex?: number;
}

/** The messages history entry `index` calls for; none for entries that are not outcomes. */
export function announcementFor(request: ChangeRequest, index: number): Announcement {
  const entry = request.history[index];
  const latest = index === request.history.length - 1;
  switch (entry?.to) {
    case 'failed':
      // A failure already retried is told in the offer's own update; only the live one offers a Retry.
      return latest && request.status === 'failed'
        ? { messages: [buildFailureMessage(request)], retryOfferIndex: 0 }
        : { messages: [buildFailureMessage(request)] };
    case 'done': {
      if (!latest || !request.result) return { messages: [] };
      if (request.kind === 'remove-access') return { messages: [buildRemovalOutcome(request)] };
      if (request.kind === 'extend-access') return { messages: [buildExtensionOutcome(request)] };
      if (request.kind === 'delete-group') return { messages: [buildDeletedMessage(request)] };
      const messages = buildRulesMessages(request, request.result.rules);
      const controls = request.temporary?.rulesExpireAt ? messages.push(buildAccessControls(request)) - 1 : undefined;
      if (request.kind === 'create-group' && request.result.rules.length === 0)
        messages.push(buildAddRulesOffer(request));
      return { messages, ...(controls === undefined ? {} : { accessControlsIndex: controls }) };
    }
    case 'rejected':
      return { messages: [buildRejectedMessage(request)] };
    case 'expired':
      return { messages: [buildExpiredMessage(request)] };
    case 'cancelled':
      return { messages: [buildCancelledMessage(request)] };
    default:
      return { messages: [] };
  }
}
