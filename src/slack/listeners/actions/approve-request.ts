import { userMessageFor } from '../../user-errors.js';
import { replyPrivately } from '../commands/reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import { type ButtonArgs, requestIdOf } from './button-args.js';

/** Approve: the service checks who may approve and, with enough approvals, executes; the card follows via onChange. */
export const approveRequest =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const id = requestIdOf(action);
    try {
      const request = await deps.changeRequests.approve(id, body.user.id);
      deps.log.info(`slack: ${body.user.id} approved ${id}; now ${request.status}`);
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
