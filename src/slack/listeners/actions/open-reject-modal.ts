import { buildRejectReasonModal } from '../../blocks/reject-reason-modal.js';
import { encodeRequestMetadata } from '../../forms/private-metadata.js';
import { userMessageFor } from '../../user-errors.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { type ButtonArgs, clickedFrom, requestIdOf } from './button-args.js';

/**
 * Reject: asks for a reason in a modal. Someone who could not reject is told so at once instead
 * of being asked for a reason first; the service decides (and decides again on submission).
 */
export const openRejectModal =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const id = requestIdOf(action);
    try {
      const from = clickedFrom(body);
      await deps.changeRequests.checkMayReject(id, body.user.id, { from });
      const channelId = from?.conversationId;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildRejectReasonModal(id, encodeRequestMetadata({ requestId: id, ...(channelId ? { channelId } : {}) })),
      });
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
