import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { type ButtonArgs, requestIdOf } from './button-args.js';

/**
 * Approve: the service checks who may approve and, with enough approvals, executes; the card
 * follows via onChange. Slack is answered once the approval is stored, before the cloud call.
 */
export const approveRequest =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    const answer = ackWhenStored(ack, deps.log);
    const id = requestIdOf(action);
    try {
      const request = await deps.changeRequests.approve(id, body.user.id, { onStored: () => answer.send() });
      deps.log.info(`slack: ${body.user.id} approved ${id}; now ${request.status}`);
    } catch (err) {
      await answer.send();
      await replyPrivately(respond, userMessageFor(err, deps.log));
    } finally {
      await answer.send();
    }
  };
