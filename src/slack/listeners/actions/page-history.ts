import { channelAllowed } from '../../deps.js';
import { decodeHistoryPage } from '../../forms/page-value.js';
import { channelNotAllowedText, userMessageFor } from '../../user-errors.js';
import { historyPage } from '../commands/show-history.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replacePrivately, replyPrivately } from '../reply.js';
import type { ButtonArgs } from './button-args.js';

/** Newer/Older under `/secgroup history`: the page the button names, in place of the one shown. */
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
      await replacePrivately(respond, await historyPage(deps, ref));
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
