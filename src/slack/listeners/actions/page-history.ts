import { channelAllowed } from '../../deps.js';
import { decodeHistoryPage } from '../../forms/page-value.js';
import { channelNotAllowedText, userMessageFor } from '../../user-errors.js';
import { historyPage } from '../commands/show-history.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replacePrivately, replyPrivately } from '../reply.js';
import { type ButtonArgs, clickedFrom } from './button-args.js';

/** Where the page was asked from, for what the viewer may see of each request. */
function whereClicked(body: ButtonArgs['body']) {
  const from = clickedFrom(body);
  return from ? { from } : {};
}

/** Newer/Older under `/secgroup history`: the page the button names, in place of the one shown, as the clicker may see it. */
export const pageHistory =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const channelId = body.channel?.id;
      if (channelId && !channelAllowed(deps, channelId)) {
        return await replyPrivately(respond, channelNotAllowedText(deps.allowedChannels));
      }
      const ref = decodeHistoryPage(action.value);
      if (!ref) return await replyPrivately(respond, 'That page is not valid any more. Run `/secgroup history` again.');
      const viewer = { actorId: body.user.id, ...whereClicked(body) };
      await replacePrivately(respond, await historyPage(deps, ref, viewer));
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
