import { userMessageFor } from '../../user-errors.js';
import { replyPrivately } from '../commands/reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import { type ButtonArgs, requestIdOf } from './button-args.js';

/** Retry a failed execution: approvers only (the service decides). */
export const retryRequest =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const id = requestIdOf(action);
    try {
      const request = await deps.changeRequests.retry(id, body.user.id);
      deps.log.info(`slack: ${body.user.id} retried ${id}; now ${request.status}`);
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
