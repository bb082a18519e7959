import type { RespondFn } from '@slack/bolt';
import type { Viewer } from '../../../service/api.js';
import type { ChangeRequest } from '../../../service/types.js';
import { contextBlock } from '../../blocks/message.js';
import { channelLink } from '../../blocks/mrkdwn.js';
import { buildRequestDetail } from '../../blocks/request-detail.js';
import { buildRequestOutline } from '../../blocks/request-outline.js';
import { buildCannotPostMessage, buildCardDelayedMessage } from '../../blocks/thread-messages.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';

/**
 * `/secgroup show req-…`: the request and its history, as much as the viewer may see from here. A
 * pending request that could not be posted before (the bot was not in the channel) is posted now
 * if this is the channel it was requested in: only there are clicks on its buttons accepted.
 */
export async function showRequest(
  deps: ListenerDeps,
  respond: RespondFn,
  channelId: string,
  viewer: Viewer,
  id: string,
): Promise<void> {
  const view = await deps.changeRequests.viewRequest(id, viewer);
  if (view.visibility === 'outline') return replyPrivately(respond, buildRequestOutline(view.request));
  if (view.visibility === 'none') return;
  const request = view.request;
  const record = await deps.presentations.get(request.id);
  const origin = request.origin?.conversationId;
  if (request.status === 'pending' && !record?.cardTs && (!origin || origin === channelId)) {
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
  const detail = buildRequestDetail(request, await deps.presenter.labels(request));
  if (request.status === 'pending' && !record?.cardTs && origin) detail.blocks.push(postedOnlyThere(request, origin));
  await replyPrivately(respond, detail);
}

/** Why a request not yet posted is not posted here. */
function postedOnlyThere(request: ChangeRequest, origin: string) {
  return contextBlock(
    `It is not posted for approval yet, and can be posted only in ${channelLink(origin)}, where it was requested: run \`/secgroup show ${request.id}\` there once I'm in that channel.`,
  );
}
