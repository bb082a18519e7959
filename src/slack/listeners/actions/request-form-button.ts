import type { RequestOrigin } from '../../../service/types.js';
import { encodeRequestMetadata } from '../../forms/private-metadata.js';
import { userMessageFor } from '../../user-errors.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { type ButtonArgs, clickedFrom, requestIdOf } from './button-args.js';

/** A click on a button of a request that opens a form about that request. */
export interface RequestFormClick {
  args: ButtonArgs;
  /** The request id the button carries. */
  id: string;
  /** Where the button was pressed (asked to the service, which refuses a click from elsewhere). */
  from: RequestOrigin | undefined;
  /** The form's private metadata: the request and the channel, so the submission answers there. */
  privateMetadata: string;
}

/**
 * A button that opens a form about its request: acknowledged at once (the trigger lasts 3 seconds),
 * and whatever `open` throws (refused by the service, Slack down) is told to the clicker privately.
 */
export const requestFormButton =
  (deps: ListenerDeps, open: (click: RequestFormClick) => Promise<void>) =>
  async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const id = requestIdOf(args.action);
    try {
      const from = clickedFrom(args.body);
      const privateMetadata = encodeRequestMetadata({
        requestId: id,
        ...(from ? { channelId: from.conversationId } : {}),
      });
      await open({ args, id, from, privateMetadata });
    } catch (err) {
      await replyPrivately(args.respond, userMessageFor(err, deps.log));
    }
  };
