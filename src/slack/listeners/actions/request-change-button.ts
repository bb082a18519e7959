import type { Log } from '../../../lib/log.js';
import type { ActionOptions } from '../../../service/api.js';
import type { ChangeRequest } from '../../../service/types.js';
import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import { replyPrivately } from '../reply.js';
import { type ButtonArgs, clickedFrom, requestIdOf } from './button-args.js';

export type RequestChange = (id: string, actorId: string, options: ActionOptions) => Promise<ChangeRequest>;

/**
 * A button that changes a request (approve, cancel, retry). The service decides whether the
 * clicker may, from where they clicked; Slack is answered once the change is stored (or refused), exactly once, and a
 * refusal is told privately to the clicker. The card follows through the change listener.
 */
export function requestChangeButton(log: Log, done: string, change: RequestChange) {
  return async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    const answer = ackWhenStored(ack, log);
    const id = requestIdOf(action);
    let request: ChangeRequest;
    try {
      request = await change(id, body.user.id, { onStored: () => answer.send(), from: clickedFrom(body) });
    } catch (err) {
      await answer.send();
      await replyPrivately(respond, userMessageFor(err, log));
      return;
    }
    await answer.send();
    log.info(`slack: ${body.user.id} ${done} ${id}; now ${request.status}`);
  };
}
