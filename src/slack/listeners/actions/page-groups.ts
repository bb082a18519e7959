import { channelAllowed } from '../../deps.js';
import { decodeGroupsPage } from '../../forms/page-value.js';
import { channelNotAllowedText, userMessageFor } from '../../user-errors.js';
import { groupsPage } from '../commands/list-groups.js';
import { regionToShow } from '../commands/region-argument.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replacePrivately, replyPrivately } from '../reply.js';
import type { ButtonArgs } from './button-args.js';

/** Previous/Next under `/secgroup list`: the page the button names, in place of the one shown. */
export const pageGroups =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const channelId = body.channel?.id;
      if (channelId && !channelAllowed(deps, channelId)) {
        return await replyPrivately(respond, channelNotAllowedText(deps.allowedChannels));
      }
      const ref = decodeGroupsPage(action.value);
      const region = ref ? await regionToShow(deps, ref.region) : undefined;
      if (!ref || !region) {
        return await replyPrivately(respond, 'That page is not valid any more. Run `/secgroup list` again.');
      }
      await replacePrivately(respond, await groupsPage(deps, region, ref.offset));
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
