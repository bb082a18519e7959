import { buildExtendAccessModal } from '../../blocks/extend-access-modal.js';
import { encodeRequestMetadata } from '../../forms/private-metadata.js';
import { userMessageFor } from '../../user-errors.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { type ButtonArgs, clickedFrom, requestIdOf } from './button-args.js';

/** Extend, in the thread of temporary rules: opens the form (who may ask is decided on submission). */
export const openExtendModal =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const id = requestIdOf(action);
    try {
      const from = clickedFrom(body);
      const grant = await deps.changeRequests.checkMayFollowUp(id, { from });
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildExtendAccessModal({
          grant,
          privateMetadata: encodeRequestMetadata({
            requestId: id,
            ...(from ? { channelId: from.conversationId } : {}),
          }),
          ...(deps.accessPolicy ? { accessPolicy: deps.accessPolicy } : {}),
        }),
      });
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
