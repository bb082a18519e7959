import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { type ButtonArgs, requestIdOf } from './button-args.js';

/** Cancel: only the requester, only while pending (the service decides); Slack is answered once it is stored. */
export const cancelRequest =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    const answer = ackWhenStored(ack, deps.log);
    const id = requestIdOf(action);
    try {
      await deps.changeRequests.cancel(id, body.user.id, { onStored: () => answer.send() });
      deps.log.info(`slack: ${body.user.id} cancelled ${id}`);
    } catch (err) {
      await answer.send();
      await replyPrivately(respond, userMessageFor(err, deps.log));
    } finally {
      await answer.send();
    }
  };
