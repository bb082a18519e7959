import { userMessageFor } from '../../user-errors.js';
import { replyPrivately } from '../commands/reply.js';
import type { ListenerDeps } from '../listener-deps.js';
import { type ButtonArgs, requestIdOf } from './button-args.js';

/** Cancel: only the requester, only while pending (the service decides). */
export const cancelRequest =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const id = requestIdOf(action);
    try {
      await deps.changeRequests.cancel(id, body.user.id);
      deps.log.info(`slack: ${body.user.id} cancelled ${id}`);
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
