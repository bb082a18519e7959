import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { type ButtonArgs, requestIdOf } from './button-args.js';

/** Retry a failed execution: approvers only (the service decides); Slack is answered once it is stored. */
export const retryRequest =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    const answer = ackWhenStored(ack, deps.log);
    const id = requestIdOf(action);
    try {
      const request = await deps.changeRequests.retry(id, body.user.id, { onStored: () => answer.send() });
      deps.log.info(`slack: ${body.user.id} retried ${id}; now ${request.status}`);
    } catch (err) {
      await answer.send();
      await replyPrivately(respond, userMessageFor(err, deps.log));
    } finally {
      await answer.send();
    }
  };
