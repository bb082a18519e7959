import type { webApi } from '@slack/bolt';
import type { Log } from '../../../lib/log.js';
import type { ChangeRequest } from '../../../service/types.js';
import { buildCannotPostMessage, buildCardDelayedMessage } from '../../blocks/thread-messages.js';
import type { ShowOutcome } from '../../presentation/request-presenter.js';
import { type Recipient, tellUser } from '../tell-user.js';

/** Tells the requester, privately, when their stored request could not be shown for approval yet. */
export async function tellAboutShowing(
  client: webApi.WebClient,
  log: Log,
  to: Recipient & { channelId: string },
  request: ChangeRequest,
  outcome: ShowOutcome,
): Promise<void> {
  if (outcome.shown) return;
  const message =
    outcome.reason === 'cannot-post'
      ? buildCannotPostMessage(request, to.channelId)
      : buildCardDelayedMessage(request, to.channelId);
  await tellUser(client, log, to, message);
}
