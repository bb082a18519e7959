import { userMessageFor } from '../../user-errors.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { tellAboutShowing } from '../submissions/tell-about-showing.js';
import { type ButtonArgs, clickedFrom, requestIdOf } from './button-args.js';

/**
 * Re-plan, under an edit the group's changes made fail: the same change planned again on the rules
 * the group has now, as a new request in the same channel (one per click: the click is its key).
 */
export const replanRequest =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const id = requestIdOf(action);
    const from = clickedFrom(body);
    try {
      const request = await deps.changeRequests.replan(id, body.user.id, {
        ...(from ? { origin: from } : {}),
        submissionKey: `slack-action:${id}:${action.action_ts}`,
      });
      const channelId = request.origin?.conversationId;
      if (channelId) {
        const to = { userId: body.user.id, channelId };
        await tellAboutShowing(client, deps.log, to, request, await deps.presenter.show(request.id));
      }
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
