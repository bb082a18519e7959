import type { RespondFn } from '@slack/bolt';
import { buildRequestDetail } from '../../blocks/request-detail.js';
import { buildCannotPostMessage, buildCardDelayedMessage } from '../../blocks/thread-messages.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';

/**
 * `/secgroup show req-…`: the request and its history. A pending request that could not be posted
 * before (the bot was not in the channel) is posted here now, so it can be approved.
 */
export async function showRequest(
  deps: ListenerDeps,
  respond: RespondFn,
  channelId: string,
  id: string,
): Promise<void> {
  const request = await deps.changeRequests.get(id);
  const record = await deps.presentations.get(request.id);
  if (request.status === 'pending' && !record?.cardTs) {
    const outcome = await deps.presenter.show(request.id, { postIn: channelId });
    if (!outcome.shown) {
      const notice =
        outcome.reason === 'cannot-post'
          ? buildCannotPostMessage(request, channelId)
          : buildCardDelayedMessage(request, channelId);
      await replyPrivately(respond, notice);
    }
    return;
  }
  await replyPrivately(respond, buildRequestDetail(request, await deps.presenter.labels(request)));
}
